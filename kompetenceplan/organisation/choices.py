from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Område: which part of the children and youth area."""

    SCHOOL = "school", _("Skole")
    DAYCARE = "daycare", _("Dagtilbud")
    CROSS = "cross", _("Tværgående")


class InstitutionKind(models.TextChoices):
    SCHOOL = "skole", _("Skole")
    DAYCARE = "dagtilbud", _("Dagtilbud")
    CHILDMINDING = "dagpleje", _("Dagpleje")
    SFO = "sfo", _("SFO")
    YOUTH_SCHOOL = "ungdomsskole", _("Ungdomsskole")
    COMPETENCE_CENTRE = "kompetencecenter", _("Kompetencecenter")
    ADMINISTRATION = "forvaltning", _("Forvaltning")


# Danish words accepted in import files for the sector column (område).
SECTOR_WORDS = {
    "skole": Sector.SCHOOL,
    "dagtilbud": Sector.DAYCARE,
    "tværgående": Sector.CROSS,
    "tvaergaaende": Sector.CROSS,
}


class RoleCategory(models.TextChoices):
    TEACHING = "teaching", _("Undervisning")
    PEDAGOGICAL = "pedagogical", _("Pædagogisk")
    ASSISTANT = "assistant", _("Medhjælp")
    LEADERSHIP = "leadership", _("Ledelse")
    ADMINISTRATION = "administration", _("Administration")
