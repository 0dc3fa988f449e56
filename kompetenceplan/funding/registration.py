"""What funding contributes to core and to plans (called from FundingConfig.ready()):
the Budget navigation entry, the initiative page's economy panel, the plan
page's economy (the overview per source and year with the budget link, and
the economy column of its initiative tables), the catalogue's "Bevilget"
column, source filter and year match, and the allocations in a plan's history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import django_filters
from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.core.formatting import kr
from kompetenceplan.core.permissions import Action, can, has_object_permission, restrict
from kompetenceplan.plans import extensions as plans_extensions
from kompetenceplan.plans.models import Initiative, Plan

from .models import Allocation, FundingSource

# --- the initiative page and the plan page ------------------------------------------


def initiative_economy_context(request, initiative: Initiative) -> dict:
    """The initiative's allocations with their total, and whether the user may
    add or edit allocations on it."""
    allocations = list(
        Allocation.objects.filter(initiative=initiative)
        .select_related("source")
        .order_by("order", "id")
    )
    amounts = [a.amount for a in allocations if a.amount is not None]
    user = request.user
    may_allocate = can(user, Allocation, Action.ADD) or can(user, Allocation, Action.CHANGE)
    return {
        "initiative": initiative,
        "allocations": allocations,
        "funding_total": kr(sum(amounts)) if amounts else None,
        "can_allocate": may_allocate and has_object_permission(user, initiative, Action.CHANGE),
    }


def plan_economy_context(request, plan: Plan) -> dict:
    """The plan page's economic overview: each source the plan draws on, per
    year (or period), with its amount, what is allocated (all plans), the
    plan's share and what remains (three queries, see ``budget_overview``)."""
    from .selectors import budget_overview

    # The panel shows no spent column: the spending sources are not asked.
    overview = budget_overview(user=request.user, plan=plan, with_spent=False)
    return {"plan": plan, "overview": overview}


def _years_text(years: set[int]) -> str:
    """'2025', '2024–2026' (consecutive years), '2024, 2026'."""
    ordered = sorted(years)
    if len(ordered) > 1 and ordered[-1] - ordered[0] == len(ordered) - 1:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(str(y) for y in ordered)


@dataclass
class _SourceShare:
    amount: Decimal | None = None
    years: set[int] = field(default_factory=set)


def plan_initiative_economy(request, plan: Plan) -> dict[int, plans_extensions.PlanInitiativeCell]:
    """The economy cell of each initiative on the plan page: the total of its
    allocations and, under it, each source with its years (and its part of the
    total when there are several). One query for the whole plan; the amounts
    per year stand on the initiative page."""
    allocations = (
        restrict(Allocation.objects.all(), request.user, Action.VIEW)
        .filter(initiative__plan=plan)
        .select_related("source")
        .order_by("initiative_id", "order", "id")
    )
    grouped: dict[int, dict[str, _SourceShare]] = {}
    for allocation in allocations:
        share = grouped.setdefault(allocation.initiative_id, {}).setdefault(
            allocation.source.name, _SourceShare()
        )
        if allocation.year is not None:
            share.years.add(allocation.year)
        if allocation.amount is not None:
            share.amount = (share.amount or Decimal(0)) + allocation.amount
    cells = {}
    for initiative_id, shares in grouped.items():
        amounts = [s.amount for s in shares.values() if s.amount is not None]
        text = kr(sum(amounts, Decimal(0))) if amounts else str(_("beløb ikke angivet"))
        several = len(shares) > 1
        details = tuple(
            f"{name} {_years_text(share.years)}".strip()
            + (f": {kr(share.amount)}" if several and share.amount is not None else "")
            for name, share in shares.items()
        )
        cells[initiative_id] = plans_extensions.PlanInitiativeCell(text=text, details=details)
    return cells


# --- the catalogue ------------------------------------------------------------------


def funding_total():
    """Sum of the initiative's allocations (0 without any), as a subquery."""
    total = (
        Allocation.objects.filter(initiative=OuterRef("pk"))
        .values("initiative")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(
        Subquery(total), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2)
    )


def _render_total(value) -> str:
    return kr(value) if value else "–"


def _by_source(queryset, name, value):
    return queryset.filter(pk__in=value.allocations.values("initiative_id"))


def source_filter(user) -> django_filters.Filter:
    from .selectors import funding_sources

    return django_filters.ModelChoiceFilter(
        queryset=funding_sources(user=user),
        method=_by_source,
        label=_("Finansiering"),
        empty_label=_("Alle"),
    )


def _money_in_year(year: int) -> Q:
    return Q(allocations__year=year)


def _money_years(plans) -> list[int]:
    """The years the plans' money is allocated in (the year filter offers them)."""
    years = (
        Allocation.objects.filter(initiative__plan__in=plans, year__isnull=False)
        .values_list("year", flat=True)
        .distinct()
    )
    return [year for year in years if year is not None]


def _load_demo(run: registry.DemoRun) -> None:
    """The plans in plans/data/ with their money (structure from plans, money
    from funding: funding.plan_loading stands above both)."""
    from . import demo

    demo.load(stdout=run.stdout)


#: (name, label, URL name, order, group, model[, action]) of each side-navigation entry.
NAVIGATION = (("budget", _("Budget"), "funding:overview", 300, "economy", FundingSource),)

#: (name, model, slot, template, context, order) of each panel on plans' pages.
OBJECT_PANELS = (
    (
        "funding.initiative_economy",
        Initiative,
        "economy",
        "funding/panels/initiative_economy.html",
        initiative_economy_context,
        100,
    ),
    (
        "funding.plan_economy",
        Plan,
        "economy",
        "funding/panels/plan_economy.html",
        plan_economy_context,
        100,
    ),
)


def register() -> None:
    registry.contribute(
        navigation=NAVIGATION,
        object_panels=OBJECT_PANELS,
        demo_loaders=[("funding.plan_documents", _load_demo, 500)],
    )
    plans_extensions.plan_initiative_columns.register(
        plans_extensions.PlanInitiativeColumn(
            name="funding.economy",
            label=_("Økonomi"),
            cells=plan_initiative_economy,
            order=100,
        )
    )
    plans_extensions.catalogue_columns.register(
        plans_extensions.CatalogueColumn(
            name="funding_total",
            label=_("Bevilget"),
            export_label=_("Bevilget (kr.)"),
            annotation=funding_total,
            render=_render_total,
            order=100,
            css_class="kp-num",
        )
    )
    plans_extensions.catalogue_filters.register(
        plans_extensions.CatalogueFilter(
            name="source", build=source_filter, order=100, before="status"
        )
    )
    plans_extensions.catalogue_year_matches.register(
        plans_extensions.CatalogueYearMatch(
            name="funding.allocations", q=_money_in_year, order=100, years=_money_years
        )
    )
