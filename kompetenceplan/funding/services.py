"""Writes to funding. Money changes under a row lock on the funding source, so
two simultaneous allocations can never together overspend it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction, Role

from .choices import EarmarkKind
from .models import Allocation, Earmark, FundingSource
from .selectors import source_balance


class OverspendError(ValidationError):
    """The allocation would take a source over its amount; needs an override."""


def _kr(amount: Decimal) -> str:
    from kompetenceplan.core.templatetags.kp import kr

    return kr(amount)


def _check_earmarks(
    source: FundingSource,
    *,
    year: int | None,
    amount: Decimal | None,
    purpose: str,
    exclude_id: int | None,
) -> None:
    for earmark in Earmark.objects.filter(source=source):
        if earmark.kind == EarmarkKind.ALLOWED_PURPOSES and earmark.purposes and amount:
            if purpose not in earmark.purposes:
                raise ValidationError(
                    _("%(source)s må kun finansiere: %(purposes)s. Vælg et af formålene.")
                    % {"source": source.name, "purposes": "; ".join(earmark.purposes)},
                    code="earmark",
                )
        elif earmark.kind == EarmarkKind.MAX_SHARE and purpose == earmark.purpose and amount:
            budget = sum((b.amount for b in source.budgets.filter(year=year)), Decimal(0))
            limit = (budget * earmark.percent / 100).quantize(Decimal("0.01"))
            used = sum(
                (
                    a.amount or 0
                    for a in source.allocations.filter(year=year, purpose=purpose).exclude(
                        pk=exclude_id
                    )
                ),
                Decimal(0),
            )
            if used + amount > limit:
                raise ValidationError(
                    _(
                        "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s); "
                        "med denne bevilling bliver det %(total)s."
                    )
                    % {
                        "percent": f"{earmark.percent:g}",
                        "source": source.name,
                        "year": year or "",
                        "purpose": purpose,
                        "limit": _kr(limit),
                        "total": _kr(used + amount),
                    },
                    code="earmark_share",
                )


def _check_balance(
    source: FundingSource, *, year, amount, exclude_id, actor, override_reason: str
) -> str:
    """Raise OverspendError unless the balance holds or an administrator overrides.
    Returns the note to log ('' when no override was needed)."""
    balance = source_balance(source, exclude_allocation_id=exclude_id, extra=(year, amount))
    problems = balance.problems()
    if not problems:
        return ""
    details = "; ".join(
        _("%(period)s: %(allocated)s bevilget af %(amount)s")
        % {
            "period": year_ if year_ is not None else _("i alt"),
            "allocated": _kr(allocated),
            "amount": _kr(cap),
        }
        for year_, cap, allocated in problems
    )
    if not override_reason.strip():
        raise OverspendError(
            _(
                "Bevillingen overskrider %(source)s (%(details)s). En administrator kan godkende overskridelsen "
                "med en begrundelse."
            )
            % {"source": source.name, "details": details},
            code="overspend",
        )
    if actor is not None and getattr(actor, "role", None) != Role.ADMINISTRATOR:
        raise PermissionDenied(_("Kun en administrator kan godkende en overskridelse."))
    return _("Overskridelse godkendt (%(details)s): %(reason)s") % {
        "details": details,
        "reason": override_reason.strip(),
    }


def _validate(*, source, initiative, year, amount):
    if source.municipality_id != initiative.plan.municipality_id:
        raise ValidationError(_("Kilden hører til en anden kommune."))
    if amount is not None and amount < 0:
        raise ValidationError(_("Beløbet kan ikke være negativt."))
    if year is not None and not 1990 <= year <= 2100:
        raise ValidationError(_("Året %(year)s er ugyldigt.") % {"year": year})


def allocation_create(
    *,
    actor,
    initiative,
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
    amount = None if amount is None else Decimal(amount)
    _validate(source=source, initiative=initiative, year=year, amount=amount)
    with transaction.atomic():
        locked = FundingSource.objects.select_for_update().get(pk=source.pk)
        _check_earmarks(locked, year=year, amount=amount, purpose=purpose, exclude_id=None)
        override_note = ""
        if amount:
            override_note = _check_balance(
                locked,
                year=year,
                amount=amount,
                exclude_id=None,
                actor=actor,
                override_reason=override_reason,
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
        log_change(
            actor=actor,
            obj=allocation,
            action=ChangeAction.CREATE,
            after=snapshot(allocation),
            note=override_note,
        )
    return allocation


def allocation_update(
    *,
    actor,
    allocation: Allocation,
    year: int | None,
    amount: Decimal | None,
    purpose: str = "",
    note: str = "",
    override_reason: str = "",
) -> Allocation:
    amount = None if amount is None else Decimal(amount)
    _validate(source=allocation.source, initiative=allocation.initiative, year=year, amount=amount)
    with transaction.atomic():
        locked_source = FundingSource.objects.select_for_update().get(pk=allocation.source_id)
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        before = snapshot(current)
        _check_earmarks(
            locked_source, year=year, amount=amount, purpose=purpose, exclude_id=current.pk
        )
        override_note = ""
        if amount:
            override_note = _check_balance(
                locked_source,
                year=year,
                amount=amount,
                exclude_id=current.pk,
                actor=actor,
                override_reason=override_reason,
            )
        current.year, current.amount, current.purpose, current.note = year, amount, purpose, note
        current.override_reason = override_reason.strip() if override_note else ""
        current.save()
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
            note=override_note,
        )
    return current


def allocation_delete(*, actor, allocation: Allocation) -> None:
    with transaction.atomic():
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        log_change(actor=actor, obj=current, action=ChangeAction.DELETE, before=snapshot(current))
        current.delete()
