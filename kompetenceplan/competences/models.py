"""Subjects and their guideline hours, teaching competences, other
qualifications, and the mandatory rules (docs/competences.md)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    CompetenceBasis,
    CompetenceLevel,
    QualificationKind,
    RuleTrigger,
    SubjectKind,
)

SCHOOL_YEAR_RE = r"^[0-9]{4}/[0-9]{2}$"
SCHOOL_YEAR_MESSAGE = _("Skriv skoleåret som 2025/26.")

GRADE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class Subject(models.Model):
    """A folkeskole subject (folkeskoleloven § 5) with the grades it is taught in.

    National reference data like ``JobRole`` (docs/adr/0013): loaded from
    ``competences/data/subjects.csv`` by a data migration. ``in_coverage``
    says whether the ministry's coverage statistics count the subject.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=80, unique=True)
    kind = models.CharField(
        _("type"), max_length=20, choices=SubjectKind.choices, default=SubjectKind.COMPULSORY
    )
    first_grade = models.PositiveSmallIntegerField(_("fra klassetrin"), validators=GRADE_VALIDATORS)
    last_grade = models.PositiveSmallIntegerField(_("til klassetrin"), validators=GRADE_VALIDATORS)
    in_coverage = models.BooleanField(_("indgår i kompetencedækning"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        verbose_name = _("fag")
        verbose_name_plural = _("fag")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_grade__gte=models.F("first_grade")),
                name="subject_grades_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GuidelineTable(models.Model):
    """Vejledende timetal (bilag 1 to folkeskoleloven) in force for a span of
    school years. A new law means a new table, never an edited one."""

    name = models.CharField(_("navn"), max_length=150)
    first_school_year = models.CharField(
        _("gælder fra skoleåret"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(SCHOOL_YEAR_RE, SCHOOL_YEAR_MESSAGE)],
    )
    last_school_year = models.CharField(
        _("gælder til og med skoleåret"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(SCHOOL_YEAR_RE, SCHOOL_YEAR_MESSAGE)],
    )
    source = models.TextField(_("kilde"))
    provisional = models.BooleanField(
        _("foreløbig"),
        default=False,
        help_text=_("Mindst ét tal i tabellen kunne ikke efterprøves mod kilden."),
    )
    notes = models.TextField(_("bemærkninger"), blank=True)

    class Meta:
        verbose_name = _("timetalstabel")
        verbose_name_plural = _("timetalstabeller")
        ordering = ["first_school_year"]

    def __str__(self) -> str:
        return self.name


class GuidelineHours(models.Model):
    """Guideline annual clock hours for one subject and klassetrin."""

    table = models.ForeignKey(
        GuidelineTable, on_delete=models.CASCADE, related_name="hours", verbose_name=_("tabel")
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="guideline_hours", verbose_name=_("fag")
    )
    grade = models.PositiveSmallIntegerField(_("klassetrin"), validators=GRADE_VALIDATORS)
    hours = models.DecimalField(
        _("timer"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    verified = models.BooleanField(_("efterprøvet"), default=True)

    class Meta:
        verbose_name = _("vejledende timetal")
        verbose_name_plural = _("vejledende timetal")
        ordering = ["table", "subject__sort_order", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "subject", "grade"], name="guidelinehours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.grade}. kl.: {self.hours}"


class TeachingCompetence(models.Model):
    """A teacher's competence in a subject: undervisningskompetence (formal) or
    tilsvarende kompetence (the leader's documented assessment). Personal data."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="teaching_competences",
        verbose_name=_("kommune"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="teaching_competences",
        verbose_name=_("medarbejder"),
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="competences", verbose_name=_("fag")
    )
    level = models.CharField(_("niveau"), max_length=20, choices=CompetenceLevel.choices)
    basis = models.CharField(_("grundlag"), max_length=20, choices=CompetenceBasis.choices)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vurderet af (bruger)"),
    )
    assessed_by_name = models.CharField(_("vurderet af"), max_length=150, blank=True)
    assessed_on = models.DateField(
        _("dato"),
        null=True,
        blank=True,
        help_text=_("Fra denne dato tæller kompetencen med i dækningen."),
    )
    note = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        verbose_name = _("undervisningskompetence")
        verbose_name_plural = _("undervisningskompetencer")
        ordering = ["person__last_name", "person__first_name", "subject__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "subject"], name="teachingcompetence_unique_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.subject} ({self.get_level_display()})"


class Qualification(models.Model):
    """Another qualification on a person: ICDP, merit pedagogue, pædagog/PAU
    education, a diploma module, a KiU course in a subject (awaiting the
    leader's assessment), possibly granted by a course completion."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("kommune"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="qualifications",
        verbose_name=_("medarbejder"),
    )
    kind = models.CharField(_("kvalifikation"), max_length=30, choices=QualificationKind.choices)
    title = models.CharField(_("betegnelse"), max_length=200, blank=True)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualifications",
        verbose_name=_("fag"),
    )
    obtained_on = models.DateField(_("opnået"), null=True, blank=True)
    course_completion = models.OneToOneField(
        "cohorts.CourseCompletion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qualification",
        verbose_name=_("gennemført kursus"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )
    recorded_at = models.DateTimeField(_("registreret"), auto_now_add=True)

    class Meta:
        verbose_name = _("kvalifikation")
        verbose_name_plural = _("kvalifikationer")
        ordering = ["person__last_name", "person__first_name", "kind", "obtained_on"]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class CompletionGrant(models.Model):
    """What completing an initiative's cohort gives a person: a qualification
    (ICDP niveau 1 ...) or, for a KiU course, a subject awaiting the leader's
    assessment. Read by the completion hook (cohorts/extensions.py)."""

    initiative = models.OneToOneField(
        "plans.Initiative",
        on_delete=models.CASCADE,
        related_name="completion_grant",
        verbose_name=_("indsats"),
    )
    kind = models.CharField(_("giver"), max_length=30, choices=QualificationKind.choices)
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fag"),
    )

    class Meta:
        verbose_name = _("kvalifikation ved gennemførelse")
        verbose_name_plural = _("kvalifikationer ved gennemførelse")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.get_kind_display()}"

    @property
    def municipality_id(self) -> int:
        return self.initiative.municipality_id


class MandatoryRule(models.Model):
    """A mandatory rule as data: who (job role and/or resource function), from
    when (trigger), by when (deadline in days), and what satisfies it (an
    initiative's course completion or a qualification)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="mandatory_rules",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    job_role = models.ForeignKey(
        "organisation.JobRole",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stilling"),
    )
    resource_function = models.ForeignKey(
        "organisation.ResourceFunction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ressourcefunktion"),
    )
    institution_kinds = models.JSONField(
        _("institutionstyper"),
        default=list,
        blank=True,
        help_text=_("Kun ansættelser på institutioner af disse typer tæller. Tom: alle."),
    )
    trigger = models.CharField(_("udløses af"), max_length=20, choices=RuleTrigger.choices)
    trigger_date = models.DateField(_("fast dato"), null=True, blank=True)
    applies_from = models.DateField(
        _("gælder fra"),
        null=True,
        blank=True,
        help_text=_(
            "Kun medarbejdere, hvis ansættelse eller start i stillingen er på eller efter "
            "denne dato, er omfattet (fx nyansatte fra reglens indførelse)."
        ),
    )
    deadline_days = models.PositiveIntegerField(_("frist i dage"))
    initiative = models.ForeignKey(
        "plans.Initiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandatory_rules",
        verbose_name=_("opfyldes af indsatsen"),
    )
    qualification_kind = models.CharField(
        _("opfyldes af kvalifikationen"),
        max_length=30,
        choices=QualificationKind.choices,
        blank=True,
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("obligatorisk regel")
        verbose_name_plural = _("obligatoriske regler")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_role__isnull=False) | Q(resource_function__isnull=False),
                name="mandatoryrule_has_target",
            ),
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | ~Q(qualification_kind=""),
                name="mandatoryrule_has_satisfier",
            ),
            models.CheckConstraint(
                condition=~Q(trigger="fixed_date") | Q(trigger_date__isnull=False),
                name="mandatoryrule_fixed_date_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def institution_kind_labels(self) -> str:
        from kompetenceplan.organisation.choices import InstitutionKind

        labels = dict(InstitutionKind.choices)
        return ", ".join(str(labels.get(kind, kind)).lower() for kind in self.institution_kinds)


class ComplianceReminder(models.Model):
    """A reminder sent to the leaders about one person's due item: at most one
    per rule, person and due date, so a rerun never sends it twice."""

    rule = models.ForeignKey(
        MandatoryRule, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("regel")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="compliance_reminders",
        verbose_name=_("medarbejder"),
    )
    due_on = models.DateField(_("frist"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    recipients = models.TextField(_("modtagere"), blank=True)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "person", "due_on"], name="compliancereminder_once_per_due_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.person} ({self.due_on})"
