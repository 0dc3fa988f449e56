from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontpageConfig(AppConfig):
    """The front page: the top layer, which shows the panels the other apps
    register with ``core.registry.front_page_panels``."""

    name = "kompetenceplan.frontpage"
    label = "frontpage"
    verbose_name = _("Forside")

    def ready(self) -> None:
        from . import registration

        registration.register()
