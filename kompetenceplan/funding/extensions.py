"""Extension points of funding: what apps above funding add to the budget
without funding importing them. Cohorts registers the expenses of its cohorts
as a spending source, so the budget overview shows what is spent of each
allocation (docs/funding.md, "Forbrug")."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal

from kompetenceplan.core.registry import ExtensionPoint


@dataclass(frozen=True)
class SpendingSource:
    """``spent(allocation_ids)`` returns the kroner spent of each allocation
    (id -> amount; allocations without spending may be left out) in one query."""

    name: str
    spent: Callable[[Collection[int]], dict[int, Decimal]]
    order: int


spending_sources: ExtensionPoint[SpendingSource] = ExtensionPoint("spending_sources")


def spent_by_allocation(allocation_ids: Collection[int]) -> dict[int, Decimal]:
    """What is spent of each allocation, summed over every spending source
    (one query per source; none when there are no allocations)."""
    totals: dict[int, Decimal] = {}
    if not allocation_ids:
        return totals
    for source in spending_sources:
        for allocation_id, amount in source.spent(allocation_ids).items():
            totals[allocation_id] = totals.get(allocation_id, Decimal(0)) + amount
    return totals
