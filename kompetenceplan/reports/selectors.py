"""Reads for reports: the catalogue of initiatives as plain data, the plan
document model, and the document jobs a user may see.

Everything returned here is plain data (dicts, lists, str, int, Decimal), so
the renderers in :mod:`kompetenceplan.reports.documents` never touch the
database. Each selector runs a fixed number of queries, whatever the number of
initiatives (pinned in ``tests/test_selectors.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format

from kompetenceplan.core.models import Municipality
from kompetenceplan.core.permissions import Action, get_restricted_or_404, restrict
from kompetenceplan.core.types import ActingUser
from kompetenceplan.funding.balance import compute_balance
from kompetenceplan.funding.models import Allocation, FundingBudget, FundingSource
from kompetenceplan.plans.models import FocusArea, Initiative, Plan, number_sort_key

from .models import DocumentJob

UNDETERMINED_TIME = "Tidsforbrug ikke fastlagt."


def whole_kroner(amount: Decimal | None) -> int | None:
    """An allocation amount as an exact integer number of kroner.

    The plans state whole kroner only; an amount with øre would be silently
    rounded by ``int()``, so it is refused instead.
    """
    if amount is None:
        return None
    if amount != amount.to_integral_value():
        raise ValueError(f"Beløbet {amount} er ikke et helt antal kroner")
    return int(amount)


def _allocations_prefetch() -> Prefetch[str]:
    return Prefetch(
        "allocations",
        queryset=Allocation.objects.select_related("source").order_by("order", "id"),
    )


def _catalogue_plans(
    *,
    municipality: Municipality | None = None,
    user: ActingUser | None = None,
    plans: Iterable[Plan | int] | None = None,
) -> QuerySet[Plan]:
    queryset = Plan.objects.all()
    if user is not None:
        queryset = restrict(queryset, user, Action.VIEW)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if plans is not None:
        queryset = queryset.filter(pk__in=[getattr(p, "pk", p) for p in plans])
    if municipality is None and user is None and plans is None:
        raise ValueError("catalogue_data needs a municipality, a user or plans")
    return (
        queryset.select_related("municipality")
        .order_by("period_start", "title", "pk")
        .prefetch_related(
            "sections",
            "policies",
            "principles",
            "beacons",
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("number")),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.select_related("focus_area", "responsible_user")
                .prefetch_related(
                    _allocations_prefetch(),
                    "target_roles",
                    "target_functions",
                    "target_institutions",
                    "methods",
                    "policies",
                )
                .order_by("sort_key"),
            ),
        )
    )


def _number(value: Decimal | None) -> int | float | None:
    """A structured time figure as a JSON number (7, 2.5)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sources_of(plans: list[Plan]) -> dict[int, FundingSource]:
    """The funding sources the plans' initiatives draw on, with their amounts
    and earmarks (three queries for any number of plans)."""
    ids = {
        allocation.source_id
        for plan in plans
        for initiative in plan.initiatives.all()
        for allocation in initiative.allocations.all()
    }
    if not ids:
        return {}
    return {
        source.pk: source
        for source in FundingSource.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("budgets", queryset=FundingBudget.objects.order_by("year", "label")),
            "earmarks",
        )
    }


def _source_data(source: FundingSource) -> dict[str, Any]:
    return {
        "name": source.name,
        "kind": source.kind,
        "kind_label": str(source.get_kind_display()),
        "description": source.description,
        "capped": source.capped,
        "amounts": [
            {
                "year": budget.year,
                "label": budget.label,
                "amount_dkk": whole_kroner(budget.amount),
                "note": budget.note,
            }
            for budget in source.budgets.all()
        ],
        "earmarks": [
            {
                "kind": earmark.kind,
                "kind_label": str(earmark.get_kind_display()),
                "purposes": list(earmark.purposes or []),
                "purpose": earmark.purpose,
                "percent": _number(earmark.percent),
                "text": earmark.text,
            }
            for earmark in source.earmarks.all()
        ],
    }


def _catalogue_initiative(initiative: Initiative) -> dict[str, Any]:
    area = initiative.focus_area
    consultant = initiative.responsible_user
    return {
        # The first keys are the export's original ones; the rest carry
        # everything else the plan document says about the initiative.
        "number": initiative.number,
        "title": initiative.title,
        "focus_area": area.title if area else None,
        "target_group": initiative.target_group_text,
        "time_estimate": time_estimate_text(initiative),
        "status": initiative.status,
        "funding": [
            {
                "source": allocation.source.name,
                "year": allocation.year,
                "amount_dkk": whole_kroner(allocation.amount),
                "purpose": allocation.purpose,
            }
            for allocation in initiative.allocations.all()
        ],
        "focus_area_number": area.number if area else None,
        "status_label": str(initiative.get_status_display()),
        "status_note": initiative.status_note,
        "background": initiative.background,
        "target_roles": [r.name for r in initiative.target_roles.all()],
        "target_functions": [f.name for f in initiative.target_functions.all()],
        "target_institution_kinds": list(initiative.target_institution_kinds or []),
        "target_institutions": [i.name for i in initiative.target_institutions.all()],
        "cohort_size": initiative.cohort_size,
        "reach": initiative.reach,
        "time_undetermined": initiative.time_undetermined,
        "sessions": initiative.sessions,
        "hours_per_session": _number(initiative.hours_per_session),
        "days": _number(initiative.days),
        "hours_per_participant": _number(initiative.hours_per_participant),
        "hours_per_institution": _number(initiative.hours_per_institution),
        "methods": [m.name for m in initiative.methods.all()],
        "themes": list(initiative.themes or []),
        "responsible": initiative.responsible,
        "responsible_consultant": (consultant.get_full_name() or consultant.username)
        if consultant
        else None,
        "partners": list(initiative.partners or []),
        "policies": [p.name for p in initiative.policies.all()],
        "economy_text": initiative.economy_text,
    }


def catalogue_data(
    *,
    municipality: Municipality | None = None,
    user: ActingUser | None = None,
    plans: Iterable[Plan | int] | None = None,
) -> dict[str, Any]:
    """The initiative catalogue as JSON-ready data: every plan with what its
    document carries (introduction, sections, policies, principles, beacons,
    focus areas with statements, the sources it draws on with their amounts
    per year or period, and every initiative in full). A fixed number of
    queries, however many plans and initiatives (pinned in the tests).

    ``municipality`` narrows to one municipality, ``user`` to what the user may
    see, ``plans`` to the given plans (objects or ids); give at least one.
    Codes (``status``, ``kind``) come with their Danish labels.
    """
    with translation.override("da"):
        found = list(_catalogue_plans(municipality=municipality, user=user, plans=plans))
        sources = _sources_of(found)
        result = []
        for plan in found:
            initiatives = list(plan.initiatives.all())
            used: list[int] = []
            for initiative in initiatives:
                for allocation in initiative.allocations.all():
                    if allocation.source_id not in used:
                        used.append(allocation.source_id)
            result.append(
                {
                    "title": plan.title,
                    "sector": str(plan.sector),
                    "period": plan.period_label,
                    "status": plan.status,
                    "initiatives": [_catalogue_initiative(i) for i in initiatives],
                    "slug": plan.slug,
                    "municipality": plan.municipality.name,
                    **_plan_texts(plan),
                    "focus_areas": [_focus_area_data(area) for area in _focus_areas(plan)],
                    "sources": [
                        _source_data(sources[pk])
                        for pk in sorted(used, key=lambda pk: sources[pk].name.lower())
                    ],
                }
            )
    return {"plans": result}


def _plan_texts(plan: Plan) -> dict[str, Any]:
    """What the plan document says about the plan as a whole (the catalogue
    export and the document print the same)."""
    return {
        "status_label": str(plan.get_status_display()),
        "presented_to": list(plan.presented_to or []),
        "introduction": plan.introduction,
        "sections": [{"title": s.title, "text": s.text} for s in plan.sections.all()],
        "policies": [{"name": p.name, "description": p.description} for p in plan.policies.all()],
        "principles": [{"title": p.title, "text": p.text} for p in plan.principles.all()],
        "beacons": [
            {
                "level": b.level,
                "level_label": str(b.get_level_display()),
                "title": b.title,
                "text": b.text,
            }
            for b in plan.beacons.all()
        ],
    }


def _focus_areas(plan: Plan) -> list[FocusArea]:
    """The plan's focus areas in document order."""
    return sorted(plan.focus_areas.all(), key=lambda a: number_sort_key(a.number))


def _focus_area_data(area: FocusArea) -> dict[str, Any]:
    return {
        "number": area.number,
        "title": area.title,
        "description": area.description,
        "statements_heading": area.statements_heading,
        "statements": list(area.statements or []),
    }


# --- The plan document -------------------------------------------------------------


def time_estimate_text(initiative: Initiative) -> str:
    """ESTIMERET TIDSFORBRUG as printed: the plan's words, or the standard
    sentence when the plan leaves the time open."""
    if initiative.time_text:
        return initiative.time_text
    return UNDETERMINED_TIME if initiative.time_undetermined else ""


def _funding_lines(initiative: Initiative) -> list[dict[str, Any]]:
    return [
        {
            "source": a.source.name,
            "year": a.year,
            "amount": a.amount,
            "purpose": a.purpose,
        }
        for a in initiative.allocations.all()
    ]


def _initiative_data(initiative: Initiative) -> dict[str, Any]:
    return {
        "number": initiative.number,
        "title": initiative.title,
        # Numberless initiatives (seed 004) are labelled by their title alone
        # and anchored by their place in the plan.
        "label": initiative.label,
        "anchor": _anchor(initiative),
        "sort_key": initiative.sort_key,
        "level_label": str(initiative.get_level_display()) if initiative.level else "",
        "status": initiative.status,
        "status_label": str(initiative.get_status_display()),
        "background": initiative.background,
        "target_group": initiative.target_group_text,
        "time_estimate": time_estimate_text(initiative),
        "economy_text": initiative.economy_text,
        "funding": _funding_lines(initiative),
    }


def _anchor(initiative: Initiative) -> str:
    """'1.2' -> 'indsats-1-2'; without a number 'indsats-uden-nr-3' (its display order)."""
    if not initiative.number:
        return f"indsats-uden-nr-{initiative.display_order}"
    return "indsats-" + "".join(c if c.isalnum() else "-" for c in initiative.number)


def _economy_overview(plan: Plan, initiatives: list[Initiative]) -> list[dict[str, Any]]:
    """Per source the plan draws on: amount, allocated and remaining per year.

    Sources are shared across a municipality's plans, so *allocated* and
    *remaining* count every allocation of the source (as the funding pages do);
    *this plan* is the part allocated to this plan's initiatives.
    """
    source_ids: list[int] = []
    this_plan: dict[tuple[int, int | None], Decimal] = defaultdict(Decimal)
    for initiative in initiatives:
        for allocation in initiative.allocations.all():
            if allocation.source_id not in source_ids:
                source_ids.append(allocation.source_id)
            if allocation.amount is not None:
                this_plan[(allocation.source_id, allocation.year)] += allocation.amount
    if not source_ids:
        return []
    sources = FundingSource.objects.filter(pk__in=source_ids).prefetch_related(
        Prefetch("budgets", queryset=FundingBudget.objects.order_by("year", "label")),
        Prefetch("allocations", queryset=Allocation.objects.only("source_id", "year", "amount")),
    )
    overview = []
    for source in sorted(sources, key=lambda s: s.name.lower()):
        balance = compute_balance(
            capped=source.capped,
            budgets=[(b.year, b.label, b.amount) for b in source.budgets.all()],
            allocations=[(a.year, a.amount) for a in source.allocations.all()],
        )
        rows = [
            {
                "year": row.year,
                "label": row.label if row.year is None else str(row.year),
                "amount": row.amount,
                "allocated": row.allocated,
                "this_plan": this_plan.get((source.pk, row.year), Decimal(0)),
                "remaining": row.remaining,
                "overspent": row.overspent,
            }
            for row in balance.rows
        ]
        overview.append(
            {
                "source": source.name,
                "kind_label": str(source.get_kind_display()),
                "capped": source.capped,
                "rows": rows,
                "total_amount": balance.total_amount,
                "total_allocated": balance.total_allocated,
                "total_this_plan": sum(
                    (v for (sid, _y), v in this_plan.items() if sid == source.pk), Decimal(0)
                ),
                "total_remaining": balance.total_remaining,
            }
        )
    return overview


def plan_document_data(plan: Plan) -> dict[str, Any]:
    """Everything the printed plan shows, as plain data (a fixed number of
    queries: the plan's parts, its initiatives with their funding lines, and
    the balances of the sources they draw on). Labels are Danish, as the
    document is, whatever language the requesting user has chosen."""
    with translation.override("da"):
        return _plan_document_data(plan)


def _plan_document_data(plan: Plan) -> dict[str, Any]:
    plan = (
        Plan.objects.select_related("municipality")
        .prefetch_related(
            "sections",
            "principles",
            "beacons",
            "policies",
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("number")),
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.prefetch_related(_allocations_prefetch()).order_by(
                    "sort_key"
                ),
            ),
        )
        .get(pk=plan.pk)
    )
    initiatives = list(plan.initiatives.all())
    by_area: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for initiative in initiatives:
        by_area[initiative.focus_area_id].append(_initiative_data(initiative))
    focus_areas = [
        {**_focus_area_data(area), "initiatives": by_area.pop(area.pk, [])}
        for area in _focus_areas(plan)
    ]
    # Initiatives without a focus area (Viborg's plan has none) come last, in order.
    loose = [item for items in by_area.values() for item in items]
    loose.sort(key=lambda item: item["sort_key"])
    return {
        "generated": date_format(timezone.localdate(), "j. F Y"),
        "municipality": plan.municipality.name,
        "municipality_label": str(plan.municipality),
        "title": plan.title,
        "period": plan.period_label,
        "status": plan.status,
        **_plan_texts(plan),
        "focus_areas": focus_areas,
        "other_initiatives": loose,
        # Document order (under their focus areas, then the rest): the contents list.
        "initiatives": [
            {
                "number": item["number"],
                "title": item["title"],
                "label": item["label"],
                "anchor": item["anchor"],
            }
            for item in [i for area in focus_areas for i in area["initiatives"]] + loose
        ],
        "economy": _economy_overview(plan, initiatives),
    }


# --- Jobs ------------------------------------------------------------------------------


def document_job_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> DocumentJob:
    """One job through the gate (404 outside the user's scope)."""
    return get_restricted_or_404(
        DocumentJob.objects.select_related("plan", "municipality"), user, action, pk=pk
    )


def plan_for_document(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Plan:
    """The plan a user asks a document for: any plan the user may view."""
    return get_restricted_or_404(Plan.objects.all(), user, action, pk=pk)


# --- The committee's status report -----------------------------------------------------

FEW_ANSWERS = "Færre end 5 svar"
#: The group of initiatives outside every focus area (last in the report).
NO_FOCUS_AREA = "Uden indsatsområde"
#: An initiative without a final survey in the year.
NO_EVALUATION = "–"


def report_year_label(plan: Plan, year: int) -> str:
    """'2018/19' for a plan in school years, '2025' for one in calendar years."""
    from kompetenceplan.plans.choices import PeriodKind

    if plan.period_kind == PeriodKind.SCHOOL_YEARS:
        return f"{year}/{(year + 1) % 100:02d}"
    return str(year)


def report_years(plan: Plan) -> list[int]:
    """The years a status report can be made for: the plan's period (to this
    year when the period is open-ended)."""
    end = plan.period_end if plan.period_end is not None else timezone.localdate().year
    return list(range(plan.period_start, max(plan.period_start, end) + 1))


def _cohort_school_year(year: int) -> str:
    """Cohorts run in school years; a report year counts the school year that
    begins in it (2018 -> '2018/19')."""
    return f"{year}/{(year + 1) % 100:02d}"


def status_report_data(plan: Plan, year: int, language: str = "da") -> dict[str, Any]:
    """The committee's status report of ``plan`` for ``year`` as plain data
    (its words in ``language``: the committee's documents are Danish, the page
    follows the reader's language),
    like Viborg's 2018/19 status table: per initiative its status and status
    note, participants reached against the seats of the year's cohorts, money
    allocated and spent (the allocations of the calendar year ``year``), and
    the summative evaluation (only for five or more answers; otherwise
    :data:`FEW_ANSWERS`). Always Danish.

    Rows come in the plan's order under their focus areas (``groups``: the
    heading, "1. Sprog", and its rows; those without a focus area last under
    :data:`NO_FOCUS_AREA`); ``initiatives`` is the same rows, flat. Each row
    has its level's Danish label (``level_label``, seed 004) or "".

    Queries: initiatives, allocations, enrolment counts, spending (one per
    spending source), the rollout targets and the evaluations (at most four,
    :func:`evaluation.selectors.initiative_summaries`); none per initiative.
    """
    from django.db.models import Count, Q, Sum

    from kompetenceplan.cohorts.choices import SEATED_STATUSES, EnrolmentStatus
    from kompetenceplan.cohorts.models import Cohort
    from kompetenceplan.evaluation.selectors import initiative_summaries, surveyed_initiatives
    from kompetenceplan.funding.extensions import spent_by_allocation

    with translation.override(language):
        school_year = _cohort_school_year(year)
        initiatives = list(
            plan.initiatives.select_related("focus_area")
            .prefetch_related(
                Prefetch(
                    "allocations",
                    queryset=Allocation.objects.filter(
                        models.Q(year=year) | models.Q(year__isnull=True)
                    )
                    .select_related("source")
                    .order_by("order", "id"),
                )
            )
            .order_by("sort_key", "pk")
        )
        # The plan's order: by focus area (as the plan document orders them),
        # then by number / display order; those without a focus area last.
        initiatives.sort(key=_group_order)
        counts: dict[int, dict[str, Any]] = {
            row["initiative_id"]: dict(row)
            for row in Cohort.objects.filter(initiative__plan=plan, school_year=school_year)
            .values("initiative_id")
            .annotate(
                cohorts=Count("pk", distinct=True),
                participants=Count("enrolments", filter=Q(enrolments__status__in=SEATED_STATUSES)),
                completed=Count(
                    "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED)
                ),
            )
            .order_by()
        }
        seats = {
            row["initiative_id"]: row["seats"] or 0
            for row in Cohort.objects.filter(initiative__plan=plan, school_year=school_year)
            .values("initiative_id")
            .annotate(seats=Sum("capacity"))
            .order_by()
        }
        allocation_ids = [a.pk for i in initiatives for a in i.allocations.all()]
        spent = spent_by_allocation(allocation_ids)
        # The summative evaluations of all initiatives at once (the
        # anonymity rule applied in evaluation.selectors; at most four queries).
        summaries = initiative_summaries([i.pk for i in initiatives], school_year=school_year)
        # Without a final survey the report says "–", not "Færre end 5 svar".
        surveyed = surveyed_initiatives([i.pk for i in initiatives], school_year=school_year)
        rollouts = _rollouts_in(plan, school_year)
        rows = []
        total_allocated = total_spent = Decimal(0)
        total_undated = total_undated_spent = Decimal(0)
        total_participants = total_completed = total_cohorts = total_seats = 0
        for initiative in initiatives:
            dated = [a for a in initiative.allocations.all() if a.year is not None]
            undated = [a for a in initiative.allocations.all() if a.year is None]
            allocated = sum((a.amount or Decimal(0) for a in dated), Decimal(0))
            used = sum((spent.get(a.pk, Decimal(0)) for a in dated), Decimal(0))
            undated_allocated = sum((a.amount or Decimal(0) for a in undated), Decimal(0))
            undated_used = sum((spent.get(a.pk, Decimal(0)) for a in undated), Decimal(0))
            count = counts.get(initiative.pk, {})
            summary = summaries.get(initiative.pk)
            row = {
                "label": " ".join(p for p in (initiative.number, initiative.title) if p),
                "focus_area": initiative.focus_area.title if initiative.focus_area else "",
                # "1. Sprog" as the plan page shows a focus area.
                "focus_area_label": str(initiative.focus_area)
                if initiative.focus_area
                else NO_FOCUS_AREA,
                "level_label": str(initiative.get_level_display()) if initiative.level else "",
                "status": initiative.status,
                "status_label": str(initiative.get_status_display()),
                "status_note": initiative.status_note,
                "cohorts": count.get("cohorts", 0),
                "participants": count.get("participants", 0),
                "completed": count.get("completed", 0),
                "seats": seats.get(initiative.pk, 0),
                "rollout": rollouts.get(initiative.pk),
                # The year's allocations ("–" where the initiative has none).
                "has_dated": bool(dated),
                "allocated": allocated,
                "spent": used,
                # Allocations for a period, not a year (Ishøj's "2024/2025 og
                # 2025/2026"): the whole amount, and all that is spent of it;
                # shown only where there is an amount or spending.
                "has_undated": bool(undated_allocated or undated_used),
                "undated_allocated": undated_allocated,
                "undated_spent": undated_used,
                "sources": sorted({a.source.name for a in initiative.allocations.all()}),
                "evaluation": None
                if summary is None
                else {
                    "responses": summary.responses,
                    "mean": summary.mean,
                    "questions": [{"text": text, "mean": mean} for text, mean in summary.questions],
                },
                "surveyed": initiative.pk in surveyed,
                "evaluation_text": _evaluation_text(summary.responses, summary.mean)
                if summary is not None
                else FEW_ANSWERS
                if initiative.pk in surveyed
                else NO_EVALUATION,
            }
            total_allocated += allocated
            total_spent += used
            total_undated += undated_allocated
            total_undated_spent += undated_used
            total_participants += row["participants"]
            total_completed += row["completed"]
            total_cohorts += row["cohorts"]
            total_seats += row["seats"]
            rows.append(row)
        now = timezone.localtime()
        return {
            "title": f"Status {report_year_label(plan, year)}: {plan.title}",
            "plan_title": plan.title,
            "municipality_label": f"{plan.municipality.name} Kommune",
            "year": year,
            "year_label": report_year_label(plan, year),
            "school_year": school_year,
            "period": plan.period_label,
            "generated": date_format(now, "j. F Y"),
            "initiatives": rows,
            "groups": _status_groups(rows),
            "totals": {
                "has_dated": any(row["has_dated"] for row in rows),
                "allocated": total_allocated,
                "spent": total_spent,
                "has_undated": any(row["has_undated"] for row in rows),
                "undated_allocated": total_undated,
                "undated_spent": total_undated_spent,
                "participants": total_participants,
                "completed": total_completed,
                "cohorts": total_cohorts,
                "seats": total_seats,
            },
        }


def _group_order(initiative: Initiative) -> tuple[int, str, str, str, int]:
    area = initiative.focus_area
    if area is None:
        return (1, "", "", initiative.sort_key, initiative.pk)
    return (0, number_sort_key(area.number), area.number, initiative.sort_key, initiative.pk)


def _status_groups(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's rows (already in the plan's order) under their focus
    areas: ``heading`` ("1. Sprog", or "Uden indsatsområde" for the rest) and
    ``initiatives``. Focus areas without initiatives are left out. A plan
    without any focus area gets no headings (``heading`` is "")."""
    if not any(row["focus_area"] for row in rows):
        return [{"heading": "", "initiatives": rows}] if rows else []
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["heading"] != row["focus_area_label"]:
            groups.append({"heading": row["focus_area_label"], "initiatives": []})
        groups[-1]["initiatives"].append(row)
    return groups


def _rollouts_in(plan: Plan, school_year: str) -> dict[int, dict[str, Any]]:
    """Each rollout target of the plan's initiatives (cohorts/rollouts.py) by
    the end of ``school_year``: the target group's size, how many of them have
    taken part (the target's criterion, in its school years up to this one)
    and the straight-line plan for this year. The same figures as the rollout
    page's total row, in at most four queries for the whole plan."""
    from kompetenceplan.cohorts.models import Enrolment, RolloutTarget
    from kompetenceplan.cohorts.rollouts import (
        qualifying_statuses,
        school_years_from,
        straight_line,
    )
    from kompetenceplan.organisation.models import Employment
    from kompetenceplan.organisation.permissions import current_employments_q

    targets = list(
        RolloutTarget.objects.filter(initiative__plan=plan).prefetch_related("target_roles")
    )
    if not targets:
        return {}
    roles = {t.pk: {r.pk for r in t.target_roles.all()} for t in targets}
    employments = list(
        Employment.objects.filter(
            current_employments_q(),
            person__municipality_id=plan.municipality_id,
            institution__municipality_id=plan.municipality_id,
            job_role_id__in={r for ids in roles.values() for r in ids},
        ).values_list("person_id", "job_role_id", "institution__kind", "institution__sector")
    )
    taken: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for initiative_id, person_id, year, status in Enrolment.objects.filter(
        cohort__initiative_id__in=[t.initiative_id for t in targets],
        cohort__school_year__lte=school_year,
    ).values_list("cohort__initiative_id", "person_id", "cohort__school_year", "status"):
        taken[initiative_id].append((person_id, year, status))
    out = {}
    for target in targets:
        people = {
            person_id
            for person_id, role_id, kind, sector in employments
            if role_id in roles[target.pk]
            and (not target.institution_kinds or kind in target.institution_kinds)
            and (not target.sector or sector == target.sector)
        }
        years = school_years_from(target.first_school_year, target.school_years)
        statuses = qualifying_statuses(target.criterion)
        reached = {
            person_id
            for person_id, year, status in taken[target.initiative_id]
            if person_id in people and year in years and status in statuses
        }
        begun = sum(1 for year in years if year <= school_year)
        out[target.initiative_id] = {
            "population": len(people),
            "reached": len(reached),
            "plan": straight_line(len(people), begun, target.school_years),
            "period": f"{years[0]}–{years[-1]}" if len(years) > 1 else years[0],
        }
    return out


def rollout_text(rollout: dict[str, Any] | None) -> str:
    """'7 af 40 (plan 10)'; '–' without a rollout target."""
    if rollout is None:
        return "–"
    plan = f"{rollout['plan'].normalize():f}".replace(".", ",")
    return f"{rollout['reached']} af {rollout['population']} (plan {plan})"


def _evaluation_text(responses: int, mean: float | None) -> str:
    """'Gennemsnit 4,2 af 5 (12 svar)'."""
    answers = f"{responses} svar"
    if mean is None:
        return answers
    return f"Gennemsnit {str(mean).replace('.', ',')} af 5 ({answers})"


def status_report_plan_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Plan:
    """A plan the user may view, for its status report page."""
    return get_restricted_or_404(Plan.objects.select_related("municipality"), user, action, pk=pk)


def committee_documents(*, user: ActingUser) -> list[dict[str, Any]]:
    """Udvalgsmateriale: the finished documents (plan documents and status
    reports) of the plans the user may view, grouped per plan, newest first
    (two queries)."""
    jobs = (
        restrict(DocumentJob.objects.all(), user, Action.VIEW)
        .filter(status="done", format__in=["pdf", "docx"])
        .select_related("plan")
        .order_by("plan__period_start", "plan__title", "plan_id", "-finished_at", "-pk")
    )
    grouped: dict[int, dict[str, Any]] = {}
    for job in jobs:
        entry = grouped.setdefault(job.plan_id, {"plan": job.plan, "documents": []})
        entry["documents"].append(job)
    return list(grouped.values())


def committee_plans(*, user: ActingUser) -> QuerySet[Plan]:
    """The plans whose status report the user may open (those they may view)."""
    return restrict(Plan.objects.all(), user, Action.VIEW).order_by("-period_start", "title", "pk")
