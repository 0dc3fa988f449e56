from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

EMAIL_TAKEN_MESSAGE_CODE = "email_taken"


def email_held_by_another(email: str, user: Any) -> bool:
    """True when an account other than ``user`` holds ``email`` (case-insensitive),
    as its User.email or as one of its allauth EmailAddress rows."""
    other_users = get_user_model().objects.filter(email__iexact=email)
    other_addresses = EmailAddress.objects.filter(email__iexact=email)
    if user is not None and getattr(user, "pk", None) is not None:
        other_users = other_users.exclude(pk=user.pk)
        other_addresses = other_addresses.exclude(user_id=user.pk)
    return other_users.exists() or other_addresses.exists()


def login_user_pk(login: str) -> int | None:
    """The pk of the one account a login string (username or e-mail) resolves to."""
    login = (login or "").strip()
    if not login:
        return None
    users = get_user_model().objects
    if "@" in login:
        pks = set(users.filter(email__iexact=login).values_list("pk", flat=True))
        pks |= set(
            EmailAddress.objects.filter(email__iexact=login).values_list("user_id", flat=True)
        )
    else:
        pks = set(users.filter(username__iexact=login).values_list("pk", flat=True))
    return pks.pop() if len(pks) == 1 else None


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Accounts are created by administrators or single sign-on, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def clean_email(self, email: str) -> str:
        """An address is unique per account across the installation: refuse one
        another account holds, without saying whose it is."""
        email = super().clean_email(email)
        user = getattr(self.request, "user", None)
        if email_held_by_another(email, user):
            raise ValidationError(
                _("Denne e-mailadresse kan ikke bruges. Vælg en anden adresse."),
                code=EMAIL_TAKEN_MESSAGE_CODE,
            )
        return email

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """The failed-login counter is the account's, whether its username or its
        e-mail was typed (allauth keys it on the string typed)."""
        login = credentials.get("email", credentials.get("username", ""))
        pk = login_user_pk(login)
        if pk is not None:
            return f"account:{pk}"
        return str(super()._get_login_attempts_cache_key(request, **credentials))
