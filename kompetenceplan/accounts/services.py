"""Writes to users."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor

from .models import User


def user_upsert(
    *,
    actor: Actor,
    username: str,
    municipality: Municipality | None,
    role: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    institutions: Iterable[Any] = (),  # organisation.Institution (a layer above)
    person: Any = None,  # organisation.Person or None
) -> User:
    """Create or update a user by username (idempotent; used by the demo loader
    and by administrators). The password is only set when given."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(username=username).first()
        created = existing is None
        before = (
            None if existing is None else snapshot(existing, exclude=["password", "last_login"])
        )
        user = User(username=username) if existing is None else existing
        user.municipality = municipality
        user.role = role
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.person = person
        if password and (created or not user.check_password(password)):
            user.set_password(password)
        user.save()
        user.institutions.set(list(institutions))
        log_saved(actor=actor, obj=user, before=before, exclude=["password", "last_login"])
    return user
