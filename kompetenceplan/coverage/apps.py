from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class CoverageConfig(registry.DomainAppConfig):
    name = "kompetenceplan.coverage"
    label = "coverage"
    verbose_name = _("Kompetencedækning")
