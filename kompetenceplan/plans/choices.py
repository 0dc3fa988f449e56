from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    SCHOOL_YEARS = "school_years", _("Skoleår")
    CALENDAR_YEARS = "calendar_years", _("Kalenderår")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Udkast")
    ADOPTED = "adopted", _("Vedtaget")


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ONGOING = "ongoing", _("I gang")
    COMPLETED = "completed", _("Afsluttet")
    CANCELLED = "cancelled", _("Aflyst")


class BeaconLevel(models.TextChoices):
    STAFF = "staff", _("Medarbejdere")
    PEDAGOGICAL_LEADERSHIP = "pedagogical_leadership", _("Pædagogisk ledelse")
    ADMINISTRATION = "administration", _("Forvaltning")


class InitiativeLevel(models.TextChoices):
    """Who an initiative is aimed at, where the plan says so (seed 004:
    "Medarbejderniveau" / "Ledelsesniveau"); blank where it does not."""

    STAFF = "staff", _("Medarbejderniveau")
    LEADERSHIP = "leadership", _("Ledelsesniveau")
