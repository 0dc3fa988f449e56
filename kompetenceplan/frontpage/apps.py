from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class FrontpageConfig(registry.DomainAppConfig):
    """The front page: the top layer, which shows the panels the other apps
    register with ``core.registry.front_page_panels``."""

    name = "kompetenceplan.frontpage"
    label = "frontpage"
    verbose_name = _("Forside")
