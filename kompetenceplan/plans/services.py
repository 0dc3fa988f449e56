"""Writes to plans: loading a plan document's data, editing initiatives,
copying a plan to a new period."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_change, snapshot
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.funding import services as funding_services
from kompetenceplan.funding.choices import EXISTING_RESOURCES
from kompetenceplan.funding.models import Allocation, FundingSource
from kompetenceplan.funding.services import allocation_create
from kompetenceplan.organisation.models import JobRole, ResourceFunction

from .choices import InitiativeStatus, PlanStatus
from .errors import PlansError
from .models import (
    Beacon,
    FocusArea,
    Initiative,
    Method,
    Plan,
    PlanSection,
    Policy,
    Principle,
    number_sort_key,
)


def _digest(data: dict) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def plan_load(*, actor, data: dict) -> tuple[Plan, bool]:
    """Create or update a plan from its data file (see plans/data/README.md).

    Idempotent: the same data twice changes nothing (returns ``changed=False``).
    Initiatives and focus areas are upserted on their numbers; the plan's own
    text parts (sections, beacons, principles) and the allocations that came
    from the document are replaced.
    """
    digest = _digest(data)
    with transaction.atomic():
        municipality = Municipality.objects.select_for_update().get(code=data["municipality"])
        plan = Plan.objects.filter(municipality=municipality, slug=data["slug"]).first()
        if plan is not None and plan.source_hash == digest:
            return plan, False
        before = snapshot(plan) if plan else None
        period = data["period"]
        fields = {
            "title": data["title"],
            "sectors": list(data["sectors"]),
            "period_kind": period["kind"],
            "period_start": period["start"],
            "period_end": period.get("end"),
            "status": data.get("status", PlanStatus.DRAFT),
            "presented_to": list(data.get("presented_to") or []),
            "introduction": (data.get("introduction") or "").strip(),
            "notes": (data.get("notes") or "").strip(),
            "source_hash": digest,
        }
        if plan is None:
            plan = Plan.objects.create(municipality=municipality, slug=data["slug"], **fields)
        else:
            for name, value in fields.items():
                setattr(plan, name, value)
            plan.save()
        policies = {
            p["name"]: _policy(municipality, p["name"], p.get("description", ""))
            for p in data.get("policies") or []
        }
        plan.policies.set(policies.values())
        plan.sections.all().delete()
        PlanSection.objects.bulk_create(
            PlanSection(plan=plan, order=i, title=s["title"], text=(s.get("text") or "").strip())
            for i, s in enumerate(data.get("sections") or [])
        )
        plan.beacons.all().delete()
        Beacon.objects.bulk_create(
            Beacon(
                plan=plan,
                order=i,
                level=b["level"],
                title=b.get("title", ""),
                text=b["text"].strip(),
            )
            for i, b in enumerate(data.get("beacons") or [])
        )
        plan.principles.all().delete()
        Principle.objects.bulk_create(
            Principle(plan=plan, order=i, title=p["title"], text=(p.get("text") or "").strip())
            for i, p in enumerate(data.get("principles") or [])
        )
        focus_areas = _load_focus_areas(plan, data.get("focus_areas") or [])
        sources = _load_sources(actor, municipality, data.get("funding_sources") or [])
        _load_initiatives(
            actor, plan, data.get("initiatives") or [], focus_areas, policies, sources
        )
        log_change(
            actor=actor,
            obj=plan,
            action=ChangeAction.IMPORT,
            before=before,
            after=snapshot(plan),
            note=_("Indlæst fra planens datafil %(slug)s") % {"slug": data["slug"]},
        )
    return plan, True


def _policy(municipality, name: str, description: str) -> Policy:
    policy, _created = Policy.objects.get_or_create(
        municipality=municipality, name=name, defaults={"description": description}
    )
    if description and not policy.description:
        policy.description = description
        policy.save(update_fields=["description"])
    return policy


def _load_focus_areas(plan: Plan, items: list[dict]) -> dict[str, FocusArea]:
    result = {}
    for item in items:
        area, _created = FocusArea.objects.update_or_create(
            plan=plan,
            number=str(item["number"]),
            defaults={
                "title": item["title"],
                "description": (item.get("description") or "").strip(),
                "statements_heading": item.get("statements_heading", ""),
                "statements": list(item.get("statements") or []),
            },
        )
        result[area.number] = area
    plan.focus_areas.exclude(number__in=list(result)).delete()
    return result


def _load_sources(actor, municipality, items: list[dict]) -> dict[str, FundingSource]:
    """Upsert the plan's funding sources (shared by the municipality's plans),
    their amounts and earmarks, through the funding services: the same locks,
    cap checks, earmark checks and change log as the budget pages. A reloaded
    file that lowers an amount below what is allocated goes through as an
    override with the file as its reason (logged)."""
    result = {s.name: s for s in FundingSource.objects.filter(municipality=municipality)}
    reason = _("Indlæst fra planens datafil")
    for item in items:
        yearly = {int(y): Decimal(a) for y, a in (item.get("yearly_amounts") or {}).items()}
        periods = item.get("period_amounts") or []
        source = result.get(item["name"])
        if source is None:
            source = funding_services.source_create(
                actor=actor,
                municipality=municipality,
                name=item["name"],
                kind=item["kind"],
                description=item.get("description", ""),
                capped=bool(yearly or periods),
            )
            result[source.name] = source
        elif (yearly or periods) and not source.capped:
            source = funding_services.source_update(
                actor=actor, source=source, capped=True, override_reason=reason
            )
        amounts = [(year, "", amount, "") for year, amount in yearly.items()]
        amounts += [
            (None, p["label"], Decimal(p["amount_dkk"]), p.get("text", "")) for p in periods
        ]
        for year, label, amount, note in amounts:
            funding_services.budget_set(
                actor=actor,
                source=source,
                year=year,
                label=label,
                amount=amount,
                note=note,
                override_reason=reason,
            )
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
                    funding_services.earmark_delete(actor=actor, earmark=earmark)
                for kind, purposes, purpose, percent, text in wanted:
                    funding_services.earmark_create(
                        actor=actor,
                        source=source,
                        kind=kind,
                        purposes=purposes,
                        purpose=purpose,
                        percent=percent,
                        text=text,
                    )
    if EXISTING_RESOURCES not in result:
        result[EXISTING_RESOURCES] = funding_services.source_create(
            actor=actor,
            municipality=municipality,
            name=EXISTING_RESOURCES,
            kind="municipal",
            capped=False,
            description=_("Finansieres inden for eksisterende ressourcer (intet særskilt beløb)."),
        )
    return result


def _decimal(value):
    return None if value is None else Decimal(str(value))


def _load_initiatives(actor, plan, items, focus_areas, policies, sources) -> None:
    roles = {r.name.lower(): r for r in JobRole.objects.all()}
    functions = {f.name.lower(): f for f in ResourceFunction.objects.all()}
    numbers = []
    Allocation.objects.filter(initiative__plan=plan, from_plan_document=True).delete()
    for item in items:
        number = str(item["number"])
        numbers.append(number)
        target = item.get("target_group") or {}
        time = item.get("time_estimate") or {}
        defaults = {
            "sort_key": number_sort_key(number),
            "focus_area": focus_areas.get(str(item.get("focus_area")))
            if item.get("focus_area")
            else None,
            "title": item["title"],
            "background": (item.get("background") or "").strip(),
            "target_group_text": (target.get("text") or "").strip(),
            "target_institution_kinds": list(target.get("institution_kinds") or []),
            "cohort_size": target.get("cohort_size"),
            "reach": target.get("reach", ""),
            "time_text": (time.get("text") or "").strip(),
            "time_undetermined": bool(time.get("undetermined")),
            "sessions": time.get("sessions"),
            "hours_per_session": _decimal(time.get("hours_per_session")),
            "days": _decimal(time.get("days")),
            "hours_per_participant": _decimal(time.get("hours_per_participant")),
            "hours_per_institution": _decimal(time.get("hours_per_institution")),
            "themes": list(item.get("themes") or []),
            "status": item.get("status", InitiativeStatus.PLANNED),
            "status_note": item.get("status_note", ""),
            "responsible": item.get("responsible", ""),
            "partners": list(item.get("partners") or []),
            "economy_text": (item.get("economy_text") or "").strip(),
        }
        existing = Initiative.objects.filter(plan=plan, number=number).first()
        before = snapshot(existing) if existing else None
        initiative, _created = Initiative.objects.update_or_create(
            plan=plan, number=number, defaults=defaults
        )
        initiative.target_roles.set(
            [roles[r.lower()] for r in target.get("roles") or [] if r.lower() in roles]
        )
        initiative.target_functions.set(
            [
                functions[f.lower()]
                for f in target.get("resource_functions") or []
                if f.lower() in functions
            ]
        )
        initiative.methods.set(
            [Method.objects.get_or_create(name=m)[0] for m in item.get("methods") or []]
        )
        initiative.policies.set([policies[p] for p in item.get("policies") or [] if p in policies])
        log_change(
            actor=actor,
            obj=initiative,
            action=ChangeAction.IMPORT,
            before=before,
            after=snapshot(initiative),
            note=_("Fra planens datafil"),
        )
        for line in item.get("funding") or []:
            source = sources.get(line["source"])
            if source is None:
                raise ValidationError(
                    _("Indsats %(number)s: kilden “%(source)s” findes ikke i planen")
                    % {"number": number, "source": line["source"]}
                )
            allocation_create(
                actor=actor,
                initiative=initiative,
                source=source,
                year=line.get("year"),
                amount=_decimal(line.get("amount_dkk")),
                purpose=line.get("purpose", ""),
                from_plan_document=True,
            )
    plan.initiatives.exclude(number__in=numbers).delete()


# --- Editing -----------------------------------------------------------------------------

INITIATIVE_FIELDS = [
    "title",
    "focus_area",
    "background",
    "target_group_text",
    "target_institution_kinds",
    "cohort_size",
    "reach",
    "time_text",
    "time_undetermined",
    "sessions",
    "hours_per_session",
    "days",
    "hours_per_participant",
    "hours_per_institution",
    "themes",
    "status",
    "status_note",
    "responsible",
    "responsible_user",
    "partners",
    "economy_text",
]
INITIATIVE_M2M = ["target_roles", "target_functions", "target_institutions", "methods", "policies"]


def initiative_update(*, actor, initiative: Initiative, data: dict) -> Initiative:
    """Change an initiative's fields (those present in ``data``); logged."""
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        before = snapshot(current)
        if (
            "focus_area" in data
            and data["focus_area"] is not None
            and data["focus_area"].plan_id != current.plan_id
        ):
            raise PlansError.FOCUS_AREA_OTHER_PLAN.error()
        _check_texts(data, ("title", "number"))
        for name in INITIATIVE_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        if "number" in data and data["number"] != current.number:
            current.number = data["number"]
            current.sort_key = number_sort_key(current.number)
        current.full_clean()
        current.save()
        for name in INITIATIVE_M2M:
            if name in data:
                getattr(current, name).set(data[name])
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
            related=current.plan,
        )
    return current


def plan_copy(
    *, actor, plan: Plan, slug: str, title: str, period_start: int, period_end: int | None
) -> Plan:
    """Copy a plan to a new period: structure and initiatives, not allocations."""
    if period_end is not None and period_end < period_start:
        raise ValidationError(_("Periodens slutår ligger før startåret."))
    with transaction.atomic():
        source = Plan.objects.select_for_update().get(pk=plan.pk)
        if Plan.objects.filter(municipality_id=source.municipality_id, slug=slug).exists():
            raise ValidationError(
                _("Der findes allerede en plan med kortnavnet “%(slug)s”.") % {"slug": slug}
            )
        copy = Plan.objects.create(
            municipality_id=source.municipality_id,
            slug=slug,
            title=title,
            sectors=source.sectors,
            period_kind=source.period_kind,
            period_start=period_start,
            period_end=period_end,
            status=PlanStatus.DRAFT,
            presented_to=source.presented_to,
            introduction=source.introduction,
            copied_from=source,
        )
        copy.policies.set(source.policies.all())
        PlanSection.objects.bulk_create(
            PlanSection(plan=copy, order=s.order, title=s.title, text=s.text)
            for s in source.sections.all()
        )
        Beacon.objects.bulk_create(
            Beacon(plan=copy, order=b.order, level=b.level, title=b.title, text=b.text)
            for b in source.beacons.all()
        )
        Principle.objects.bulk_create(
            Principle(plan=copy, order=p.order, title=p.title, text=p.text)
            for p in source.principles.all()
        )
        area_map = {}
        for area in source.focus_areas.all():
            area_map[area.pk] = FocusArea.objects.create(
                plan=copy,
                number=area.number,
                title=area.title,
                description=area.description,
                statements_heading=area.statements_heading,
                statements=area.statements,
            )
        for initiative in source.initiatives.prefetch_related(*INITIATIVE_M2M):
            values = {name: getattr(initiative, name) for name in INITIATIVE_FIELDS}
            values["focus_area"] = area_map.get(initiative.focus_area_id)
            new = Initiative.objects.create(
                plan=copy, number=initiative.number, sort_key=initiative.sort_key, **values
            )
            for name in INITIATIVE_M2M:
                getattr(new, name).set(getattr(initiative, name).all())
        log_change(
            actor=actor,
            obj=copy,
            action=ChangeAction.CREATE,
            after=snapshot(copy),
            note=_("Kopieret fra %(title)s") % {"title": source.title},
        )
    return copy


def _check_texts(data: dict, names) -> None:
    """Names and titles may not start like a spreadsheet formula."""
    for name in names:
        if name in data:
            check_no_formula(str(data[name] or ""), field=name)


def _check_period(start: int | None, end: int | None) -> None:
    if start is not None and end is not None and end < start:
        raise PlansError.PERIOD_END_BEFORE_START.error()


PLAN_FIELDS = [
    "title",
    "status",
    "period_kind",
    "period_start",
    "period_end",
    "presented_to",
    "committee_date",
    "fallesmed_date",
    "introduction",
]


def plan_update(*, actor, plan: Plan, data: dict) -> Plan:
    """Change a plan's own fields (administrators); logged."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        before = snapshot(current)
        _check_texts(data, ("title",))
        for name in PLAN_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        _check_period(current.period_start, current.period_end)
        current.full_clean()
        current.save()
        log_change(
            actor=actor,
            obj=current,
            action=ChangeAction.UPDATE,
            before=before,
            after=snapshot(current),
        )
    return current


def initiative_create(*, actor, plan: Plan, data: dict) -> Initiative:
    """Add a numbered initiative to a plan; logged."""
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        number = data["number"].strip()
        if Initiative.objects.filter(plan=plan, number=number).exists():
            raise PlansError.INITIATIVE_NUMBER_TAKEN.error(number=number)
        if data.get("focus_area") is not None and data["focus_area"].plan_id != plan.pk:
            raise PlansError.FOCUS_AREA_OTHER_PLAN.error()
        _check_texts(data, ("title", "number"))
        values = {name: data[name] for name in INITIATIVE_FIELDS if name in data}
        initiative = Initiative(
            plan=plan, number=number, sort_key=number_sort_key(number), **values
        )
        initiative.full_clean()
        initiative.save()
        for name in INITIATIVE_M2M:
            if name in data:
                getattr(initiative, name).set(data[name])
        log_change(
            actor=actor,
            obj=initiative,
            action=ChangeAction.CREATE,
            after=snapshot(initiative),
            related=plan,
        )
    return initiative


def focus_area_save(
    *, actor, plan: Plan, data: dict, focus_area: FocusArea | None = None
) -> FocusArea:
    """Create or change a focus area with its statements; logged."""
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        number = str(data["number"]).strip()
        clash = FocusArea.objects.filter(plan=plan, number=number)
        if focus_area is not None:
            clash = clash.exclude(pk=focus_area.pk)
        if clash.exists():
            raise PlansError.FOCUS_AREA_NUMBER_TAKEN.error(number=number)
        before = snapshot(focus_area) if focus_area else None
        area = focus_area or FocusArea(plan=plan)
        area.number = number
        for name in ("title", "description", "statements_heading", "statements"):
            if name in data:
                setattr(area, name, data[name])
        area.full_clean()
        area.save()
        log_change(
            actor=actor,
            obj=area,
            action=ChangeAction.UPDATE if before else ChangeAction.CREATE,
            before=before,
            after=snapshot(area),
            related=plan,
        )
    return area
