from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class FundingConfig(registry.DomainAppConfig):
    name = "kompetenceplan.funding"
    label = "funding"
    verbose_name = _("Økonomi")
