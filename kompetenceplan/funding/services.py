"""Writes to funding. Money changes under a row lock on the funding source, so
two simultaneous allocations can never together overspend it.

Rules (the arithmetic is in :mod:`.balance`):

- An allocation that takes a capped source over its amount for a year, or over
  its total, is refused with :class:`OverspendError` (a Danish message with the
  amounts) unless an administrator gives an override reason. The approval is
  stored on the allocation and written to the change log's note. Anyone else
  who gives a reason gets ``PermissionDenied``. Only what a change makes worse
  is refused: reducing an allocation in a period that is already over its cap,
  or editing its note, is allowed.
- Earmarks: an *allowed purposes* earmark means every allocation from the
  source must name one of the purposes (with or without an amount). A *max
  share* earmark caps one purpose at N % of the source's amount for the
  allocation's year (when the source has yearly amounts) and at N % of its
  total. Earmarks cannot be overridden.
- An allocation may be moved to another source of the same municipality; both
  sources are locked (in id order, so two such moves cannot deadlock).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction, Role

from .balance import ZERO, Balance, new_problems
from .choices import EarmarkKind
from .models import MONEY, Allocation, Earmark, FundingSource
from .selectors import balance_change

MAX_AMOUNT = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])


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
        if earmark.kind == EarmarkKind.ALLOWED_PURPOSES and earmark.purposes:
            if purpose not in earmark.purposes:
                raise ValidationError(
                    _("%(source)s må kun finansiere: %(purposes)s. Vælg et af formålene.")
                    % {"source": source.name, "purposes": "; ".join(earmark.purposes)},
                    code="earmark",
                )
        elif (
            earmark.kind == EarmarkKind.MAX_SHARE
            and earmark.percent is not None
            and purpose == earmark.purpose
            and amount
        ):
            _check_share(source, earmark, year=year, amount=amount, exclude_id=exclude_id)


def _percent(value) -> str:
    """Decimal('10.00') -> '10', Decimal('12.50') -> '12,5' (Danish decimal comma)."""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _check_share(source, earmark: Earmark, *, year, amount: Decimal, exclude_id) -> None:
    budgets = list(source.budgets.all())
    if not budgets:
        return  # no amount to take a share of
    used = [
        (a.year, a.amount or ZERO)
        for a in source.allocations.filter(purpose=earmark.purpose).exclude(pk=exclude_id)
    ]
    checks = []
    if year is not None and any(b.year is not None for b in budgets):
        checks.append(
            (
                year,
                sum((b.amount for b in budgets if b.year == year), ZERO),
                sum((a for y, a in used if y == year), ZERO),
            )
        )
    checks.append((None, sum((b.amount for b in budgets), ZERO), sum((a for _y, a in used), ZERO)))
    for year_, base, spent in checks:
        limit = (base * earmark.percent / 100).quantize(Decimal("0.01"))
        if spent + amount <= limit:
            continue
        values = {
            "percent": _percent(earmark.percent),
            "source": source.name,
            "year": year_,
            "purpose": earmark.purpose,
            "limit": _kr(limit),
            "total": _kr(spent + amount),
        }
        if year_ is not None:
            message = _(
                "Højst %(percent)s %% af %(source)s i %(year)s må gå til %(purpose)s (%(limit)s); "
                "med denne bevilling bliver det %(total)s"
            )
        else:
            message = _(
                "Højst %(percent)s %% af %(source)s i alt må gå til %(purpose)s (%(limit)s); "
                "med denne bevilling bliver det %(total)s"
            )
        raise ValidationError(message % values, code="earmark_share")


def _check_balance(
    source: FundingSource,
    *,
    before: Balance,
    after: Balance,
    actor,
    override_reason: str,
) -> str:
    """Raise OverspendError unless the change makes no cap worse or an
    administrator overrides. Returns the note to log ('' when no override was
    needed)."""
    problems = new_problems(before, after)
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
        raise ValidationError(_("Kilden hører til en anden kommune."), code="municipality")
    if amount is not None:
        if not amount.is_finite():
            raise ValidationError(_("Beløbet er ugyldigt."), code="amount")
        if amount < 0:
            raise ValidationError(_("Beløbet kan ikke være negativt."), code="amount")
        if amount >= MAX_AMOUNT:
            raise ValidationError(_("Beløbet er for stort."), code="amount")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(_("Beløbet kan højst have to decimaler (øre)."), code="amount")
    if year is not None and not 1990 <= year <= 2100:
        raise ValidationError(_("Året %(year)s er ugyldigt.") % {"year": year}, code="year")


def _cents(amount: Decimal | None) -> Decimal | None:
    """Store and log amounts as the database holds them (two decimals)."""
    return None if amount is None else amount.quantize(Decimal("0.01"))


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
    purpose = (purpose or "").strip()
    _validate(source=source, initiative=initiative, year=year, amount=amount)
    amount = _cents(amount)
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
    source: FundingSource | None = None,
) -> Allocation:
    """Change an allocation (and, with ``source``, move it to another source).

    The same checks as :func:`allocation_create`, on what the change makes
    worse. An earlier approved override is kept while its source is still over
    its cap, and cleared once it no longer is.
    """
    amount = None if amount is None else Decimal(amount)
    purpose = (purpose or "").strip()
    target = source or allocation.source
    _validate(source=target, initiative=allocation.initiative, year=year, amount=amount)
    amount = _cents(amount)
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
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before_state,
            after=snapshot(current),
            note=override_note,
        )
    return current


def allocation_delete(*, actor, allocation: Allocation) -> None:
    with transaction.atomic():
        current = Allocation.objects.select_for_update().get(pk=allocation.pk)
        log_change(actor=actor, obj=current, action=ChangeAction.DELETE, before=snapshot(current))
        current.delete()
