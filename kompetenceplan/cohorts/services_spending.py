"""Writes of spending: a cohort's expenses against its initiative's allocations
and the substitute rates (keyword-only, actor first, atomic, logged;
docs/cohorts.md, "Udgifter"). An expense is written under a row lock on its
allocation, so two people spending of the same allocation at once both see
the other's expense when the warning is worked out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.formatting import kr
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula, check_year
from kompetenceplan.funding.models import Allocation
from kompetenceplan.organisation.models import JobRole

from .errors import SpendingError
from .models import Cohort, Expense, ExpenseKind, SubstituteRate
from .selectors import as_user

MAX_EXPENSE = Decimal("9999999999.99")  # Expense.amount: 12 digits, 2 decimals
MAX_RATE = Decimal("999999.99")  # SubstituteRate.hourly_rate: 8 digits, 2 decimals
CENT = Decimal("0.01")


@dataclass
class SpendingResult:
    """The saved expense and the warnings to show (never a refusal)."""

    expense: Expense
    warnings: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.expense.pk


def _money(value: Decimal | None, *, errors: type[SpendingError], rate: bool = False) -> Decimal:
    required, negative, too_large, cents, limit = (
        (
            SpendingError.RATE_REQUIRED,
            SpendingError.RATE_NEGATIVE,
            SpendingError.RATE_TOO_LARGE,
            SpendingError.RATE_CENTS,
            MAX_RATE,
        )
        if rate
        else (
            SpendingError.AMOUNT_REQUIRED,
            SpendingError.AMOUNT_NEGATIVE,
            SpendingError.AMOUNT_TOO_LARGE,
            SpendingError.AMOUNT_CENTS,
            MAX_EXPENSE,
        )
    )
    if value is None:
        raise required.error()
    amount = Decimal(value)
    if amount < 0:
        raise negative.error()
    if amount > limit:
        raise too_large.error()
    if amount != amount.quantize(CENT):
        raise cents.error()
    return amount.quantize(CENT)


def _check(*, cohort: Cohort, allocation: Allocation, kind: str, note: str) -> None:
    if allocation.initiative_id != cohort.initiative_id:
        raise SpendingError.ALLOCATION.error()
    if allocation.source.municipality_id != cohort.municipality_id:
        raise SpendingError.MUNICIPALITY.error()
    if kind not in ExpenseKind.values:
        raise SpendingError.KIND.error()
    check_no_formula(note, field="note")


def _spent(allocation_id: int) -> Decimal:
    total = Expense.objects.filter(allocation_id=allocation_id).aggregate(total=Sum("amount"))
    return Decimal(total["total"] or 0)


def _overspend_warning(*, amount: Decimal | None, spent: Decimal) -> str:
    """The Danish warning when more is spent of an allocation than it grants
    ('' when it is not, or the allocation states no amount)."""
    if amount is None or spent <= amount:
        return ""
    return _("Forbruget %(spent)s overstiger bevillingen %(amount)s med %(over)s") % {
        "spent": kr(spent),
        "amount": kr(amount),
        "over": kr(spent - amount),
    }


def _lock_allocations(*ids: int) -> dict[int, Allocation]:
    """Row locks on the allocations, in id order (no deadlock between two
    moves in opposite directions)."""
    return {
        a.pk: a
        for a in Allocation.objects.select_for_update()
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    }


def _warnings(allocation: Allocation, before: Decimal) -> list[str]:
    after = _spent(allocation.pk)
    warning = _overspend_warning(amount=allocation.amount, spent=after)
    return [warning] if warning and after > before else []


def expense_create(
    *,
    actor: Actor,
    cohort: Cohort,
    allocation: Allocation,
    kind: str,
    amount: Decimal | None,
    date: dt.date,
    note: str = "",
) -> SpendingResult:
    """An expense of ``cohort`` against ``allocation`` (one of the cohort's
    initiative's). Spending past the allocation is warned about, not refused."""
    note = (note or "").strip()
    _check(cohort=cohort, allocation=allocation, kind=kind, note=note)
    value = _money(amount, errors=SpendingError)
    with transaction.atomic():
        locked = _lock_allocations(allocation.pk)[allocation.pk]
        before = _spent(locked.pk)
        expense = Expense.objects.create(
            cohort=cohort,
            allocation=locked,
            kind=kind,
            amount=value,
            date=date,
            note=note,
            created_by=as_user(actor),
        )
        warnings = _warnings(locked, before)
        log_saved(actor=actor, obj=expense, before=None, note=" ".join(warnings), related=cohort)
    return SpendingResult(expense, warnings)


def expense_update(
    *,
    actor: Actor,
    expense: Expense,
    allocation: Allocation,
    kind: str,
    amount: Decimal | None,
    date: dt.date,
    note: str = "",
) -> SpendingResult:
    note = (note or "").strip()
    _check(cohort=expense.cohort, allocation=allocation, kind=kind, note=note)
    value = _money(amount, errors=SpendingError)
    with transaction.atomic():
        locked = _lock_allocations(expense.allocation_id, allocation.pk)
        current = Expense.objects.select_for_update().get(pk=expense.pk)
        target = locked[allocation.pk]
        before_spent = _spent(target.pk)
        before = snapshot(current)
        current.allocation = target
        current.kind, current.amount, current.date, current.note = kind, value, date, note
        current.save()
        warnings = _warnings(target, before_spent)
        log_saved(
            actor=actor, obj=current, before=before, note=" ".join(warnings), related=expense.cohort
        )
    return SpendingResult(current, warnings)


def expense_delete(*, actor: Actor, expense: Expense) -> None:
    with transaction.atomic():
        _lock_allocations(expense.allocation_id)
        current = Expense.objects.select_for_update().get(pk=expense.pk)
        delete_logged(actor=actor, objects=[current], related=expense.cohort)


# --- substitute rates -------------------------------------------------------------------


def substitute_rate_set(
    *,
    actor: Actor,
    municipality: Municipality,
    job_role: JobRole,
    year: int,
    hourly_rate: Decimal | None,
) -> SubstituteRate:
    """The municipality's rate for one hour of a substitute for ``job_role``
    in ``year`` (created, or the year's rate changed)."""
    check_year(year)
    rate = _money(hourly_rate, errors=SpendingError, rate=True)
    with transaction.atomic():
        current = (
            SubstituteRate.objects.select_for_update()
            .filter(municipality=municipality, job_role=job_role, year=year)
            .first()
        )
        if current is None:
            created = SubstituteRate.objects.create(
                municipality=municipality, job_role=job_role, year=year, hourly_rate=rate
            )
            log_saved(actor=actor, obj=created, before=None)
            return created
        before = snapshot(current)
        current.hourly_rate = rate
        current.save()
        log_saved(actor=actor, obj=current, before=before)
    return current


def substitute_rate_delete(*, actor: Actor, rate: SubstituteRate) -> None:
    with transaction.atomic():
        delete_logged(actor=actor, objects=[rate])
