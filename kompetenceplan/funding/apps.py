from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "kompetenceplan.funding"
    label = "funding"
    verbose_name = _("Økonomi")

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the permission scopes)
            registration,
        )

        registration.register()
