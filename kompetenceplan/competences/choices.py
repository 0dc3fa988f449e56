"""The competences' vocabularies, with the Danish words users see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    COMPULSORY = "compulsory", _("Obligatorisk fag")
    ELECTIVE = "elective", _("Valgfag")


class CompetenceLevel(models.TextChoices):
    """Folkeskoleloven § 40 stk. 7: the two levels that count as coverage."""

    FORMAL = "formal", _("Undervisningskompetence")
    ASSESSED = "assessed", _("Tilsvarende kompetence")


class CompetenceBasis(models.TextChoices):
    """What a competence rests on. ``EDUCATION`` is the teacher education's main
    subject (linjefag/undervisningsfag); the rest are bases of the leader's
    assessment of tilsvarende kompetence."""

    EDUCATION = "education", _("Læreruddannelsen (undervisningsfag)")
    KIU_COURSE = "kiu_course", _("KiU-forløb")
    DIPLOMA_MODULE = "diploma_module", _("Diplommodul")
    COMPETENCE_EXAM = "competence_exam", _("Kompetencemålsprøve")
    LONG_COURSE = "long_course", _("Længerevarende kursus")
    EXPERIENCE = "experience", _("Erfaring")


class QualificationKind(models.TextChoices):
    ICDP_1 = "icdp_1", _("ICDP niveau 1")
    ICDP_2 = "icdp_2", _("ICDP niveau 2")
    ICDP_INSPIRED = "icdp_inspired", _("ICDP-inspireret kursus")
    MERIT_PEDAGOGUE = "merit_pedagogue", _("Meritpædagoguddannelse")
    PEDAGOGUE_EDUCATION = "pedagogue_education", _("Pædagoguddannelse")
    PAU_EDUCATION = "pau_education", _("PAU-uddannelse")
    DIPLOMA_MODULE = "diploma_module", _("Diplommodul")
    KIU_COURSE = "kiu_course", _("KiU-forløb (fag)")
    OTHER = "other", _("Anden kvalifikation")


class RuleTrigger(models.TextChoices):
    """When a mandatory rule's clock starts for a person."""

    HIRE_DATE = "hire_date", _("Ansættelsesdato i kommunen")
    ROLE_START = "role_start", _("Start i stillingen")
    FIXED_DATE = "fixed_date", _("En fast dato")


class ComplianceStatus(models.TextChoices):
    DONE = "done", _("Opfyldt")
    OVERDUE = "overdue", _("Overskredet")
    DUE_SOON = "due_soon", _("Forfalder snart")
    DUE = "due", _("Skal gennemføres")
