"""Pure balance arithmetic for one funding source (no database access).

Rules:
- A capped source's allocations for a calendar year may not exceed its amount
  for that year, when the source has yearly amounts. A year without an amount
  of its own then has nothing (0 kr.) to allocate.
- All allocations together (dated and undated) may not exceed the source's
  total (yearly amounts + amounts for other periods). A capped source without
  any amount has a total of 0 kr.
- Uncapped sources are never overspent.
- A change is refused only for what it makes worse (:func:`new_problems`): a
  period that was already over its cap (after an approved override) may still
  be reduced, and allocations in it may be edited without adding money.
- Earmarks on a new or changed allocation (:func:`allocation_earmark_refusal`):
  an *allowed purposes* earmark refuses a purpose not on its list (with or
  without an amount); a *max share* earmark refuses an amount for its purpose
  that takes the purpose over N % of the year's amount (when the source has
  yearly amounts and the allocation has a year) or of the source's total. A
  source without amounts has no share to exceed.
- Existing allocations that a change of amounts or earmarks would make break
  an earmark (:func:`earmark_breaches`, :func:`breaches_made_worse`).

Every service that writes money (allocations, amounts, earmarks, sources)
calls these functions; the services load the data, lock and log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

ZERO = Decimal("0")

# (year or None for the source's total, cap, allocated)
Problem = tuple[int | None, Decimal, Decimal]


@dataclass(frozen=True)
class BalanceRow:
    year: int | None  # None: undated (a period other than a calendar year)
    label: str
    amount: Decimal | None  # None when the source has no amount for the row
    allocated: Decimal
    # The cap that applies to this row on its own; None when none does (an
    # uncapped source, or a row that only counts towards the source's total).
    limit: Decimal | None = None

    @property
    def remaining(self) -> Decimal | None:
        base = self.limit if self.limit is not None else self.amount
        return None if base is None else base - self.allocated

    @property
    def overspent(self) -> bool:
        return self.limit is not None and self.allocated > self.limit


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
    def total_limit(self) -> Decimal | None:
        """The cap on all allocations together (None for an uncapped source)."""
        if not self.capped:
            return None
        return self.total_amount or ZERO

    @property
    def total_remaining(self) -> Decimal | None:
        base = self.total_limit if self.capped else self.total_amount
        return None if base is None else base - self.total_allocated

    @property
    def total_overspent(self) -> bool:
        return self.capped and self.total_allocated > (self.total_limit or ZERO)

    @property
    def overspent(self) -> bool:
        return bool(self.problems())

    @property
    def has_yearly_amounts(self) -> bool:
        return any(r.year is not None and r.amount is not None for r in self.rows)

    def allocated_in(self, year: int | None) -> Decimal:
        """Allocated in a calendar year, or (``None``) in total."""
        if year is None:
            return self.total_allocated
        return next((r.allocated for r in self.rows if r.year == year), ZERO)

    def problems(self) -> list[Problem]:
        """(year or None for the total, cap, allocated) for each breached cap."""
        if not self.capped:
            return []
        found: list[Problem] = [
            (row.year, row.limit, row.allocated)
            for row in self.rows
            if row.year is not None and row.overspent and row.limit is not None
        ]
        if self.total_overspent:
            found.append((None, self.total_limit or ZERO, self.total_allocated))
        return found


def compute_balance(
    *,
    capped: bool,
    budgets: list[tuple[int | None, str, Decimal]],
    allocations: list[tuple[int | None, Decimal | None]],
) -> Balance:
    """Balance from (year, label, amount) budgets and (year, amount) allocations."""
    amount: Decimal | None
    amount_by_year: dict[int, Decimal] = {}
    undated: list[tuple[str, Decimal]] = []
    for year, label, budget_amount in budgets:
        if year is None:
            undated.append((label, budget_amount))
        else:
            amount_by_year[year] = amount_by_year.get(year, ZERO) + budget_amount
    allocated_by_year: dict[int | None, Decimal] = {}
    for year, allocated in allocations:
        if allocated is not None:
            allocated_by_year[year] = allocated_by_year.get(year, ZERO) + allocated
    yearly_caps = capped and bool(amount_by_year)
    rows = []
    for year in sorted(set(amount_by_year) | {y for y in allocated_by_year if y is not None}):
        amount = amount_by_year.get(year)
        rows.append(
            BalanceRow(
                year,
                str(year),
                amount,
                allocated_by_year.get(year, ZERO),
                limit=(amount or ZERO) if yearly_caps else None,
            )
        )
    undated_allocated = allocated_by_year.get(None, ZERO)
    if undated or undated_allocated:
        label = " + ".join(label for label, _ in undated) if undated else ""
        undated_amount = sum((a for _, a in undated), ZERO) if undated else None
        # Without yearly amounts the undated amounts are the whole cap.
        limit = (undated_amount or ZERO) if capped and not amount_by_year else None
        rows.append(BalanceRow(None, label, undated_amount, undated_allocated, limit=limit))
    return Balance(capped=capped, rows=rows)


def new_problems(before: Balance, after: Balance) -> list[Problem]:
    """The breached caps of ``after`` that the change from ``before`` made worse
    (more allocated than before in that year, or in total)."""
    return [
        (year, cap, allocated)
        for year, cap, allocated in after.problems()
        if allocated > before.allocated_in(year)
    ]


def problems_from_new_caps(before: Balance, after: Balance) -> list[Problem]:
    """The breached caps of ``after`` that a change of the source's amounts (or
    of ``capped``) brought about: caps breached now that were not before, or
    that are now lower than they were. The allocations stay as they are, so a
    change that only raises amounts never refuses."""
    old = {year: cap for year, cap, _allocated in before.problems()}
    return [
        (year, cap, allocated)
        for year, cap, allocated in after.problems()
        if year not in old or cap < old[year]
    ]


# --- Earmarks ---------------------------------------------------------------------------------

ALLOWED_PURPOSES = "allowed_purposes"
MAX_SHARE = "max_share"

# (allocation id, year, amount, purpose)
AllocationLine = tuple[int, int | None, Decimal | None, str]


@dataclass(frozen=True)
class EarmarkBreach:
    """Allocations that break one earmark. ``rule`` is the earmark's kind; for a
    max share, ``year`` is the year (None: the source's total), ``limit`` the
    most that may go to the purpose and ``used`` what the allocations give."""

    rule: str
    year: int | None
    limit: Decimal | None
    used: Decimal | None
    allocation_ids: tuple[int, ...]


def share_limit(base: Decimal, percent: Decimal) -> Decimal:
    return (base * Decimal(percent) / 100).quantize(Decimal("0.01"))


def earmark_breaches(
    *,
    kind: str,
    purposes: list[str],
    purpose: str,
    percent: Decimal | None,
    budgets: list[tuple[int | None, str, Decimal]],
    allocations: list[AllocationLine],
) -> list[EarmarkBreach]:
    """The allocations that break one earmark, by the rules the allocation
    services enforce: an *allowed purposes* earmark is broken by every
    allocation (with or without an amount) whose purpose is not listed; a *max
    share* earmark by more than ``percent`` % of a year's amount (dated
    allocations, when the source has yearly amounts) or of the total going to
    ``purpose``. A source without amounts has no share to exceed."""
    if kind == ALLOWED_PURPOSES:
        if not purposes:
            return []
        ids = tuple(a_id for a_id, _y, _a, a_purpose in allocations if a_purpose not in purposes)
        return [EarmarkBreach(ALLOWED_PURPOSES, None, None, None, ids)] if ids else []
    if kind != MAX_SHARE or percent is None or not budgets:
        return []
    used = [
        (a_id, year, amount) for a_id, year, amount, p in allocations if p == purpose and amount
    ]
    found = []
    if any(year is not None for year, _label, _amount in budgets):
        for year in sorted({y for _id, y, _a in used if y is not None}):
            base = sum((amount for y, _label, amount in budgets if y == year), ZERO)
            spent = sum((a for _id, y, a in used if y == year), ZERO)
            limit = share_limit(base, percent)
            if spent > limit:
                ids = tuple(a_id for a_id, y, _a in used if y == year)
                found.append(EarmarkBreach(MAX_SHARE, year, limit, spent, ids))
    limit = share_limit(sum((amount for _y, _l, amount in budgets), ZERO), percent)
    spent = sum((a for _id, _y, a in used), ZERO)
    if spent > limit:
        found.append(EarmarkBreach(MAX_SHARE, None, limit, spent, tuple(a for a, _y, _m in used)))
    return found


def breaches_made_worse(
    before: list[EarmarkBreach], after: list[EarmarkBreach]
) -> list[EarmarkBreach]:
    """The breaches of ``after`` that a change brought about. Allocations that
    already broke a list of allowed purposes are left out (only the newly
    broken ones are named); a share that was already exceeded counts only
    when its limit went down or more allocations are in it."""
    old = {(b.rule, b.year): b for b in before}
    worse = []
    for breach in after:
        previous = old.get((breach.rule, breach.year))
        if previous is None:
            worse.append(breach)
        elif breach.rule == ALLOWED_PURPOSES:
            new_ids = tuple(i for i in breach.allocation_ids if i not in previous.allocation_ids)
            if new_ids:
                worse.append(EarmarkBreach(ALLOWED_PURPOSES, None, None, None, new_ids))
        elif (breach.limit or ZERO) < (previous.limit or ZERO) or not set(
            breach.allocation_ids
        ) <= set(previous.allocation_ids):
            worse.append(breach)
    return worse


@dataclass(frozen=True)
class EarmarkRefusal:
    """Why an allocation breaks an earmark. ``rule`` is the earmark's kind;
    for allowed purposes ``purposes`` lists them; for a max share ``year`` is
    the year (None: the source's total), ``limit`` the most that may go to
    ``purpose`` and ``total`` what it would be with the allocation."""

    rule: str
    purposes: tuple[str, ...] = ()
    year: int | None = None
    purpose: str = ""
    percent: Decimal | None = None
    limit: Decimal | None = None
    total: Decimal | None = None


EarmarkState = dict[str, Any]  # kind, purposes, purpose, percent


def share_applies(earmarks: list[EarmarkState], *, purpose: str, amount: Decimal | None) -> bool:
    """Whether a max-share earmark bears on an allocation (so the service must
    load the source's amounts and the purpose's other allocations)."""
    return any(_share_bears(e, purpose=purpose, amount=amount) for e in earmarks)


def _share_bears(earmark: EarmarkState, *, purpose: str, amount: Decimal | None) -> bool:
    return bool(
        earmark["kind"] == MAX_SHARE
        and earmark["percent"] is not None
        and purpose == earmark["purpose"]
        and amount
    )


def allocation_earmark_refusal(
    *,
    earmarks: list[EarmarkState],
    budgets: list[tuple[int | None, str, Decimal]],
    used: list[tuple[int | None, Decimal | None]],
    year: int | None,
    amount: Decimal | None,
    purpose: str,
) -> EarmarkRefusal | None:
    """The first earmark (in the given order) that an allocation of ``amount``
    for ``year`` and ``purpose`` breaks, or None. ``earmarks``: dicts with
    kind, purposes, purpose and percent; ``used``: (year, amount) of the
    source's other allocations with the same purpose."""
    for earmark in earmarks:
        if earmark["kind"] == ALLOWED_PURPOSES and earmark["purposes"]:
            if purpose not in earmark["purposes"]:
                return EarmarkRefusal(ALLOWED_PURPOSES, purposes=tuple(earmark["purposes"]))
        elif _share_bears(earmark, purpose=purpose, amount=amount) and budgets:
            refusal = _share_refusal(earmark, budgets, used, year=year, amount=amount or ZERO)
            if refusal is not None:
                return refusal
    return None


def _share_refusal(
    earmark: EarmarkState,
    budgets: list[tuple[int | None, str, Decimal]],
    used: list[tuple[int | None, Decimal | None]],
    *,
    year: int | None,
    amount: Decimal,
) -> EarmarkRefusal | None:
    spent = [(y, a or ZERO) for y, a in used]
    checks: list[tuple[int | None, Decimal, Decimal]] = []
    if year is not None and any(y is not None for y, _label, _amount in budgets):
        checks.append(
            (
                year,
                sum((a for y, _label, a in budgets if y == year), ZERO),
                sum((a for y, a in spent if y == year), ZERO),
            )
        )
    checks.append(
        (None, sum((a for _y, _l, a in budgets), ZERO), sum((a for _y, a in spent), ZERO))
    )
    for year_, base, already in checks:
        limit = share_limit(base, earmark["percent"])
        if already + amount > limit:
            return EarmarkRefusal(
                MAX_SHARE,
                year=year_,
                purpose=earmark["purpose"],
                percent=earmark["percent"],
                limit=limit,
                total=already + amount,
            )
    return None
