from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class ReportsConfig(registry.DomainAppConfig):
    name = "kompetenceplan.reports"
    label = "reports"
    verbose_name = _("Rapporter og dokumenter")
