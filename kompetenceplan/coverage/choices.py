"""The coverage's vocabularies, with the Danish words users see."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassKind(models.TextChoices):
    """Only normal classes count in kompetencedækning."""

    NORMAL = "normal", _("Normalklasse")
    SPECIAL = "special", _("Specialklasse")
    RECEPTION = "reception", _("Modtagelsesklasse")


class GradeBand(models.TextChoices):
    ALL = "all", _("Alle klassetrin")
    EARLY = "early", _("Indskoling (1.-3.)")
    MIDDLE = "middle", _("Mellemtrin (4.-6.)")
    LATE = "late", _("Udskoling (7.-10.)")


#: Klassetrin per grade band; the børnehaveklasse (0) is in none.
GRADE_BANDS: dict[str, tuple[int, ...]] = {
    GradeBand.EARLY: (1, 2, 3),
    GradeBand.MIDDLE: (4, 5, 6),
    GradeBand.LATE: (7, 8, 9, 10),
}


def grade_band_of(grade: int) -> str | None:
    for band, grades in GRADE_BANDS.items():
        if grade in grades:
            return band
    return None


class CourseKind(models.TextChoices):
    """The planner's ways of upskilling a teacher in a subject."""

    KIU = "kiu", _("KiU (fuldt fagforløb)")
    SUPPLEMENTARY = "supplementary", _("Supplerende kursus")
    COMPETENCE_EXAM = "competence_exam", _("Kompetencemålsprøve")


class NominationStatus(models.TextChoices):
    """A KiU nomination's way from the planner's recommendation to a course."""

    NOMINATED = "nominated", _("Indstillet")
    APPROVED = "approved", _("Godkendt")
    DECLINED = "declined", _("Afvist")
    COMPLETED = "completed", _("Gennemført")
