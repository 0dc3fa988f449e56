"""Funding sources (administrators)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kompetenceplan.core.changelog import log_change, log_saved, snapshot
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor

from ..errors import FundingError
from ..models import Allocation, FundingBudget, FundingSource
from ._checks import (
    _approve_overspend,
    _budget_rows,
    _check_kind,
    _check_name_free,
    _duplicate_name,
    _lock_source,
    _new_cap_problems,
    _source_name,
)

SOURCE_FIELDS = ("name", "kind", "description", "capped")


def source_create(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    kind: str,
    description: str = "",
    capped: bool = True,
) -> FundingSource:
    """A new funding source for ``municipality``. The name is unique in the
    municipality (case-insensitively). A new source has no allocations, so
    ``capped`` needs no check."""
    name = _source_name(name)
    _check_kind(kind)
    try:
        with transaction.atomic():
            # "Does this name exist yet" for a tenant: lock the municipality row.
            Municipality.objects.select_for_update().get(pk=municipality.pk)
            _check_name_free(municipality.pk, name)
            source = FundingSource.objects.create(
                municipality_id=municipality.pk,
                name=name,
                kind=kind,
                description=(description or "").strip(),
                capped=bool(capped),
            )
            log_change(actor=actor, obj=source, action=ChangeAction.CREATE, after=snapshot(source))
    except IntegrityError:  # the named constraint, should the check ever miss
        raise _duplicate_name(name) from None
    return source


def source_update(
    *, actor: Actor, source: FundingSource, override_reason: str = "", **fields: Any
) -> FundingSource:
    """Change a source's ``name``, ``kind``, ``description`` or ``capped``.

    Turning ``capped`` on for a source whose allocations exceed its amounts is
    refused with :class:`OverspendError` (the figures in Danish) unless an
    administrator gives ``override_reason`` (written to the change log's note).
    """
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"source_update() got unexpected fields: {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = _source_name(fields["name"])
    if "kind" in fields:
        _check_kind(fields["kind"])
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    if "capped" in fields:
        fields["capped"] = bool(fields["capped"])
    try:
        with transaction.atomic():
            current = _lock_source(source.pk)
            before = snapshot(current)
            if "name" in fields and fields["name"] != current.name:
                _check_name_free(current.municipality_id, fields["name"], exclude_id=current.pk)
            note = ""
            if fields.get("capped") and not current.capped:
                budgets = _budget_rows(FundingBudget.objects.filter(source=current))
                problems = _new_cap_problems(
                    current,
                    budgets,
                    budgets,
                    Allocation.objects.filter(source=current).only("year", "amount"),
                    capped_after=True,
                )
                note = _approve_overspend(
                    problems,
                    actor=actor,
                    override_reason=override_reason,
                    source=current,
                    refusal=FundingError.OVERSPEND_CAPPED,
                )
            for name, value in fields.items():
                setattr(current, name, value)
            current.save()
            log_saved(actor=actor, obj=current, before=before, note=note)
    except IntegrityError:
        raise _duplicate_name(fields["name"]) from None
    return current
