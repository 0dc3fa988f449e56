"""Funding sources (puljer) with yearly amounts and earmarks, and the
allocations (bevillinger) of money from a source to an initiative in a year."""

from typing import TypedDict

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EarmarkKind, SourceKind


class _MoneyField(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _MoneyField = {"max_digits": 14, "decimal_places": 2}


class FundingSource(models.Model):
    """Pulje / finansieringskilde. ``capped`` sources have amounts that
    allocations may not exceed; uncapped ones (the institutions' own budgets,
    "inden for eksisterende ressourcer", pools whose size the plan does not
    state) only record where money comes from."""

    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.CASCADE,
        related_name="funding_sources",
        verbose_name=_("kommune"),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=SourceKind.choices)
    description = models.TextField(_("beskrivelse"), blank=True)
    capped = models.BooleanField(
        _("har loft"),
        default=True,
        help_text=_("Bevillinger må ikke overstige kildens beløb uden en logget godkendelse."),
    )

    class Meta:
        verbose_name = _("finansieringskilde")
        verbose_name_plural = _("finansieringskilder")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="fundingsource_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SourcePart:
    """A row that belongs to a funding source (an amount, an earmark, an
    allocation): it lives in the source's municipality."""

    source: FundingSource

    @property
    def municipality_id(self) -> int:
        return self.source.municipality_id


class FundingBudget(SourcePart, models.Model):
    """The amount a source has: for a calendar year, or (``year`` empty) for a
    period the plan states otherwise (e.g. "2024/2025 og 2025/2026")."""

    source = models.ForeignKey(
        FundingSource, on_delete=models.CASCADE, related_name="budgets", verbose_name=_("kilde")
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    label = models.CharField(_("periode"), max_length=60, blank=True)
    amount = models.DecimalField(_("beløb (kr.)"), validators=[MinValueValidator(0)], **MONEY)
    note = models.TextField(_("kilde i planen"), blank=True)

    class Meta:
        verbose_name = _("kildebeløb")
        verbose_name_plural = _("kildebeløb")
        ordering = ["source", "year", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "label"],
                condition=Q(year__isnull=False),
                name="fundingbudget_unique_year",
            ),
            models.UniqueConstraint(
                fields=["source", "label"],
                condition=Q(year__isnull=True),
                name="fundingbudget_unique_undated_label",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="fundingbudget_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}: {self.label or self.year}"


class Earmark(SourcePart, models.Model):
    """A rule on what a source may fund, as data: either a list of allowed
    purposes, or a maximum share of a year's amount for one purpose."""

    source = models.ForeignKey(
        FundingSource, on_delete=models.CASCADE, related_name="earmarks", verbose_name=_("kilde")
    )
    kind = models.CharField(_("type"), max_length=20, choices=EarmarkKind.choices)
    purposes = models.JSONField(_("tilladte formål"), default=list, blank=True)
    purpose = models.CharField(_("formål"), max_length=200, blank=True)
    percent = models.DecimalField(
        _("højst procent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    text = models.TextField(_("ordlyd"), blank=True)

    class Meta:
        verbose_name = _("øremærkning")
        verbose_name_plural = _("øremærkninger")
        ordering = ["source", "id"]

    def __str__(self) -> str:
        return f"{self.source}: {self.get_kind_display()}"


class Allocation(SourcePart, models.Model):
    """Bevilling: money from a source to an initiative, for a calendar year
    (or, ``year`` empty, for the plan period as a whole). An empty ``amount``
    records that a source funds the initiative without a stated amount."""

    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("kilde")
    )
    initiative = models.ForeignKey(
        "plans.Initiative",
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("indsats"),
    )
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    amount = models.DecimalField(_("beløb (kr.)"), null=True, blank=True, **MONEY)
    purpose = models.CharField(_("formål"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    note = models.TextField(_("note"), blank=True)
    override_reason = models.TextField(_("begrundelse for overskridelse"), blank=True)
    from_plan_document = models.BooleanField(_("fra plandokumentet"), default=False, editable=False)

    class Meta:
        verbose_name = _("bevilling")
        verbose_name_plural = _("bevillinger")
        ordering = ["initiative", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="allocation_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.number}: {self.source} {self.year or ''}".strip()
