"""Writes to users."""

from django.db import transaction

from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction, Role

from .models import User


def user_upsert(
    *,
    actor,
    username: str,
    municipality,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    institutions=(),
    person=None,
) -> User:
    """Create or update a user by username (idempotent; used by the demo loader
    and by administrators). The password is only set when given."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        before = None if created else snapshot(user, exclude=["password", "last_login"])
        if created:
            user = User(username=username)
        user.municipality = municipality
        user.role = role
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.person = person
        if password and (created or not user.check_password(password)):
            user.set_password(password)
        user.save()
        user.institutions.set(list(institutions))
        after = snapshot(user, exclude=["password", "last_login"])
        log_change(
            actor=actor,
            obj=user,
            action=ChangeAction.CREATE if created else ChangeAction.UPDATE,
            before=before,
            after=after,
        )
    return user
