"""Reads of funding: balances per source and year, budget overview."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from kompetenceplan.core.permissions import Action, restrict

from .balance import Balance, compute_balance
from .models import Allocation, FundingBudget, FundingSource


def source_balance(
    source: FundingSource,
    *,
    exclude_allocation_id: int | None = None,
    extra: tuple[int | None, Decimal | None] | None = None,
) -> Balance:
    """Balance of one source from the database (two queries)."""
    budgets = [(b.year, b.label, b.amount) for b in FundingBudget.objects.filter(source=source)]
    allocations = [
        (a.year, a.amount)
        for a in Allocation.objects.filter(source=source)
        .exclude(pk=exclude_allocation_id)
        .only("year", "amount")
    ]
    if extra is not None:
        allocations.append(extra)
    return compute_balance(capped=source.capped, budgets=budgets, allocations=allocations)


def funding_sources(*, user, action: str = Action.VIEW) -> QuerySet[FundingSource]:
    return restrict(FundingSource.objects.all(), user, action)


def budget_overview(*, user) -> dict:
    """Every source of the user's municipality with its balance rows, and the
    allocations per initiative and year. A fixed number of queries."""
    sources = list(
        funding_sources(user=user).prefetch_related(
            "budgets",
            "earmarks",
            Prefetch("allocations", queryset=Allocation.objects.select_related("initiative__plan")),
        )
    )
    result = []
    years: set[int] = set()
    per_initiative: dict[int, dict] = {}
    for source in sources:
        balance = compute_balance(
            capped=source.capped,
            budgets=[(b.year, b.label, b.amount) for b in source.budgets.all()],
            allocations=[(a.year, a.amount) for a in source.allocations.all()],
        )
        years.update(r.year for r in balance.rows if r.year is not None)
        result.append({"source": source, "balance": balance})
        for allocation in source.allocations.all():
            initiative = allocation.initiative
            entry = per_initiative.setdefault(
                initiative.pk,
                {"initiative": initiative, "by_year": defaultdict(Decimal), "total": Decimal(0)},
            )
            if allocation.amount is not None:
                entry["by_year"][allocation.year] += allocation.amount
                entry["total"] += allocation.amount
    initiatives = sorted(
        per_initiative.values(),
        key=lambda e: (e["initiative"].plan.title, e["initiative"].sort_key),
    )
    return {"sources": result, "years": sorted(years), "initiatives": initiatives}
