"""Reads of funding: balances per source and year, the budget overview, one
source's page. Everything is read through the permission gate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from kompetenceplan.core.history import HistoryRow, history_rows
from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.plans.models import Plan

from .balance import ZERO, Balance, BalanceRow, compute_balance
from .choices import EXISTING_RESOURCES, EarmarkKind, SourceKind
from .extensions import spent_by_allocation
from .models import Allocation, Earmark, FundingBudget, FundingSource


def source_balance(
    source: FundingSource,
    *,
    exclude_allocation_id: int | None = None,
    extra: tuple[int | None, Decimal | None] | None = None,
) -> Balance:
    """Balance of one source from the database (two queries)."""
    _before, after = balance_change(
        source, exclude_allocation_id=exclude_allocation_id, after_extra=extra
    )
    return after


def balance_change(
    source: FundingSource,
    *,
    exclude_allocation_id: int | None = None,
    before_extra: tuple[int | None, Decimal | None] | None = None,
    after_extra: tuple[int | None, Decimal | None] | None = None,
) -> tuple[Balance, Balance]:
    """The source's balance before and after a change (two queries): the other
    allocations plus ``before_extra`` (the allocation as it is) and plus
    ``after_extra`` (as it will be)."""
    budgets = [(b.year, b.label, b.amount) for b in FundingBudget.objects.filter(source=source)]
    others = [
        (a.year, a.amount)
        for a in Allocation.objects.filter(source=source)
        .exclude(pk=cast(int, exclude_allocation_id))  # pk=None excludes nothing
        .only("year", "amount")
    ]
    before = others + ([before_extra] if before_extra is not None else [])
    after = others + ([after_extra] if after_extra is not None else [])
    return (
        compute_balance(capped=source.capped, budgets=budgets, allocations=before),
        compute_balance(capped=source.capped, budgets=budgets, allocations=after),
    )


def funding_sources(*, user: ActingUser, action: str = Action.VIEW) -> QuerySet[FundingSource]:
    return restrict(FundingSource.objects.all(), user, action)


def _with_visibility(queryset: QuerySet[Allocation], user: ActingUser) -> QuerySet[Allocation]:
    """Annotate ``visible``: may the user list this allocation (and its
    initiative)? Balances count every allocation; lists show the visible ones."""
    visible = restrict(Allocation.objects.all(), user, Action.VIEW).filter(pk=OuterRef("pk"))
    return queryset.annotate(visible=Exists(visible))


def allowed_purposes(earmarks: Iterable[Earmark]) -> list[str] | None:
    """The purposes a source may fund (the intersection of its allowed-purpose
    earmarks), or None when it has no such rule."""
    result: list[str] | None = None
    for earmark in earmarks:
        if earmark.kind == EarmarkKind.ALLOWED_PURPOSES and earmark.purposes:
            purposes = list(earmark.purposes)
            result = purposes if result is None else [p for p in result if p in purposes]
    return result


# --- Budget overview ------------------------------------------------------------------------


@dataclass
class SourceRow:
    """One line of the sources table: a balance row, or a source's total (``is_total``)."""

    source: FundingSource
    year: int | None
    label: str
    amount: Decimal | None
    allocated: Decimal
    remaining: Decimal | None
    overspent: bool
    limited: bool  # a cap applies to this line
    plan_allocated: Decimal | None = None  # of which the filtered plan
    is_total: bool = False
    spent: Decimal | None = None  # spent of the allocations (None: not computed)

    @property
    def spent_remaining(self) -> Decimal | None:
        """The amount less what is spent (None without an amount)."""
        if self.amount is None or self.spent is None:
            return None
        return self.amount - self.spent

    @property
    def overspent_spending(self) -> bool:
        """More spent than allocated."""
        return self.spent is not None and self.spent > self.allocated

    @property
    def period(self) -> str:
        from django.utils.translation import gettext as _

        if self.is_total:
            return _("I alt")
        if self.year is not None:
            return str(self.year)
        return self.label or _("uden år")

    @property
    def remark(self) -> str:
        """The state in words (so colour is never the only signal)."""
        from django.utils.translation import gettext as _

        if self.overspent:
            return _("overskredet")
        if not self.source.capped:
            return _("intet loft")
        if self.amount is None and self.limited and not self.is_total:
            return _("intet beløb for året")
        return ""


@dataclass
class SourceSummary:
    source: FundingSource
    balance: Balance
    rows: list[SourceRow]
    total: SourceRow | None

    @property
    def span(self) -> int:
        """Table rows the source's name spans (its rows and its total)."""
        return len(self.rows) + (1 if self.total else 0)


@dataclass
class InitiativeLine:
    initiative: object
    cells: list[Decimal | None]  # one per column (years, then undated)
    total: Decimal
    has_amount: bool
    spent: Decimal = ZERO

    @property
    def remaining(self) -> Decimal:
        """Allocated less spent (negative when more is spent)."""
        return self.total - self.spent

    @property
    def overspent(self) -> bool:
        return self.spent > self.total


@dataclass
class BudgetOverview:
    sources: list[SourceSummary]
    years: list[int]  # every year with an amount or an allocation (for the filter)
    columns: list[int | None]  # the initiative table's columns (None: "uden år")
    initiatives: list[InitiativeLine]
    column_totals: list[Decimal]
    initiatives_total: Decimal
    total_amount: Decimal
    total_allocated: Decimal
    total_remaining: Decimal
    total_spent: Decimal = ZERO
    initiatives_spent: Decimal = ZERO
    chart: list[dict[str, Any]] = field(default_factory=list)
    plan: Plan | None = None
    year: int | None = None


def _source_row(
    source: FundingSource,
    row: BalanceRow,
    plan_allocated: Decimal | None,
    *,
    spent: Decimal | None = None,
) -> SourceRow:
    return SourceRow(
        source=source,
        year=row.year,
        label=row.label,
        amount=row.amount,
        allocated=row.allocated,
        remaining=row.remaining,
        overspent=row.overspent,
        limited=row.limit is not None,
        plan_allocated=plan_allocated,
        spent=spent,
    )


def _total_row(
    source: FundingSource, balance: Balance, plan_allocated: Decimal | None
) -> SourceRow:
    """The line with a source's totals over all its years."""
    return SourceRow(
        source=source,
        year=None,
        label="",
        amount=balance.total_amount,
        allocated=balance.total_allocated,
        remaining=balance.total_remaining,
        overspent=balance.total_overspent,
        limited=balance.capped,
        plan_allocated=plan_allocated,
        is_total=True,
    )


def budget_overview(
    *,
    user: ActingUser,
    plan: Plan | None = None,
    year: int | None = None,
    with_spent: bool = True,
) -> BudgetOverview:
    """Every source of the user's municipality with its balance per year, and
    the allocations per initiative and year, with what is spent of them (the
    spending sources of :mod:`.extensions`). Three queries, and one per
    spending source, however many sources and allocations there are.

    ``plan`` narrows to the sources the plan draws on and to its initiatives
    (balances stay the sources' real balances, with a column for the plan's
    share); ``year`` narrows to one calendar year (undated rows are left out).
    ``with_spent=False`` leaves the spending sources unasked (spent counts 0).
    """
    sources = list(
        funding_sources(user=user)
        .order_by("-capped", "name")  # sources with a cap (and amounts) first
        .prefetch_related(
            "budgets",
            Prefetch(
                "allocations",
                queryset=_with_visibility(
                    Allocation.objects.select_related("initiative__plan"), user
                ),
            ),
        )
    )
    spent = (
        spent_by_allocation([a.pk for s in sources for a in s.allocations.all()])
        if with_spent
        else {}
    )
    summaries: list[SourceSummary] = []
    all_years: set[int] = set()
    per_initiative: dict[int, dict[str, Any]] = {}
    undated_used = False
    for source in sources:
        allocations = list(source.allocations.all())
        balance = compute_balance(
            capped=source.capped,
            budgets=[(b.year, b.label, b.amount) for b in source.budgets.all()],
            allocations=[(a.year, a.amount) for a in allocations],
        )
        all_years.update(r.year for r in balance.rows if r.year is not None)
        in_plan = [
            a
            for a in allocations
            if cast(Any, a).visible and (plan is None or a.initiative.plan_id == plan.pk)
        ]
        if plan is not None and not in_plan:
            continue
        spent_by_year: dict[int | None, Decimal] = defaultdict(Decimal)
        for allocation in allocations:
            spent_by_year[allocation.year] += spent.get(allocation.pk, ZERO)
        plan_by_year: dict[int | None, Decimal] = defaultdict(Decimal)
        for allocation in in_plan:
            plan_by_year[allocation.year] += allocation.amount or ZERO
            if year is not None and allocation.year != year:
                continue
            initiative = allocation.initiative
            entry = per_initiative.setdefault(
                initiative.pk,
                {
                    "initiative": initiative,
                    "by_year": defaultdict(Decimal),
                    "has_amount": False,
                    "spent": ZERO,
                },
            )
            entry["spent"] += spent.get(allocation.pk, ZERO)
            if allocation.amount is not None:
                entry["by_year"][allocation.year] += allocation.amount
                entry["has_amount"] = True
                undated_used = undated_used or allocation.year is None
        rows = [
            _source_row(
                source,
                row,
                plan_by_year.get(row.year, ZERO) if plan else None,
                spent=spent_by_year.get(row.year, ZERO),
            )
            for row in balance.rows
            if year is None or row.year == year
        ]
        if not rows and year is None:
            # A source without amounts or amounts allocated: still listed.
            rows = [
                SourceRow(
                    source=source,
                    year=None,
                    label="",
                    amount=None,
                    allocated=ZERO,
                    remaining=None,
                    overspent=False,
                    limited=False,
                    plan_allocated=ZERO if plan else None,
                    spent=ZERO,
                )
            ]
        if not rows:
            continue
        total = None
        if year is None and len(rows) > 1:
            plan_total = sum(plan_by_year.values(), ZERO) if plan else None
            total = _total_row(source, balance, plan_total)
            total.spent = sum(spent_by_year.values(), ZERO)
        summaries.append(SourceSummary(source=source, balance=balance, rows=rows, total=total))

    years = sorted(all_years)
    columns: list[int | None] = (
        [year]
        if year is not None
        else sorted({y for e in per_initiative.values() for y in e["by_year"] if y is not None})
    )
    if year is None and undated_used:
        columns.append(None)
    lines = []
    for entry in sorted(
        per_initiative.values(),
        key=lambda e: (e["initiative"].plan.title, e["initiative"].sort_key),
    ):
        by_year = entry["by_year"]
        lines.append(
            InitiativeLine(
                initiative=entry["initiative"],
                cells=[by_year.get(c) for c in columns],
                total=sum(by_year.values(), ZERO),
                has_amount=entry["has_amount"],
                spent=entry["spent"],
            )
        )
    column_totals = [
        sum((line.cells[i] or ZERO for line in lines), ZERO) for i in range(len(columns))
    ]

    shown = [r for s in summaries for r in ([s.total] if s.total else s.rows)]
    return BudgetOverview(
        sources=summaries,
        years=years,
        columns=columns,
        initiatives=lines,
        column_totals=column_totals,
        initiatives_total=sum((line.total for line in lines), ZERO),
        total_amount=sum((r.amount for r in shown if r.amount is not None), ZERO),
        total_allocated=sum((r.allocated for r in shown), ZERO),
        total_remaining=sum(
            (r.remaining for r in shown if r.remaining is not None and r.limited), ZERO
        ),
        total_spent=sum((r.spent or ZERO for r in shown), ZERO),
        initiatives_spent=sum((line.spent for line in lines), ZERO),
        chart=[
            {
                "label": f"{r.source.name} {r.period}".strip(),
                "amount": float(r.amount),
                "allocated": float(r.allocated),
                "spent": float(r.spent or ZERO),
            }
            for s in summaries
            for r in s.rows
            if r.amount is not None and r.source.capped
        ],
        plan=plan,
        year=year,
    )


# --- One source -----------------------------------------------------------------------------


def source_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> FundingSource:
    return get_restricted_or_404(FundingSource.objects.all(), user, action, pk=pk)


@dataclass
class SourceDetail:
    source: FundingSource
    budgets: list[FundingBudget]
    earmarks: list[Earmark]
    balance: Balance
    rows: list[SourceRow]
    total: SourceRow
    allocations: list[Allocation]
    editable_ids: set[int]


def source_detail(*, user: ActingUser, source: FundingSource) -> SourceDetail:
    """Budgets, earmarks, balance and allocations of one source (four queries).
    The balance counts every allocation; the list shows those the user may read."""
    budgets = list(source.budgets.all())
    earmarks = list(source.earmarks.all())
    every = list(
        _with_visibility(
            Allocation.objects.filter(source=source).select_related("initiative__plan"), user
        ).order_by("initiative__plan__title", "initiative__sort_key", "year", "id")
    )
    allocations = [a for a in every if cast(Any, a).visible]  # annotated
    editable_ids = set(
        restrict(Allocation.objects.filter(source=source), user, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )
    balance = compute_balance(
        capped=source.capped,
        budgets=[(b.year, b.label, b.amount) for b in budgets],
        allocations=[(a.year, a.amount) for a in every],
    )
    total = _total_row(source, balance, None)
    return SourceDetail(
        source=source,
        budgets=budgets,
        earmarks=earmarks,
        balance=balance,
        rows=[_source_row(source, r, None) for r in balance.rows],
        total=total,
        allocations=allocations,
        editable_ids=editable_ids,
    )


# Shown on the one line of a creation or deletion (core.history).
HISTORY_KEY_FIELDS = {
    Allocation: ["year", "amount"],
    FundingBudget: ["amount"],
}


def allocation_history(
    source: FundingSource, *, user: ActingUser | None = None, limit: int = 50
) -> list[HistoryRow]:
    """Change-log entries of the allocations that are (or were) on ``source``,
    deleted ones and approved overspends included, as display rows
    (core.history: labels, names, kroner; one query for the entries and one
    per related model shown)."""
    entries = (
        ChangeLogEntry.objects.filter(
            municipality_id=source.municipality_id,
            content_type=ContentType.objects.get_for_model(Allocation),
        )
        .filter(Q(after__source=source.pk) | Q(before__source=source.pk))
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )
    return history_rows(entries, obj=source, key_fields=HISTORY_KEY_FIELDS, user=user)


def source_history(
    source: FundingSource, *, user: ActingUser | None = None, limit: int = 50
) -> list[HistoryRow]:
    """Change-log entries of the source itself and of its amounts and earmarks
    (deleted ones and approved overspends included), newest first, as display
    rows (core.history). Entries naming the source as their related parent
    count, and so do older ones, written before entries named their parent,
    found by the source id in their snapshot."""
    types = ContentType.objects.get_for_models(FundingSource, FundingBudget, Earmark)
    parts = Q(content_type__in=[types[FundingBudget], types[Earmark]]) & (
        Q(after__source=source.pk) | Q(before__source=source.pk)
    )
    entries = (
        ChangeLogEntry.objects.filter(
            Q(content_type=types[FundingSource], object_id=str(source.pk))
            | Q(related_content_type=types[FundingSource], related_object_id=str(source.pk))
            | (Q(municipality_id=source.municipality_id) & parts)
        )
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )
    return history_rows(entries, obj=source, key_fields=HISTORY_KEY_FIELDS, user=user)


def budget_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> FundingBudget:
    return get_restricted_or_404(
        FundingBudget.objects.select_related("source"), user, action, pk=pk
    )


def earmark_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Earmark:
    return get_restricted_or_404(Earmark.objects.select_related("source"), user, action, pk=pk)


# --- Allocations ----------------------------------------------------------------------------


def allocation_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Allocation:
    return get_restricted_or_404(
        Allocation.objects.select_related("source", "initiative__plan"), user, action, pk=pk
    )


def allocation_sources(*, user: ActingUser, municipality_id: int) -> list[FundingSource]:
    """The sources an allocation for an initiative of ``municipality_id`` may
    come from, with their earmarks (two queries)."""
    return list(
        funding_sources(user=user)
        .filter(municipality_id=municipality_id)
        .prefetch_related("earmarks")
    )


# --- The plan loader's reads (for the system, not gated) ------------------------------

#: The keys of one line of an initiative's "funding" in a plan data file.
FUNDING_LINE_KEYS = {"source", "year", "amount_dkk", "purpose"}


def plan_funding_problems(*, data: dict[str, Any], file_name: str) -> list[str]:
    """Every funding source an initiative names that neither the file, the
    municipality nor the literal "existing resources" provides, and every
    source kind funding does not know; named with file and initiative."""
    municipality = Municipality.objects.filter(code=str(data.get("municipality"))).first()
    known = {s["name"] for s in data.get("funding_sources") or []} | {EXISTING_RESOURCES}
    if municipality is not None:
        known |= set(
            FundingSource.objects.filter(municipality=municipality).values_list("name", flat=True)
        )
    problems = [
        _("%(file)s: kilden “%(source)s” har en ukendt type “%(word)s”.")
        % {"file": file_name, "source": s["name"], "word": s.get("kind")}
        for s in data.get("funding_sources") or []
        if s.get("kind") not in SourceKind.values
    ]
    for item in data.get("initiatives") or []:
        for line in item.get("funding") or []:
            for word in sorted(set(line) - FUNDING_LINE_KEYS):
                problems.append(
                    _("%(file)s, indsats %(number)s: %(what)s “%(word)s” kendes ikke.")
                    % {
                        "file": file_name,
                        "number": item.get("number"),
                        "what": _("feltet"),
                        "word": word,
                    }
                )
            if line.get("source") not in known:
                problems.append(
                    _("%(file)s, indsats %(number)s: kilden “%(word)s” kendes ikke.")
                    % {"file": file_name, "number": item.get("number"), "word": line.get("source")}
                )
    return problems


def plan_document_allocations_of_removed(*, plan: Plan, keys: set[str]) -> list[Allocation]:
    """The allocations hanging on the plan's initiatives whose load keys
    (``Initiative.load_key``: the number, or "#<place>" without one) are not in
    ``keys`` (which a reload of the plan would delete)."""
    return [
        allocation
        for allocation in Allocation.objects.filter(initiative__plan=plan)
        .select_related("source", "initiative")
        .order_by("initiative__sort_key", "order", "pk")
        if allocation.initiative.load_key not in keys
    ]
