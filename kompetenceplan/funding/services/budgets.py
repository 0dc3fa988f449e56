"""A source's amounts per year or period (administrators)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula

from ..errors import FundingError
from ..models import FundingBudget, FundingSource
from ._checks import (
    _cents,
    _check_amount,
    _check_budget_change,
    _check_year,
    _lock_source,
    _period_text,
)


def budget_set(
    *,
    actor: Actor,
    source: FundingSource,
    year: int | None,
    label: str = "",
    amount: Decimal,
    note: str = "",
    override_reason: str = "",
    budget: FundingBudget | None = None,
    new: bool = False,
) -> FundingBudget:
    """Create or change one amount of ``source``: for a calendar ``year``, or
    (``year`` None) for the period called ``label``.

    Without ``budget`` the source's amount for that year or period is created
    or changed; with ``budget`` that amount is changed (and may be moved to
    another year or period, if the source has no amount there yet). With
    ``new`` the amount must be a new one: a year or period the source already
    has an amount for is refused.

    A change that leaves the existing allocations over a cap (a lower amount,
    an amount moved away from a year, a first yearly amount that gives the
    other years a cap of 0 kr.) is refused with :class:`OverspendError` unless
    an administrator gives ``override_reason`` (logged). A change that makes
    them break a max-share earmark is refused (earmarks cannot be overridden).
    """
    label = (label or "").strip()
    note = (note or "").strip()
    if amount is None:
        raise FundingError.AMOUNT_REQUIRED.error()
    amount = Decimal(amount)
    _check_amount(amount)
    amount = _cents(amount)
    _check_year(year)
    if year is None and not label:
        raise FundingError.PERIOD_REQUIRED.error()
    if year is not None and label:
        raise FundingError.PERIOD_BOTH.error()
    max_label = FundingBudget._meta.get_field("label").max_length
    assert max_label is not None
    if len(label) > max_label:
        raise FundingError.LABEL_TOO_LONG.error(max=max_label)
    check_no_formula(label, field="label")
    with transaction.atomic():
        locked = _lock_source(source.pk)
        budgets = list(FundingBudget.objects.filter(source=locked).order_by("pk"))
        if budget is not None:
            current = next((b for b in budgets if b.pk == budget.pk), None)
            if current is None:
                raise FundingError.BUDGET_OTHER_SOURCE.error()
        elif not new:
            current = next((b for b in budgets if (b.year, b.label) == (year, label)), None)
        else:
            current = None  # a new amount: the year or period must be free
        if any((b.year, b.label) == (year, label) and b is not current for b in budgets):
            raise FundingError.BUDGET_TAKEN.error(
                field="year" if year is not None else "label",
                source=locked.name,
                period=_period_text(year, label),
            )
        log_note = _check_budget_change(
            locked,
            budgets,
            replace=current,
            new_row=(year, label, amount),
            actor=actor,
            override_reason=override_reason,
        )
        before = snapshot(current) if current is not None else None
        if current is None:
            current = FundingBudget()
        current.source = locked
        current.year, current.label, current.amount, current.note = year, label, amount, note
        current.save()
        log_saved(actor=actor, obj=current, before=before, note=log_note, related=locked)
    return current


def budget_delete(*, actor: Actor, budget: FundingBudget, override_reason: str = "") -> None:
    """Delete one amount. Refused like a lowered amount (:func:`budget_set`)
    when the allocations would then exceed what the source has."""
    with transaction.atomic():
        locked = _lock_source(budget.source_id)
        budgets = list(FundingBudget.objects.filter(source=locked).order_by("pk"))
        current = next((b for b in budgets if b.pk == budget.pk), None)
        if current is None:
            raise FundingError.BUDGET_GONE.error()
        log_note = _check_budget_change(
            locked, budgets, replace=current, actor=actor, override_reason=override_reason
        )
        current.source = locked
        delete_logged(actor=actor, objects=[current], related=locked, note=log_note)
