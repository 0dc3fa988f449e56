from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class CohortsConfig(registry.DomainAppConfig):
    name = "kompetenceplan.cohorts"
    label = "cohorts"
    verbose_name = _("Hold")
