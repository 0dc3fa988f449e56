"""Pure balance arithmetic for one funding source (no database access).

Rules (docs/funding.md):
- A capped source's allocations for a calendar year may not exceed its amount
  for that year, when the source has yearly amounts.
- All allocations together (dated and undated) may not exceed the source's
  total (yearly amounts + amounts for other periods).
- Uncapped sources are never overspent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class BalanceRow:
    year: int | None  # None: undated (a period other than a calendar year)
    label: str
    amount: Decimal | None  # None when the source has no amount for the row
    allocated: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.amount is None else self.amount - self.allocated

    @property
    def overspent(self) -> bool:
        return self.amount is not None and self.allocated > self.amount


@dataclass
class Balance:
    capped: bool
    rows: list[BalanceRow] = field(default_factory=list)

    @property
    def total_amount(self) -> Decimal | None:
        amounts = [r.amount for r in self.rows if r.amount is not None]
        return sum(amounts, ZERO) if amounts else None

    @property
    def total_allocated(self) -> Decimal:
        return sum((r.allocated for r in self.rows), ZERO)

    @property
    def total_remaining(self) -> Decimal | None:
        total = self.total_amount
        return None if total is None else total - self.total_allocated

    @property
    def has_yearly_amounts(self) -> bool:
        return any(r.year is not None and r.amount is not None for r in self.rows)

    def problems(self) -> list[tuple[int | None, Decimal, Decimal]]:
        """(year or None for the total, amount, allocated) for each breached cap."""
        if not self.capped:
            return []
        found = []
        if self.has_yearly_amounts:
            for row in self.rows:
                if row.year is not None and row.allocated > (row.amount or ZERO):
                    found.append((row.year, row.amount or ZERO, row.allocated))
        total = self.total_amount or ZERO
        if self.total_allocated > total:
            found.append((None, total, self.total_allocated))
        return found


def compute_balance(
    *,
    capped: bool,
    budgets: list[tuple[int | None, str, Decimal]],
    allocations: list[tuple[int | None, Decimal | None]],
) -> Balance:
    """Balance from (year, label, amount) budgets and (year, amount) allocations."""
    amount_by_year: dict[int, Decimal] = {}
    undated: list[tuple[str, Decimal]] = []
    for year, label, amount in budgets:
        if year is None:
            undated.append((label, amount))
        else:
            amount_by_year[year] = amount_by_year.get(year, ZERO) + amount
    allocated_by_year: dict[int | None, Decimal] = {}
    for year, amount in allocations:
        if amount is not None:
            allocated_by_year[year] = allocated_by_year.get(year, ZERO) + amount
    rows = []
    for year in sorted(set(amount_by_year) | {y for y in allocated_by_year if y is not None}):
        rows.append(
            BalanceRow(year, str(year), amount_by_year.get(year), allocated_by_year.get(year, ZERO))
        )
    undated_allocated = allocated_by_year.get(None, ZERO)
    if undated or undated_allocated:
        label = " + ".join(label for label, _ in undated) if undated else ""
        amount = sum((a for _, a in undated), ZERO) if undated else None
        rows.append(BalanceRow(None, label, amount, undated_allocated))
    return Balance(capped=capped, rows=rows)
