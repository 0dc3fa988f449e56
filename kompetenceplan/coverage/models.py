"""Classes and lesson allocation (fagfordeling), coverage targets, and the
planner's course options (docs/coverage.md)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetenceplan.competences.models import (
    GRADE_VALIDATORS,
    SCHOOL_YEAR_MESSAGE,
    SCHOOL_YEAR_RE,
)

from .choices import ClassKind, CourseKind, GradeBand, NominationStatus


class SchoolClass(models.Model):
    """A class at a school in one school year (5.A, klassetrin 5, normal)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="school_classes",
        verbose_name=_("kommune"),
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        related_name="school_classes",
        verbose_name=_("skole"),
    )
    school_year = models.CharField(
        _("skoleår"), max_length=7, validators=[RegexValidator(SCHOOL_YEAR_RE, SCHOOL_YEAR_MESSAGE)]
    )
    name = models.CharField(_("klasse"), max_length=40)
    grade = models.PositiveSmallIntegerField(_("klassetrin"), validators=GRADE_VALIDATORS)
    kind = models.CharField(
        _("klassetype"), max_length=20, choices=ClassKind.choices, default=ClassKind.NORMAL
    )

    class Meta:
        verbose_name = _("klasse")
        verbose_name_plural = _("klasser")
        ordering = ["institution__name", "school_year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "school_year", "name"], name="schoolclass_unique_name"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "school_year"])]

    def __str__(self) -> str:
        return self.name


class LessonAllocation(models.Model):
    """Fagfordeling: a teacher's planned hours in one class and subject in the
    school year. Personal data (who teaches what)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="lesson_allocations",
        verbose_name=_("kommune"),
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("klasse")
    )
    subject = models.ForeignKey(
        "competences.Subject",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("fag"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="lesson_allocations",
        verbose_name=_("lærer"),
    )
    hours = models.DecimalField(
        _("timer"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("fagfordeling")
        verbose_name_plural = _("fagfordeling")
        ordering = ["school_class", "subject__sort_order", "-hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_class", "subject", "person"], name="lessonallocation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} {self.subject}: {self.person} ({self.hours})"


class CoverageTarget(models.Model):
    """A municipality's coverage target for a school year and grade band
    (``all`` when the target holds for every grade)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="coverage_targets",
        verbose_name=_("kommune"),
    )
    school_year = models.CharField(
        _("skoleår"), max_length=7, validators=[RegexValidator(SCHOOL_YEAR_RE, SCHOOL_YEAR_MESSAGE)]
    )
    grade_band = models.CharField(
        _("klassetrin"), max_length=10, choices=GradeBand.choices, default=GradeBand.ALL
    )
    percent = models.DecimalField(
        _("mål i procent"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    achieved = models.BooleanField(_("nået ifølge planen"), default=False)
    source = models.TextField(_("kilde"), blank=True)

    class Meta:
        verbose_name = _("dækningsmål")
        verbose_name_plural = _("dækningsmål")
        ordering = ["school_year", "grade_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "school_year", "grade_band"],
                name="coveragetarget_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.get_grade_band_display()}: {self.percent} %"


class CourseOption(models.Model):
    """A way to upskill a teacher in a subject, with its price and duration,
    as the planner offers it. ``subject`` empty means any subject."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="course_options",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=CourseKind.choices)
    subject = models.ForeignKey(
        "competences.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fag"),
    )
    price = models.DecimalField(
        _("pris pr. deltager (kr.)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    duration_hours = models.DecimalField(
        _("varighed (timer)"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    ects = models.DecimalField(_("ECTS"), max_digits=4, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("kursusmulighed")
        verbose_name_plural = _("kursusmuligheder")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="courseoption_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KiuNomination(models.Model):
    """A teacher put forward for a KiU course (or another course option) in a
    subject for a school year, typically from the planner's recommendation.
    Personal data (who is to be upskilled)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="kiu_nominations",
        verbose_name=_("kommune"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="kiu_nominations",
        verbose_name=_("lærer"),
    )
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.CASCADE,
        related_name="kiu_nominations",
        verbose_name=_("skole"),
    )
    subject = models.ForeignKey(
        "competences.Subject",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fag"),
    )
    school_year = models.CharField(
        _("skoleår"), max_length=7, validators=[RegexValidator(SCHOOL_YEAR_RE, SCHOOL_YEAR_MESSAGE)]
    )
    course_option = models.ForeignKey(
        CourseOption,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("kursusmulighed"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
    )
    note = models.TextField(_("bemærkning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indstillet af"),
    )
    created_at = models.DateTimeField(_("indstillet"), auto_now_add=True)

    class Meta:
        verbose_name = _("KiU-indstilling")
        verbose_name_plural = _("KiU-indstillinger")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "subject", "school_year"], name="kiunomination_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.subject} ({self.school_year})"
