"""The plan: policies, focus areas, beacons, principles and the catalogue of
numbered initiatives with structured target group and time estimate."""

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompetenceplan.organisation.choices import Sector

from .choices import BeaconLevel, InitiativeLevel, InitiativeStatus, PeriodKind, PlanStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a dev dependency: types only


def _hours_field(
    verbose_name: "StrOrPromise", *, max_digits: int
) -> "models.DecimalField[Any, Any]":
    """An optional, non-negative number of hours or days (two decimals)."""
    return models.DecimalField(
        verbose_name,
        max_digits=max_digits,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class Policy(models.Model):
    """A political policy or strategy the plans serve (børne- og ungepolitik,
    uddannelsesmanifest, strategi for Stærke Fællesskaber ...)."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="policies",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("politik")
        verbose_name_plural = _("politikker")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="policy_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """Kompetenceudviklingsplan / kompetencekatalog for a period."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("kommune"),
    )
    slug = models.SlugField(_("kortnavn"), max_length=80)
    title = models.CharField(_("titel"), max_length=250)
    sectors = models.JSONField(
        _("områder"), default=list, help_text=_("school, daycare og/eller cross")
    )
    period_kind = models.CharField(_("periodetype"), max_length=20, choices=PeriodKind.choices)
    period_start = models.PositiveSmallIntegerField(_("periode fra (år)"))
    period_end = models.PositiveSmallIntegerField(_("periode til (år)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    presented_to = models.JSONField(_("forelægges for"), default=list, blank=True)
    committee_date = models.DateField(_("forelagt udvalget"), null=True, blank=True)
    fallesmed_date = models.DateField(_("forelagt FællesMED"), null=True, blank=True)
    introduction = models.TextField(_("indledning"), blank=True)
    notes = models.TextField(_("noter"), blank=True)
    policies = models.ManyToManyField(
        Policy, blank=True, related_name="plans", verbose_name=_("politikker")
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopieret fra"),
    )
    source_hash = models.CharField(
        _("kildefilens fingeraftryk"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="plan_unique_slug_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        """'2024/25–2025/26' for school years, '2024–2026' for calendar years."""
        if self.period_kind == PeriodKind.SCHOOL_YEARS:
            first = f"{self.period_start}/{(self.period_start + 1) % 100:02d}"
            if self.period_end is None:
                return f"{first}–"
            if self.period_end == self.period_start:
                return first
            return f"{first}–{self.period_end}/{(self.period_end + 1) % 100:02d}"
        if self.period_end is None:
            return f"{self.period_start}–"
        if self.period_end == self.period_start:
            return str(self.period_start)
        return f"{self.period_start}–{self.period_end}"

    @property
    def short_label(self) -> str:
        """The plan in a few words, for lists that name the plan on every row:
        its area and period ("Skole 2024/25–2025/26", "Dagtilbud 2024–2026";
        "Tværgående" for a plan of several areas). Derived, not stored
        (docs/adr/0011-plan-page-and-short-labels.md)."""
        area = dict(Sector.choices).get(self.sector, self.sector)
        return f"{area} {self.period_label}"

    @property
    def calendar_years(self) -> list[int]:
        """Calendar years the plan touches (budgets are per calendar year)."""
        end = self.period_end if self.period_end is not None else self.period_start
        if self.period_kind == PeriodKind.SCHOOL_YEARS:
            end += 1
        return list(range(self.period_start, end + 1))

    @property
    def sector(self) -> str:
        """One word for the export: school, daycare or cross."""
        sectors = set(self.sectors or [])
        return next(iter(sectors)) if len(sectors) == 1 else Sector.CROSS


class PlanSection(models.Model):
    """A general chapter of the plan (Økonomi, Proces, Fælles kalender ...)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("overskrift"), max_length=250)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("afsnit")
        verbose_name_plural = _("afsnit")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title


class FocusArea(models.Model):
    """Indsatsområde / overskrift, with its 'Sådan ser ... ud' statements."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    number = models.CharField(_("nummer"), max_length=10)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    statements_heading = models.CharField(_("overskrift for udsagn"), max_length=200, blank=True)
    statements = models.JSONField(_("udsagn"), default=list, blank=True)

    class Meta:
        verbose_name = _("indsatsområde")
        verbose_name_plural = _("indsatsområder")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"], name="focusarea_unique_number_per_plan"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Beacon(models.Model):
    """Pejlemærke for one level (Horsens)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="beacons", verbose_name=_("plan")
    )
    level = models.CharField(_("niveau"), max_length=30, choices=BeaconLevel.choices)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=250, blank=True)
    text = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("pejlemærke")
        verbose_name_plural = _("pejlemærker")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title or self.text[:60]


class Principle(models.Model):
    """A principle for competence development (research-informed, practice-near ...)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="principles", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=250)
    text = models.TextField(_("tekst"), blank=True)

    class Meta:
        verbose_name = _("princip")
        verbose_name_plural = _("principper")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.title


class Method(models.Model):
    """Metode: co-teaching, aktionslæring, observation/feedback, supervision ...

    A municipality's own words, created by its plans' data files
    (docs/adr/0013-reference-data-per-municipality.md); read through
    ``selectors.methods_of``.
    """

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="methods",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=120)

    class Meta:
        verbose_name = _("metode")
        verbose_name_plural = _("metoder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="method_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    """Indsats / forløb, numbered within its plan (1.1, 2.3 ...), or without a
    number where the plan prints none (seed 004): then ``display_order`` keeps
    its place, and ``sort_key`` puts it after the numbered ones in that order.

    Target group and time estimate are kept both as the plan's original wording
    and as structured fields; ``time_undetermined`` records "ikke fastlagt".
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("plan")
    )
    number = models.CharField(_("nummer"), max_length=10, blank=True)
    display_order = models.PositiveIntegerField(
        _("rækkefølge"),
        default=0,
        help_text=_("Placering i planen, når indsatsen ikke har et nummer"),
    )
    level = models.CharField(
        _("niveau"), max_length=20, choices=InitiativeLevel.choices, blank=True
    )
    sort_key = models.CharField(max_length=40, editable=False, db_index=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("indsatsområde"),
    )
    title = models.CharField(_("titel"), max_length=250)
    background = models.TextField(_("baggrund"), blank=True)
    # Target group (målgruppe)
    target_group_text = models.TextField(_("målgruppe (planens ordlyd)"), blank=True)
    target_roles = models.ManyToManyField(
        "organisation.JobRole",
        blank=True,
        related_name="+",
        verbose_name=_("stillinger i målgruppen"),
    )
    target_functions = models.ManyToManyField(
        "organisation.ResourceFunction",
        blank=True,
        related_name="+",
        verbose_name=_("ressourcefunktioner i målgruppen"),
    )
    target_institution_kinds = models.JSONField(
        _("institutionstyper i målgruppen"), default=list, blank=True
    )
    target_institutions = models.ManyToManyField(
        "organisation.Institution",
        blank=True,
        related_name="+",
        verbose_name=_("institutioner i målgruppen"),
    )
    cohort_size = models.PositiveIntegerField(_("holdstørrelse"), null=True, blank=True)
    reach = models.CharField(_("rækkevidde på sigt"), max_length=250, blank=True)
    # Time estimate (estimeret tidsforbrug)
    time_text = models.TextField(_("tidsforbrug (planens ordlyd)"), blank=True)
    time_undetermined = models.BooleanField(_("tidsforbrug ikke fastlagt"), default=False)
    sessions = models.PositiveSmallIntegerField(_("antal gange"), null=True, blank=True)
    hours_per_session = _hours_field(_("timer pr. gang"), max_digits=6)
    days = _hours_field(_("dage"), max_digits=6)
    hours_per_participant = _hours_field(_("timer pr. deltager"), max_digits=7)
    hours_per_institution = _hours_field(_("timer pr. institution"), max_digits=7)
    methods = models.ManyToManyField(
        Method, blank=True, related_name="initiatives", verbose_name=_("metoder")
    )
    themes = models.JSONField(_("temaer"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PLANNED,
    )
    status_note = models.TextField(_("statusnote"), blank=True)
    responsible = models.CharField(_("ansvarlig (tekst)"), max_length=250, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("ansvarlig konsulent"),
    )
    partners = models.JSONField(_("samarbejdspartnere og udbydere"), default=list, blank=True)
    policies = models.ManyToManyField(
        Policy, blank=True, related_name="initiatives", verbose_name=_("politikker")
    )
    economy_text = models.TextField(_("økonomi (planens ordlyd)"), blank=True)

    class Meta:
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                condition=~models.Q(number=""),
                name="initiative_unique_number_per_plan",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "1.1 Title", or the title alone for an initiative without a number."""
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def municipality_id(self) -> int:
        return self.plan.municipality_id

    @property
    def load_key(self) -> str:
        """How a reload of the plan file finds this initiative (:func:`initiative_load_key`)."""
        return initiative_load_key(self.number, self.display_order)


def initiative_load_key(number: str, display_order: int) -> str:
    """How a reload of a plan file finds an initiative again: by its number,
    or (without one) by its place in the file ("#3")."""
    return number or f"#{display_order}"


def plan_item_number(item: dict[str, Any]) -> str:
    """The printed number of a plan file's initiative; "" when it has none."""
    number = item.get("number")
    return "" if number is None else str(number).strip()


def plan_item_keys(items: list[dict[str, Any]]) -> list[str]:
    """The load keys of a plan file's initiatives, in file order (the display
    order starts at 1)."""
    return [
        initiative_load_key(plan_item_number(item), order)
        for order, item in enumerate(items, start=1)
    ]


#: Numberless initiatives sort after every numbered one, by their display order.
NUMBERLESS_SORT_PREFIX = "9999"


def number_sort_key(number: str, display_order: int = 0) -> str:
    """'2.10' sorts after '2.9': zero-pad every numeric part. An initiative
    without a number sorts after the numbered ones by its display order
    ('9999.0003')."""
    if not number.strip():
        return f"{NUMBERLESS_SORT_PREFIX}.{display_order:06d}"
    parts = []
    for part in number.replace(",", ".").split("."):
        parts.append(part.zfill(4) if part.isdigit() else part)
    return ".".join(parts)[:40]
