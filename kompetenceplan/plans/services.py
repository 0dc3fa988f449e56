"""Writes to plans: loading a plan document's data, editing initiatives,
copying a plan to a new period."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import (
    build_entry,
    delete_logged,
    log_change,
    log_changes_bulk,
    log_saved,
    snapshot,
)
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.organisation.models import Institution, JobRole
from kompetenceplan.organisation.selectors import resource_functions_of

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
    initiative_load_key,
    number_sort_key,
    plan_item_number,
)
from .selectors import methods_of, plan_data_problems, plan_data_words


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def _entry(
    actor: Actor,
    obj: models.Model,
    action: str,
    *,
    municipality_id: int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    related: models.Model | None = None,
) -> ChangeLogEntry:
    """An unsaved entry for the bulk log; ``related`` is the object's parent
    (the plan), so the parent's history lists it."""
    entry = build_entry(
        actor=actor, obj=obj, action=action, before=before, after=after, note=note, related=related
    )
    if entry.municipality_id is None:
        entry.municipality_id = municipality_id
    return entry


def _initiative_dependents(initiatives: list[Initiative]) -> list[str]:
    """Rows of other apps that deleting ``initiatives`` would delete with them
    (an app above plans, such as funding, hangs its rows on initiatives)."""
    found: list[str] = []
    ids = [i.pk for i in initiatives]
    for relation in Initiative._meta.related_objects:
        if relation.many_to_many or relation.related_model._meta.app_label == "plans":
            continue
        if relation.on_delete is not models.CASCADE:
            continue
        rows = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        found += [str(row) for row in rows]
    return found


def plan_load(*, actor: Actor, data: dict[str, Any], file_name: str = "") -> tuple[Plan, bool]:
    """Create or update a plan's structure from its data file (see
    plans/data/README.md): the plan, its policies, sections, beacons,
    principles, focus areas and initiatives with their target groups. The
    money in the file is funding's (``funding.plan_loading``).

    Refused with a ValidationError naming the file, the initiative and the
    word when a word cannot be mapped (nothing is written), and when a
    reload would delete an initiative that other rows (allocations) hang on.
    Idempotent: the same data twice changes nothing (returns ``changed=False``).
    Every created, changed and deleted row is logged with the plan as its
    parent (``related``), deletions through ``delete_logged``.
    """
    file_name = file_name or f"{data.get('slug')}.yaml"
    problems = plan_data_problems(data=data, file_name=file_name)
    if problems:
        raise ValidationError(problems)
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
        entries: list[ChangeLogEntry] = []
        policies = {
            p["name"]: _policy(actor, municipality, p["name"], p.get("description", ""), entries)
            for p in data.get("policies") or []
        }
        plan.policies.set(policies.values())
        _replace_parts(
            actor,
            plan,
            plan.sections.all(),
            [
                PlanSection(
                    plan=plan, order=i, title=s["title"], text=(s.get("text") or "").strip()
                )
                for i, s in enumerate(data.get("sections") or [])
            ],
            ("order", "title", "text"),
            entries,
        )
        _replace_parts(
            actor,
            plan,
            plan.beacons.all(),
            [
                Beacon(
                    plan=plan,
                    order=i,
                    level=b["level"],
                    title=b.get("title", ""),
                    text=b["text"].strip(),
                )
                for i, b in enumerate(data.get("beacons") or [])
            ],
            ("order", "level", "title", "text"),
            entries,
        )
        _replace_parts(
            actor,
            plan,
            plan.principles.all(),
            [
                Principle(plan=plan, order=i, title=p["title"], text=(p.get("text") or "").strip())
                for i, p in enumerate(data.get("principles") or [])
            ],
            ("order", "title", "text"),
            entries,
        )
        focus_areas = _load_focus_areas(actor, plan, data.get("focus_areas") or [], entries)
        _load_initiatives(
            actor, plan, data.get("initiatives") or [], focus_areas, policies, entries
        )
        # Focus areas the file no longer has go after the initiatives have
        # moved off them, so each initiative's own entry shows the change.
        delete_logged(
            actor=actor,
            objects=plan.focus_areas.exclude(number__in=list(focus_areas)),
            related=plan,
        )
        entry = _entry(
            actor,
            plan,
            ChangeAction.IMPORT,
            municipality_id=municipality.pk,
            before=before,
            after=snapshot(plan),
            note=_("Indlæst fra planens datafil %(slug)s") % {"slug": data["slug"]},
        )
        log_changes_bulk([entry, *entries])
    return plan, True


def _policy(
    actor: Actor,
    municipality: Municipality,
    name: str,
    description: str,
    entries: list[ChangeLogEntry],
) -> Policy:
    policy, created = Policy.objects.get_or_create(
        municipality=municipality, name=name, defaults={"description": description}
    )
    if created:
        entries.append(
            _entry(
                actor,
                policy,
                ChangeAction.CREATE,
                municipality_id=municipality.pk,
                after=snapshot(policy),
            )
        )
    elif description and not policy.description:
        before = snapshot(policy)
        policy.description = description
        policy.save(update_fields=["description"])
        entries.append(
            _entry(
                actor,
                policy,
                ChangeAction.UPDATE,
                municipality_id=municipality.pk,
                before=before,
                after=snapshot(policy),
            )
        )
    return policy


def _replace_parts(
    actor: Actor,
    plan: Plan,
    current_qs: QuerySet[Any],
    wanted: list[Any],
    fields: tuple[str, ...],
    entries: list[ChangeLogEntry],
) -> None:
    """Replace a plan's sections (beacons, principles) when they changed; every
    deleted and created row is logged."""
    current = list(current_qs.order_by("order", "pk"))
    if [tuple(getattr(o, f) for f in fields) for o in current] == [
        tuple(getattr(o, f) for f in fields) for o in wanted
    ]:
        return
    delete_logged(actor=actor, objects=current, related=plan)
    for obj in wanted:
        obj.save()
        entries.append(
            _entry(
                actor,
                obj,
                ChangeAction.CREATE,
                municipality_id=plan.municipality_id,
                after=snapshot(obj),
                related=plan,
            )
        )


def _load_focus_areas(
    actor: Actor, plan: Plan, items: list[dict[str, Any]], entries: list[ChangeLogEntry]
) -> dict[str, FocusArea]:
    result = {}
    existing = {a.number: a for a in plan.focus_areas.all()}
    for item in items:
        number = str(item["number"])
        area = existing.get(number)
        before = snapshot(area) if area else None
        area, _created = FocusArea.objects.update_or_create(
            plan=plan,
            number=number,
            defaults={
                "title": item["title"],
                "description": (item.get("description") or "").strip(),
                "statements_heading": item.get("statements_heading", ""),
                "statements": list(item.get("statements") or []),
            },
        )
        after = snapshot(area)
        if before != after:
            entries.append(
                _entry(
                    actor,
                    area,
                    ChangeAction.UPDATE if before else ChangeAction.CREATE,
                    municipality_id=plan.municipality_id,
                    before=before,
                    after=after,
                    related=plan,
                )
            )
        result[area.number] = area
    return result


def _decimal(value: Any) -> Decimal | None:
    """As the database stores it (two decimals), so a reload compares equal."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _initiative_values(item: dict[str, Any]) -> dict[str, Any]:
    """An initiative's field values from its entry in a plan data file."""
    target = item.get("target_group") or {}
    time = item.get("time_estimate") or {}
    return {
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
        "level": item.get("level") or "",
    }


def _load_initiatives(
    actor: Actor,
    plan: Plan,
    items: list[dict[str, Any]],
    focus_areas: dict[str, FocusArea],
    policies: dict[str, Policy],
    entries: list[ChangeLogEntry],
) -> None:
    roles = {r.name.lower(): r for r in JobRole.objects.all()}
    functions = {
        f.name.lower(): f for f in resource_functions_of(municipality_id=plan.municipality_id)
    }
    institutions = {
        i.name.lower(): i for i in Institution.objects.filter(municipality=plan.municipality_id)
    }
    existing = {initiative_load_key(i.number, i.display_order): i for i in plan.initiatives.all()}
    keys = {
        initiative_load_key(plan_item_number(item), order)
        for order, item in enumerate(items, start=1)
    }
    gone = [i for k, i in existing.items() if k not in keys]
    dependents = _initiative_dependents(gone)
    if dependents:
        raise ValidationError(
            _(
                "Planen kan ikke genindlæses: indsatser, som datafilen ikke længere har, "
                "har rækker, der ville blive slettet med dem: %(rows)s."
            )
            % {"rows": "; ".join(dependents)}
        )
    delete_logged(actor=actor, objects=gone, related=plan)
    for order, item in enumerate(items, start=1):
        number = plan_item_number(item)
        target = item.get("target_group") or {}
        defaults = {
            "display_order": order,
            "sort_key": number_sort_key(number, order),
            "focus_area": focus_areas.get(str(item.get("focus_area")))
            if item.get("focus_area")
            else None,
            **_initiative_values(item),
        }
        current = existing.get(initiative_load_key(number, order))
        before = snapshot(current) if current else None
        if current is None:
            initiative = Initiative.objects.create(plan=plan, number=number, **defaults)
        else:
            initiative = current
            for name, value in defaults.items():
                setattr(initiative, name, value)
            initiative.save()
        initiative.target_roles.set(
            [roles[w.lower()] for w in plan_data_words(target.get("roles"))]
        )
        initiative.target_functions.set(
            [functions[w.lower()] for w in plan_data_words(target.get("resource_functions"))]
        )
        initiative.target_institutions.set(
            [institutions[w.lower()] for w in plan_data_words(target.get("institutions"))]
        )
        initiative.methods.set(
            [_method(actor, m, plan, entries) for m in item.get("methods") or []]
        )
        initiative.policies.set([policies[p] for p in plan_data_words(item.get("policies"))])
        after = snapshot(initiative)
        if before != after:
            entries.append(
                _entry(
                    actor,
                    initiative,
                    ChangeAction.IMPORT,
                    municipality_id=plan.municipality_id,
                    before=before,
                    after=after,
                    note=_("Fra planens datafil"),
                    related=plan,
                )
            )


def _method(actor: Actor, name: str, plan: Plan, entries: list[ChangeLogEntry]) -> Method:
    """The plan's municipality's method of that name, created if missing (ADR 0013)."""
    method, created = methods_of(municipality_id=plan.municipality_id).get_or_create(
        name=name, defaults={"municipality_id": plan.municipality_id}
    )
    if created:
        entries.append(
            _entry(
                actor,
                method,
                ChangeAction.CREATE,
                municipality_id=plan.municipality_id,
                after=snapshot(method),
            )
        )
    return method


# --- Editing -----------------------------------------------------------------------------

#: Every field of an initiative the services edit, in the order a form shows them.
INITIATIVE_EDITABLE = [
    "number",
    "title",
    "focus_area",
    "level",
    "status",
    "status_note",
    "background",
    "target_group_text",
    "target_roles",
    "target_functions",
    "target_institution_kinds",
    "target_institutions",
    "cohort_size",
    "reach",
    "time_text",
    "time_undetermined",
    "sessions",
    "hours_per_session",
    "days",
    "hours_per_participant",
    "hours_per_institution",
    "methods",
    "policies",
    "themes",
    "responsible",
    "responsible_user",
    "partners",
    "economy_text",
]
INITIATIVE_M2M = ["target_roles", "target_functions", "target_institutions", "methods", "policies"]
#: The plain fields (the number also sets the sort key).
INITIATIVE_FIELDS = [
    name for name in INITIATIVE_EDITABLE if name not in INITIATIVE_M2M and name != "number"
]


def _initiative_check(data: dict[str, Any], *, plan_id: int, municipality_id: int) -> None:
    """Refuse a focus area of another plan, reference data of another
    municipality (methods, resource functions, institutions, policies: ADR 0013)
    and a formula in the texts."""
    if data.get("focus_area") is not None and data["focus_area"].plan_id != plan_id:
        raise PlansError.FOCUS_AREA_OTHER_PLAN.error()
    for name in ("methods", "target_functions", "target_institutions", "policies"):
        if any(row.municipality_id != municipality_id for row in data.get(name) or ()):
            raise PlansError.OTHER_MUNICIPALITY.error(field=name)
    _check_texts(data, ("title", "number"))


def _initiative_store(
    *, actor: Actor, initiative: Initiative, data: dict[str, Any], before: dict[str, Any] | None
) -> None:
    """Validate and save the initiative, set its many-to-many fields from
    ``data`` and log it (a creation when ``before`` is None)."""
    initiative.full_clean()
    initiative.save()
    for name in INITIATIVE_M2M:
        if name in data:
            getattr(initiative, name).set(data[name])
    log_saved(actor=actor, obj=initiative, before=before, related=initiative.plan)


def initiative_update(*, actor: Actor, initiative: Initiative, data: dict[str, Any]) -> Initiative:
    """Change an initiative's fields (those present in ``data``); logged."""
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        before = snapshot(current)
        _initiative_check(
            data, plan_id=current.plan_id, municipality_id=initiative.plan.municipality_id
        )
        for name in INITIATIVE_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        if "number" in data and (data["number"] or "") != current.number:
            current.number = (data["number"] or "").strip()
            if not current.number:
                current.display_order = _next_display_order(current.plan_id)
            current.sort_key = number_sort_key(current.number, current.display_order)
        _initiative_store(actor=actor, initiative=current, data=data, before=before)
    return current


def plan_copy(
    *, actor: Actor, plan: Plan, slug: str, title: str, period_start: int, period_end: int | None
) -> Plan:
    """Copy a plan to a new period: structure and initiatives, not allocations.

    Refused (PlansError on its field, nothing written) when the title starts
    like a formula, the period ends before it starts or the short name is
    taken in the municipality."""
    _check_texts({"title": title}, ("title",))
    _check_period(period_start, period_end)
    with transaction.atomic():
        source = Plan.objects.select_for_update().get(pk=plan.pk)
        if Plan.objects.filter(municipality_id=source.municipality_id, slug=slug).exists():
            raise PlansError.SLUG_TAKEN.error(slug=slug)
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
        created: list[models.Model] = []
        created += PlanSection.objects.bulk_create(
            PlanSection(plan=copy, order=s.order, title=s.title, text=s.text)
            for s in source.sections.all()
        )
        created += Beacon.objects.bulk_create(
            Beacon(plan=copy, order=b.order, level=b.level, title=b.title, text=b.text)
            for b in source.beacons.all()
        )
        created += Principle.objects.bulk_create(
            Principle(plan=copy, order=p.order, title=p.title, text=p.text)
            for p in source.principles.all()
        )
        area_map: dict[int | None, FocusArea] = {}
        for area in source.focus_areas.all():
            area_map[area.pk] = FocusArea.objects.create(
                plan=copy,
                number=area.number,
                title=area.title,
                description=area.description,
                statements_heading=area.statements_heading,
                statements=area.statements,
            )
        created += area_map.values()
        for initiative in source.initiatives.prefetch_related(*INITIATIVE_M2M):
            values = {name: getattr(initiative, name) for name in INITIATIVE_FIELDS}
            values["focus_area"] = area_map.get(initiative.focus_area_id)
            new = Initiative.objects.create(
                plan=copy,
                number=initiative.number,
                sort_key=initiative.sort_key,
                display_order=initiative.display_order,
                **values,
            )
            for name in INITIATIVE_M2M:
                getattr(new, name).set(getattr(initiative, name).all())
            created.append(new)
        note = _("Kopieret fra %(title)s") % {"title": source.title}
        log_changes_bulk(
            [
                _entry(
                    actor,
                    obj,
                    ChangeAction.CREATE,
                    municipality_id=copy.municipality_id,
                    after=snapshot(obj),
                    note=note,
                    related=None if obj is copy else copy,
                )
                for obj in [copy, *created]
            ]
        )
    return copy


def _check_texts(data: dict[str, Any], names: Iterable[str]) -> None:
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


def plan_update(*, actor: Actor, plan: Plan, data: dict[str, Any]) -> Plan:
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


def initiative_create(*, actor: Actor, plan: Plan, data: dict[str, Any]) -> Initiative:
    """Add a numbered initiative to a plan; logged."""
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        number = (data.get("number") or "").strip()
        if number and Initiative.objects.filter(plan=plan, number=number).exists():
            raise PlansError.INITIATIVE_NUMBER_TAKEN.error(number=number)
        _initiative_check(data, plan_id=plan.pk, municipality_id=plan.municipality_id)
        values = {name: data[name] for name in INITIATIVE_FIELDS if name in data}
        order = _next_display_order(plan.pk)
        initiative = Initiative(
            plan=plan,
            number=number,
            display_order=order,
            sort_key=number_sort_key(number, order),
            **values,
        )
        _initiative_store(actor=actor, initiative=initiative, data=data, before=None)
    return initiative


def _next_display_order(plan_id: int) -> int:
    """After the plan's last initiative (a new or renumbered one without a number)."""
    last = Initiative.objects.filter(plan_id=plan_id).aggregate(last=models.Max("display_order"))[
        "last"
    ]
    return (last or 0) + 1


def focus_area_save(
    *, actor: Actor, plan: Plan, data: dict[str, Any], focus_area: FocusArea | None = None
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
