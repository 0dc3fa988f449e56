"""allauth's e-mail page, with one rule added: a user may not make an
unverified address primary (allauth allows it while no address is verified)."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.views import EmailView as AllauthEmailView
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _


class EmailView(AllauthEmailView):
    def _action_primary(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse | None:
        email_address: EmailAddress | None = self._get_email_address(request)
        if email_address is not None and not email_address.verified:
            messages.error(request, _("Kun en bekræftet e-mailadresse kan gøres til den primære."))
            return HttpResponseRedirect(self.get_success_url())
        return super()._action_primary(request, *args, **kwargs)
