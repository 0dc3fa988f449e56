"""Allocations: money from a source to an initiative."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.types import Actor
from kompetenceplan.plans.models import Initiative

from ..models import Allocation, FundingSource
from ..selectors import balance_change
from ._checks import (
    _cents,
    _check_balance,
    _check_earmarks,
    _validate,
)


def _valid_amount(
    *, source: FundingSource, initiative: Initiative, year: int | None, amount: Decimal | None
) -> Decimal | None:
    """The allocation's amount in kroner and øre (None: no stated amount), once
    the source, year and amount are valid for the initiative."""
    value = None if amount is None else Decimal(amount)
    _validate(source=source, initiative=initiative, year=year, amount=value)
    return _cents(value)


def allocation_create(
    *,
    actor: Actor,
    initiative: Initiative,
    source: FundingSource,
    year: int | None,
    amount: Decimal | None,
    purpose: str = "",
    note: str = "",
    override_reason: str = "",
    from_plan_document: bool = False,
) -> Allocation:
    """Allocate money from ``source`` to ``initiative``.

    Refused with :class:`OverspendError` if it would overspend a capped source,
    unless an administrator gives ``override_reason`` (logged).
    """
    amount = _valid_amount(source=source, initiative=initiative, year=year, amount=amount)
    purpose = (purpose or "").strip()
    with transaction.atomic():
        locked = FundingSource.objects.select_for_update().get(pk=source.pk)
        _check_earmarks(locked, year=year, amount=amount, purpose=purpose, exclude_id=None)
        before, after = balance_change(locked, after_extra=(year, amount))
        override_note = _check_balance(
            locked, before=before, after=after, actor=actor, override_reason=override_reason
        )
        order = Allocation.objects.filter(initiative=initiative).count()
        allocation = Allocation.objects.create(
            source=locked,
            initiative=initiative,
            year=year,
            amount=amount,
            purpose=purpose,
            note=note,
            override_reason=override_reason.strip() if override_note else "",
            order=order,
            from_plan_document=from_plan_document,
        )
        log_saved(actor=actor, obj=allocation, before=None, note=override_note, related=initiative)
    return allocation


def allocation_update(
    *,
    actor: Actor,
    allocation: Allocation,
    year: int | None,
    amount: Decimal | None,
    purpose: str = "",
    note: str = "",
    override_reason: str = "",
    source: FundingSource | None = None,
) -> Allocation:
    """Change an allocation (and, with ``source``, move it to another source).

    The same checks as :func:`allocation_create`, on what the change makes
    worse. An earlier approved override is kept while its source is still over
    its cap, and cleared once it no longer is.
    """
    purpose = (purpose or "").strip()
    target = source or allocation.source
    amount = _valid_amount(
        source=target, initiative=allocation.initiative, year=year, amount=amount
    )
    with transaction.atomic():
        # Lock both sources in id order: two moves in opposite directions
        # cannot deadlock.
        source_ids = sorted({allocation.source_id, target.pk})
        locked = {
            s.pk: s
            for s in FundingSource.objects.select_for_update()
            .filter(pk__in=source_ids)
            .order_by("pk")
        }
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        locked_target = locked[target.pk]
        before_state = snapshot(current)
        _check_earmarks(
            locked_target, year=year, amount=amount, purpose=purpose, exclude_id=current.pk
        )
        same_source = current.source_id == locked_target.pk
        before, after = balance_change(
            locked_target,
            exclude_allocation_id=current.pk,
            before_extra=(current.year, current.amount) if same_source else None,
            after_extra=(year, amount),
        )
        override_note = _check_balance(
            locked_target, before=before, after=after, actor=actor, override_reason=override_reason
        )
        if override_note:
            current.override_reason = override_reason.strip()
        elif not same_source or not after.problems():
            current.override_reason = ""
        current.source = locked_target
        current.year, current.amount, current.purpose, current.note = year, amount, purpose, note
        current.save()
        log_saved(
            actor=actor,
            obj=current,
            before=before_state,
            note=override_note,
            related=current.initiative,
        )
    return current


def allocation_delete(*, actor: Actor, allocation: Allocation) -> None:
    with transaction.atomic():
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        delete_logged(actor=actor, objects=[current], related=current.initiative)
