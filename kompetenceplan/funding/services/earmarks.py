"""Earmarks on a source (administrators)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.types import Actor

from ..balance import (
    ZERO,
    EarmarkState,
    breaches_made_worse,
    earmark_breaches,
)
from ..choices import EarmarkKind
from ..errors import FundingError
from ..models import Allocation, Earmark, FundingBudget, FundingSource
from ._checks import (
    _allocation_lines,
    _allocations_of,
    _budget_rows,
    _earmark_state,
    _lock_source,
    _refuse_breaches,
)

EARMARK_FIELDS = ("kind", "purposes", "purpose", "percent", "text")


def _earmark_values(
    *,
    kind: str,
    purposes: list[str] | None = None,
    purpose: str = "",
    percent: Decimal | int | str | None = None,
    text: str = "",
) -> dict[str, Any]:
    """The earmark's fields, cleaned; the fields of the other kind are emptied."""
    text = (text or "").strip()
    max_purpose = Allocation._meta.get_field("purpose").max_length
    assert max_purpose is not None
    if kind == EarmarkKind.ALLOWED_PURPOSES:
        cleaned: list[str] = []
        for item in purposes or []:
            item = str(item).strip()
            if item and item not in cleaned:
                cleaned.append(item)
        if not cleaned:
            raise FundingError.PURPOSES_REQUIRED.error()
        for item in cleaned:
            if len(item) > max_purpose:
                raise FundingError.PURPOSES_TOO_LONG.error(max=max_purpose, purpose=item)
        return {"kind": kind, "purposes": cleaned, "purpose": "", "percent": None, "text": text}
    if kind == EarmarkKind.MAX_SHARE:
        purpose = (purpose or "").strip()
        if not purpose:
            raise FundingError.PURPOSE_REQUIRED.error()
        if len(purpose) > max_purpose:
            raise FundingError.PURPOSE_TOO_LONG.error(max=max_purpose)
        if percent is None:
            raise FundingError.PERCENT_REQUIRED.error()
        percent = Decimal(percent)
        if not percent.is_finite() or not ZERO <= percent <= 100:
            raise FundingError.PERCENT_RANGE.error()
        if percent != percent.quantize(Decimal("0.01")):
            raise FundingError.PERCENT_CENTS.error()
        return {
            "kind": kind,
            "purposes": [],
            "purpose": purpose,
            "percent": percent.quantize(Decimal("0.01")),
            "text": text,
        }
    raise FundingError.EARMARK_KIND.error()


def _refuse_earmark_breaks(
    locked: FundingSource, *, before: EarmarkState | None, after: dict[str, Any]
) -> None:
    """Refuse an earmark (new or changed) that existing allocations would break."""
    budgets = _budget_rows(FundingBudget.objects.filter(source=locked))
    allocations = _allocations_of(locked)
    lines = _allocation_lines(allocations)
    state = {k: after[k] for k in ("kind", "purposes", "purpose", "percent")}
    old = (
        earmark_breaches(**before, budgets=budgets, allocations=lines) if before is not None else []
    )
    new = earmark_breaches(**state, budgets=budgets, allocations=lines)
    _refuse_breaches(
        locked,
        [(state, b) for b in breaches_made_worse(old, new)],
        allocations,
        prefix=FundingError.EARMARK_NOT_SAVED,
    )


def earmark_create(
    *,
    actor: Actor,
    source: FundingSource,
    kind: str,
    purposes: list[str] | None = None,
    purpose: str = "",
    percent: Decimal | None = None,
    text: str = "",
) -> Earmark:
    """A new earmark: ``allowed_purposes`` with a list of ``purposes``, or
    ``max_share`` with a ``purpose`` and a ``percent`` (0-100). Refused, with
    the allocations named, when existing allocations of the source would break
    it."""
    values = _earmark_values(
        kind=kind, purposes=purposes, purpose=purpose, percent=percent, text=text
    )
    with transaction.atomic():
        locked = _lock_source(source.pk)
        _refuse_earmark_breaks(locked, before=None, after=values)
        earmark = Earmark.objects.create(source=locked, **values)
        log_saved(actor=actor, obj=earmark, before=None, related=earmark.source)
    return earmark


def earmark_update(*, actor: Actor, earmark: Earmark, **fields: Any) -> Earmark:
    """Change an earmark's ``kind``, ``purposes``, ``purpose``, ``percent`` or
    ``text``. Refused, with the allocations named, when the change makes
    existing allocations break it (allocations that already broke it before
    do not block other changes)."""
    unknown = set(fields) - set(EARMARK_FIELDS)
    if unknown:
        raise TypeError(f"earmark_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _lock_source(earmark.source_id)
        current = Earmark.objects.select_for_update().get(pk=earmark.pk)
        current.source = locked
        before = snapshot(current)
        values = _earmark_values(
            **{name: fields.get(name, getattr(current, name)) for name in EARMARK_FIELDS}
        )
        _refuse_earmark_breaks(locked, before=_earmark_state(current), after=values)
        for name, value in values.items():
            setattr(current, name, value)
        current.save()
        log_saved(actor=actor, obj=current, before=before, related=locked)
    return current


def earmark_delete(*, actor: Actor, earmark: Earmark) -> None:
    """Delete an earmark. Removing a rule only loosens what the source may
    fund, so no existing allocation can break by it; never refused."""
    with transaction.atomic():
        locked = _lock_source(earmark.source_id)
        current = Earmark.objects.select_for_update().get(pk=earmark.pk)
        current.source = locked
        delete_logged(actor=actor, objects=[current], related=locked)
