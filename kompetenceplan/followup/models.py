"""Follow-up from the administration to the school leaders: kinds with a
cadence per municipality, and the meetings generated from them for a school
year (docs/followup.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetenceplan.plans.choices import InitiativeLevel

from .choices import FollowupCategory, FollowupScope


class FollowupKind(models.Model):
    """A kind of follow-up with its cadence (times a year), e.g. the school
    centre chief's 1:1 talks with each school leader 4-6 times a year. Kinds
    without a cadence ("løbende opfølgning") are kept but generate no meetings.
    A kind loaded from a plan file keeps the plan, period and wording. A kind
    taken out of use (``active`` False) keeps its meetings but generates none."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="followup_kinds",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    category = models.CharField(_("art"), max_length=30, choices=FollowupCategory.choices)
    scope = models.CharField(
        _("deltagere"),
        max_length=20,
        choices=FollowupScope.choices,
        default=FollowupScope.PER_SCHOOL,
    )
    times_min = models.PositiveSmallIntegerField(_("mindst gange om året"), null=True, blank=True)
    times_max = models.PositiveSmallIntegerField(_("højst gange om året"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("varighed (minutter)"), default=60)
    text = models.TextField(_("planens ordlyd"), blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followup_kinds",
        verbose_name=_("plan"),
    )
    period = models.CharField(_("periode"), max_length=20, blank=True)
    first_year = models.PositiveSmallIntegerField(
        _("første skoleår (startår)"), null=True, blank=True
    )
    last_year = models.PositiveSmallIntegerField(
        _("sidste skoleår (startår)"), null=True, blank=True
    )
    policy = models.CharField(_("politik"), max_length=200, blank=True)
    level = models.CharField(
        _("niveau"), max_length=20, choices=InitiativeLevel.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    #: False: kept for its meetings, but no longer offered for generating.
    active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        verbose_name = _("opfølgningstype")
        verbose_name_plural = _("opfølgningstyper")
        ordering = ["municipality", "first_year", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(times_min__isnull=True)
                | models.Q(times_max__isnull=True)
                | models.Q(times_max__gte=models.F("times_min")),
                name="followupkind_cadence_max_at_least_min",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cadence_label(self) -> str:
        """'4-6 gange om året', '2 gange om året', 'årligt', 'løbende'."""
        if not self.times_max:
            return str(_("løbende (ingen fast kadence)"))
        if self.times_max == 1:
            return str(_("årligt"))
        if self.times_min and self.times_min != self.times_max:
            return str(_("%(low)s-%(high)s gange om året")) % {
                "low": self.times_min,
                "high": self.times_max,
            }
        return str(_("%(count)s gange om året")) % {"count": self.times_max}

    def covers(self, school_year: int) -> bool:
        """Does the kind apply in the school year starting in ``school_year``?"""
        if self.first_year is not None and school_year < self.first_year:
            return False
        return self.last_year is None or school_year <= self.last_year


class FollowupMeeting(models.Model):
    """One follow-up meeting: participants, agenda, notes and the goals and
    initiatives it follows up. Seen only by its participants and the
    administration. ``slot`` makes generation idempotent: one meeting per kind,
    school year, school and number within the year."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="followup_meetings",
        verbose_name=_("kommune"),
    )
    kind = models.ForeignKey(
        FollowupKind, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("type")
    )
    school_year = models.PositiveSmallIntegerField(_("skoleår (startår)"))
    institution = models.ForeignKey(
        "organisation.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followup_meetings",
        verbose_name=_("skole"),
    )
    slot = models.CharField(max_length=60, editable=False)
    title = models.CharField(_("titel"), max_length=250)
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(_("sted"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="followup_meetings", verbose_name=_("deltagere")
    )
    agenda = models.TextField(_("dagsorden"), blank=True)
    notes = models.TextField(_("referat og noter"), blank=True)
    goals = models.TextField(_("mål, der følges op på"), blank=True)
    initiatives = models.ManyToManyField(
        "plans.Initiative",
        blank=True,
        related_name="followup_meetings",
        verbose_name=_("indsatser, der følges op på"),
    )
    #: Cancelled ("aflyst"): kept, struck in the lists and STATUS:CANCELLED in
    #: the calendar; its slot counts as existing when the year is generated again.
    cancelled = models.BooleanField(_("aflyst"), default=False)
    cancel_reason = models.CharField(_("begrundelse for aflysningen"), max_length=500, blank=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opfølgningsmøde")
        verbose_name_plural = _("opfølgningsmøder")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slot"], name="followupmeeting_unique_slot"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="followupmeeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        """The title with "(n/N)": the meeting's place among the meetings of
        the same kind, school year and school that are not cancelled, in date
        order (annotated by ``selectors.with_numbers``; computed, never stored,
        so a lowered cadence or a deleted or cancelled meeting renumbers the
        rest). A cancelled meeting, or one alone, has no number."""
        total = getattr(self, "number_of", None)
        if self.cancelled or not total or total < 2:
            return self.title
        return f"{self.title} ({getattr(self, 'number', 0)}/{total})"

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}/{(self.school_year + 1) % 100:02d}"
