from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "kompetenceplan.reports"
    label = "reports"
    verbose_name = _("Rapporter og dokumenter")

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the permission scopes)
            registration,
        )

        registration.register()
