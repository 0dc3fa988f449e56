from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Accounts are created by administrators or single sign-on, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
