"""The money in a plan data file: funding sources, their amounts and earmarks,
and the allocations the plan document makes to its initiatives.

Funding stands above plans, so this module reads the plan's initiatives; the
plan's structure is loaded by ``plans.services.plan_load`` first (see
``funding.plan_loading``). Every write goes through the funding services: the
same locks, cap checks, earmark checks and change log as the budget pages.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.funding.choices import EXISTING_RESOURCES, SourceKind
from kompetenceplan.funding.models import Allocation, FundingSource
from kompetenceplan.funding.selectors import plan_funding_problems
from kompetenceplan.funding.services import (
    allocation_create,
    allocation_delete,
    budget_set,
    earmark_create,
    earmark_delete,
    source_create,
    source_update,
)
from kompetenceplan.plans.models import Plan, plan_item_keys


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _reason() -> str:
    return _("Indlæst fra planens datafil")


def plan_funding_load(
    *, actor: Actor, plan: Plan, data: dict[str, Any], file_name: str = ""
) -> bool:
    """Bring the plan's sources, amounts, earmarks and document allocations in
    line with ``data``; returns whether anything changed. Idempotent: what is
    already as the file says is not touched (and not logged). Allocations
    that users made are never touched."""
    file_name = file_name or f"{data.get('slug')}.yaml"
    problems = plan_funding_problems(data=data, file_name=file_name)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # Keyed by number, or by place in the file for initiatives without one.
        initiatives = {i.load_key: i for i in plan.initiatives.all()}
        items = data.get("initiatives") or []
        wanted = {
            key: [
                (
                    line["source"],
                    line.get("year"),
                    None if line.get("amount_dkk") is None else _decimal(line["amount_dkk"]),
                    line.get("purpose", ""),
                )
                for line in item.get("funding") or []
            ]
            for key, item in zip(plan_item_keys(items), items, strict=True)
        }
        current: dict[str, list[Allocation]] = {}
        for allocation in (
            Allocation.objects.filter(initiative__plan=plan, from_plan_document=True)
            .select_related("source", "initiative")
            .order_by("initiative_id", "order", "pk")
        ):
            current.setdefault(allocation.initiative.load_key, []).append(allocation)
        stale = {
            number
            for number in set(current) | set(wanted)
            if [(a.source.name, a.year, a.amount, a.purpose) for a in current.get(number, [])]
            != wanted.get(number, [])
        }
        changed = False
        # First take away what the file no longer says, so lowered amounts
        # below do not meet the old allocations.
        for number in sorted(stale):
            for allocation in current.get(number, []):
                allocation_delete(actor=actor, allocation=allocation)
                changed = True
        sources, sources_changed = _load_sources(
            actor, plan.municipality, data.get("funding_sources") or []
        )
        changed = changed or sources_changed
        for number in sorted(stale):
            for source_name, year, amount, purpose in wanted.get(number, []):
                allocation_create(
                    actor=actor,
                    initiative=initiatives[number],
                    source=sources[source_name],
                    year=year,
                    amount=amount,
                    purpose=purpose,
                    override_reason=_reason(),
                    from_plan_document=True,
                )
                changed = True
    return changed


def _load_sources(
    actor: Actor, municipality: Municipality, items: list[dict[str, Any]]
) -> tuple[dict[str, FundingSource], bool]:
    """Upsert the plan's funding sources (shared by the municipality's plans),
    their amounts and earmarks. A reloaded file that lowers an amount below
    what is allocated goes through as an override with the file as its reason
    (logged)."""
    result = {s.name: s for s in FundingSource.objects.filter(municipality=municipality)}
    reason = _reason()
    changed = False
    for item in items:
        yearly = {int(y): Decimal(a) for y, a in (item.get("yearly_amounts") or {}).items()}
        periods = item.get("period_amounts") or []
        source = result.get(item["name"])
        if source is None:
            source = source_create(
                actor=actor,
                municipality=municipality,
                name=item["name"],
                kind=item["kind"],
                description=item.get("description", ""),
                capped=bool(yearly or periods),
            )
            result[source.name] = source
            changed = True
        elif (yearly or periods) and not source.capped:
            source = source_update(actor=actor, source=source, capped=True, override_reason=reason)
            result[source.name] = source
            changed = True
        existing = {(b.year, b.label): (b.amount, b.note) for b in source.budgets.all()}
        amounts: list[tuple[int | None, str, Decimal, str]] = [
            (year, "", amount, "") for year, amount in yearly.items()
        ]
        amounts += [
            (None, p["label"], Decimal(p["amount_dkk"]), p.get("text", "")) for p in periods
        ]
        for year, label, amount, note in amounts:
            if existing.get((year, label)) == (amount, note.strip()):
                continue
            budget_set(
                actor=actor,
                source=source,
                year=year,
                label=label,
                amount=amount,
                note=note,
                override_reason=reason,
            )
            changed = True
        if "earmarks" in item:
            wanted = [
                (
                    e["kind"],
                    list(e.get("purposes") or []),
                    e.get("purpose", ""),
                    None if e.get("percent") is None else Decimal(str(e["percent"])),
                    e.get("text", ""),
                )
                for e in item["earmarks"] or []
            ]
            current = [
                (e.kind, list(e.purposes or []), e.purpose, e.percent, e.text)
                for e in source.earmarks.all()
            ]
            if current != wanted:
                for earmark in list(source.earmarks.all()):
                    earmark_delete(actor=actor, earmark=earmark)
                for kind, purposes, purpose, percent, text in wanted:
                    earmark_create(
                        actor=actor,
                        source=source,
                        kind=kind,
                        purposes=purposes,
                        purpose=purpose,
                        percent=percent,
                        text=text,
                    )
                changed = True
    if EXISTING_RESOURCES not in result:
        result[EXISTING_RESOURCES] = source_create(
            actor=actor,
            municipality=municipality,
            name=EXISTING_RESOURCES,
            kind=SourceKind.MUNICIPAL,
            capped=False,
            description=_("Finansieres inden for eksisterende ressourcer (intet særskilt beløb)."),
        )
        changed = True
    return result, changed
