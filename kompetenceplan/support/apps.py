from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class SupportConfig(registry.DomainAppConfig):
    name = "kompetenceplan.support"
    label = "support"
    verbose_name = _("Henvendelser og ansøgninger")
