from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "kompetenceplan.plans"
    label = "plans"
    verbose_name = _("Planer og indsatser")

    def ready(self) -> None:
        from . import (
            permissions,  # noqa: F401  (registers the permission scopes)
            registration,
        )

        registration.register()
