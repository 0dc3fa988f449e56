"""Local development plans (docs/support.md, "Lokale udviklingsplaner").

- Per institution and school year (one plan each): headings with text, linked
  initiatives, progression goals and needs for practice-near support.
- The institution's leader writes it (create and change); the administration
  reads all of the municipality's (permissions.py).
- Every save is written to the change log (the plan with its initiatives;
  each section as its own row with the plan as parent), so the page's
  history shows which section changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from kompetenceplan.core.changelog import delete_logged, log_saved, snapshot
from kompetenceplan.core.choices import Role
from kompetenceplan.core.errors import combine
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.models import Institution
from kompetenceplan.plans.models import Initiative

from ..errors import LocalPlanError
from ..models import LocalPlan, LocalPlanSection

SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _check_school_year(value: str) -> str:
    value = (value or "").strip()
    match = SCHOOL_YEAR.match(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise LocalPlanError.SCHOOL_YEAR.error()
    return value


def _sections(sections: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(heading, text) pairs: empty ones dropped; a text needs a heading."""
    result, errors = [], []
    for number, (heading, text) in enumerate(sections, start=1):
        heading, text = (heading or "").strip(), (text or "").strip()
        if not heading and not text:
            continue
        if not heading:
            errors.append((None, LocalPlanError.HEADING_REQUIRED.item(number=number)))
        result.append((heading, text))
    if errors:
        raise combine(errors)
    return result


def _save_sections(actor: Actor, plan: LocalPlan, wanted: list[tuple[str, str]]) -> None:
    """Make the plan's sections ``wanted``, in order: a changed section is
    updated, a new one created and a removed one deleted, each logged with the
    plan as its parent (so the plan's history shows it)."""
    existing = list(plan.sections.order_by("order", "id"))
    for order, (heading, text) in enumerate(wanted):
        if order < len(existing):
            section = existing[order]
            before = snapshot(section)
            section.heading, section.text, section.order = heading, text, order
            section.save()
            log_saved(actor=actor, obj=section, before=before, related=plan)
        else:
            section = LocalPlanSection.objects.create(
                local_plan=plan, order=order, heading=heading, text=text
            )
            log_saved(actor=actor, obj=section, before=None, related=plan)
    if len(existing) > len(wanted):
        delete_logged(actor=actor, objects=existing[len(wanted) :], related=plan)


def _check_writer(actor: Actor, institution: Institution) -> None:
    user: Any = actor
    if getattr(user, "role", None) != Role.LEADER:
        raise LocalPlanError.NOT_ALLOWED.error()
    if (
        institution.municipality_id != user.municipality_id
        or institution.pk not in user.institution_ids
    ):
        raise LocalPlanError.INSTITUTION.error()


def _check_initiatives(initiatives: Sequence[Initiative], municipality_id: int) -> None:
    if any(i.plan.municipality_id != municipality_id for i in initiatives):
        raise LocalPlanError.INITIATIVE_MUNICIPALITY.error()


def local_plan_create(
    *,
    actor: Actor,
    institution: Institution,
    school_year: str,
    sections: Iterable[tuple[str, str]] = (),
    initiatives: Sequence[Initiative] = (),
    progression_goals: str = "",
    support_needs: str = "",
) -> LocalPlan:
    _check_writer(actor, institution)
    school_year = _check_school_year(school_year)
    cleaned = _sections(sections)
    _check_initiatives(initiatives, institution.municipality_id)
    with transaction.atomic():
        if LocalPlan.objects.filter(institution=institution, school_year=school_year).exists():
            raise LocalPlanError.EXISTS.error(institution=institution.name, school_year=school_year)
        plan = LocalPlan.objects.create(
            municipality_id=institution.municipality_id,
            institution=institution,
            school_year=school_year,
            progression_goals=(progression_goals or "").strip(),
            support_needs=(support_needs or "").strip(),
        )
        plan.initiatives.set(initiatives)
        log_saved(actor=actor, obj=plan, before=None, related=institution, exclude=["updated_at"])
        _save_sections(actor, plan, cleaned)
    return plan


def local_plan_update(
    *,
    actor: Actor,
    local_plan: LocalPlan,
    sections: Iterable[tuple[str, str]] = (),
    initiatives: Sequence[Initiative] = (),
    progression_goals: str = "",
    support_needs: str = "",
) -> LocalPlan:
    _check_writer(actor, local_plan.institution)
    cleaned = _sections(sections)
    _check_initiatives(initiatives, local_plan.municipality_id)
    with transaction.atomic():
        current = LocalPlan.objects.select_for_update().get(pk=local_plan.pk)
        before = snapshot(current, exclude=["updated_at"])
        current.progression_goals = (progression_goals or "").strip()
        current.support_needs = (support_needs or "").strip()
        current.save()
        current.initiatives.set(initiatives)
        log_saved(
            actor=actor,
            obj=current,
            before=before,
            related=current.institution,
            exclude=["updated_at"],
        )
        _save_sections(actor, current, cleaned)
    return current
