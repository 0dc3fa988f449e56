from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry


class CompetencesConfig(registry.DomainAppConfig):
    name = "kompetenceplan.competences"
    label = "competences"
    verbose_name = _("Kompetencer")
