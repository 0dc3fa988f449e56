"""Cohorts (hold), their sessions (kursusgange), enrolments with waitlists, and
the school holidays a municipality plans around."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core.formatting import long_date

from .choices import ACTIVE_STATUSES, EnrolmentMode, EnrolmentStatus, SessionKind

SCHOOL_YEAR_RE = r"^[0-9]{4}/[0-9]{2}$"


class SchoolHoliday(models.Model):
    """Skoleferie: a holiday the municipality's schools keep (vinterferie,
    efterårsferie ...). Sessions in one are warned about, not refused."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="school_holidays",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=100)
    start = models.DateField(_("første dag"))
    end = models.DateField(_("sidste dag"))

    class Meta:
        verbose_name = _("skoleferie")
        verbose_name_plural = _("skoleferier")
        ordering = ["start", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name", "start"], name="school_holiday_unique_per_start"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="school_holiday_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Cohort(models.Model):
    """Hold: one run of an initiative for a group of participants in a school
    year ("et hold à 25 lærere"), with its capacity, the minimum it needs to
    run, who may enrol, a deadline, a provider and a place."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="cohorts",
        verbose_name=_("kommune"),
    )
    initiative = models.ForeignKey(
        "plans.Initiative",
        on_delete=models.CASCADE,
        related_name="cohorts",
        verbose_name=_("indsats"),
    )
    name = models.CharField(_("navn"), max_length=150)
    school_year = models.CharField(
        _("skoleår"),
        max_length=7,
        validators=[RegexValidator(SCHOOL_YEAR_RE, _("Skriv skoleåret som 2025/26."))],
    )
    capacity = models.PositiveIntegerField(_("antal pladser"), validators=[MinValueValidator(1)])
    minimum = models.PositiveIntegerField(_("mindste antal deltagere"), default=0)
    enrolment_mode = models.CharField(
        _("tilmelding"), max_length=12, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    enrolment_deadline = models.DateField(_("tilmeldingsfrist"), null=True, blank=True)
    provider = models.CharField(_("udbyder"), max_length=200, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        verbose_name=_("ansvarlig"),
    )
    note = models.TextField(_("bemærkning"), blank=True)
    min_sessions_attended = models.PositiveIntegerField(
        _("gennemført ved fremmøde til"),
        null=True,
        blank=True,
        help_text=_("Antal kursusgange; tomt: alle."),
    )
    completed_at = models.DateTimeField(_("gennemførelse registreret"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gennemførelse registreret af"),
    )

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("hold")
        ordering = ["-school_year", "initiative__sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "school_year", "name"],
                name="cohort_unique_name_per_initiative_year",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(minimum__lte=F("capacity")), name="cohort_minimum_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.school_year})"


class Session(models.Model):
    """Kursusgang: one dated meeting of a cohort (a course day, a morning, an
    after-work meeting ...). ``practice_after`` describes the prøvehandling
    period between this session and the next, shown as such."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("hold")
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=SessionKind.choices, default=SessionKind.COURSE_DAY
    )
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    hours = models.DecimalField(
        _("timer"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    online_url = models.URLField(_("onlinelink"), blank=True)
    practice_after = models.TextField(_("prøvehandling efter kursusgangen"), blank=True)
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        verbose_name = _("kursusgang")
        verbose_name_plural = _("kursusgange")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0), name="session_hours_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.cohort.name}: {long_date(timezone.localtime(self.starts_at).date())}"

    @property
    def municipality_id(self) -> int:
        return self.cohort.municipality_id


class Enrolment(models.Model):
    """Tilmelding: a person's place on a cohort, from the request to the
    completion. ``waitlist_position`` (1 first) is set only while waitlisted;
    every change of status is kept in :class:`EnrolmentEvent` with who and when."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("hold")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("medarbejder"),
    )
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    waitlist_position = models.PositiveIntegerField(
        _("plads på ventelisten"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    status_changed_at = models.DateTimeField(_("status ændret"))
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status ændret af"),
    )
    override_reason = models.TextField(_("begrundelse for undtagelse fra målgruppen"), blank=True)

    class Meta:
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        ordering = ["cohort", "status", "waitlist_position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="enrolment_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["cohort", "waitlist_position"], name="enrolment_unique_waitlist_position"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EnrolmentStatus.WAITLISTED, waitlist_position__gte=1)
                    | (~Q(status=EnrolmentStatus.WAITLISTED) & Q(waitlist_position__isnull=True))
                ),
                name="enrolment_waitlist_position_iff_waitlisted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.cohort}"

    @property
    def municipality_id(self) -> int:
        return self.cohort.municipality_id


class EnrolmentEvent(models.Model):
    """One change of an enrolment's status: from what, to what, who, when."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="events", verbose_name=_("tilmelding")
    )
    from_status = models.CharField(
        _("fra"), max_length=12, choices=EnrolmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("til"), max_length=12, choices=EnrolmentStatus.choices)
    at = models.DateTimeField(_("tidspunkt"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("udført af"),
    )
    note = models.CharField(_("bemærkning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tilmeldingshændelse")
        verbose_name_plural = _("tilmeldingshændelser")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.get_to_status_display()}"


class Attendance(models.Model):
    """Fremmøde: whether one enrolled person was at one session, who recorded
    it and when. Everyone enrolled is present unless ticked absent."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("kursusgang")
    )
    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("tilmelding"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("medarbejder"),
    )
    present = models.BooleanField(_("til stede"), default=True)
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )

    class Meta:
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøder")
        ordering = ["session", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"], name="attendance_unique_per_session_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class CourseCompletion(models.Model):
    """Gennemført kursus: kept on the person when an enrolment is completed by
    the cohort's rule. It outlives the cohort (the title and hours are copied)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("kommune"),
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="course_completions",
        verbose_name=_("medarbejder"),
    )
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completion",
        verbose_name=_("tilmelding"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
        verbose_name=_("hold"),
    )
    initiative_title = models.CharField(_("indsats"), max_length=300)
    cohort_name = models.CharField(_("hold"), max_length=170)
    hours = models.DecimalField(_("timer deltaget"), max_digits=6, decimal_places=2)
    completed_on = models.DateField(_("gennemført"))
    recorded_at = models.DateTimeField(_("registreret"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )

    class Meta:
        verbose_name = _("gennemført kursus")
        verbose_name_plural = _("gennemførte kurser")
        ordering = ["-completed_on", "initiative_title", "id"]

    def __str__(self) -> str:
        return f"{self.person}: {self.initiative_title} ({self.cohort_name})"


# --- spending (docs/cohorts.md, "Udgifter") ---------------------------------------------


class ExpenseKind(models.TextChoices):
    PROVIDER_FEE = "provider_fee", _("honorar til udbyder")
    SUBSTITUTES = "substitutes", _("vikartimer")
    VENUE = "venue", _("lokaler og forplejning")
    MATERIALS = "materials", _("materialer")
    OTHER = "other", _("andet")


class Expense(models.Model):
    """Udgift: an actual cost of a cohort, spent against one of its
    initiative's allocations (bevillinger)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="expenses", verbose_name=_("hold")
    )
    allocation = models.ForeignKey(
        "funding.Allocation",
        on_delete=models.PROTECT,
        related_name="expenses",
        verbose_name=_("bevilling"),
    )
    kind = models.CharField(_("art"), max_length=20, choices=ExpenseKind.choices)
    amount = models.DecimalField(_("beløb (kr.)"), max_digits=12, decimal_places=2)
    date = models.DateField(_("dato"))
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )

    class Meta:
        verbose_name = _("udgift")
        verbose_name_plural = _("udgifter")
        ordering = ["cohort", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expense_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_kind_display()}"

    @property
    def municipality_id(self) -> int:
        return self.cohort.municipality_id


class SubstituteRate(models.Model):
    """Vikartimesats: what one hour of a substitute for a job role costs the
    municipality in a year (the cohort's substitute cost estimate)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="substitute_rates",
        verbose_name=_("kommune"),
    )
    job_role = models.ForeignKey(
        "organisation.JobRole",
        on_delete=models.CASCADE,
        related_name="substitute_rates",
        verbose_name=_("stilling"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    hourly_rate = models.DecimalField(_("kr. pr. time"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("vikartimesats")
        verbose_name_plural = _("vikartimesatser")
        ordering = ["-year", "job_role__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "job_role", "year"], name="substitute_rate_unique"
            ),
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="substitute_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_role} {self.year}"


from .outbox import Invitation, InvitationMethod  # noqa: E402,F401  (the invitation outbox)


class RolloutCriterion(models.TextChoices):
    """What counts as having taken part in a rollout (docs/cohorts.md, "Udrulning")."""

    SEATED = "seated", _("Har fået plads på et hold")
    COMPLETED = "completed", _("Har gennemført et hold")


class RolloutTarget(models.Model):
    """Udrulningsmål: an initiative's reach target ("Over en fireårig periode:
    alle lærere"): the target group (job roles at institutions of some kinds
    or a sector) and a period of school years. Progress is measured against a
    straight-line plan (:func:`kompetenceplan.cohorts.rollouts.rollout_progress`).

    It lives in cohorts, not on the initiative: plans sits below cohorts in the
    layers, and the measure (enrolments) is the cohorts'."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="rollout_targets",
        verbose_name=_("kommune"),
    )
    initiative = models.OneToOneField(
        "plans.Initiative",
        on_delete=models.CASCADE,
        related_name="rollout_target",
        verbose_name=_("indsats"),
    )
    target_roles = models.ManyToManyField(
        "organisation.JobRole", related_name="+", verbose_name=_("stillinger i målgruppen")
    )
    institution_kinds = models.JSONField(
        _("institutionstyper"), default=list, blank=True, help_text=_("Tomt: alle typer.")
    )
    sector = models.CharField(_("område"), max_length=10, blank=True)
    first_school_year = models.CharField(
        _("første skoleår"),
        max_length=7,
        validators=[RegexValidator(SCHOOL_YEAR_RE, _("Skriv skoleåret som 2025/26."))],
    )
    school_years = models.PositiveIntegerField(
        _("antal skoleår"), validators=[MinValueValidator(1)]
    )
    criterion = models.CharField(
        _("deltaget betyder"),
        max_length=12,
        choices=RolloutCriterion.choices,
        default=RolloutCriterion.SEATED,
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oprettet af"),
    )
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ændret af"),
    )

    class Meta:
        verbose_name = _("udrulningsmål")
        verbose_name_plural = _("udrulningsmål")
        constraints = [
            models.CheckConstraint(
                condition=Q(school_years__gte=1), name="rollout_target_school_years_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.initiative)
