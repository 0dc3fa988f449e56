"""Coverage targets from the transcribed plans (docs/coverage.md "Mål").

A plan data file (plans/data/*.yaml) may hold ``coverage_targets``: Viborg's
85 % in 2016/17 (achieved), 90 % in 2018/19 and full coverage by 2020;
Horsens' full coverage in 2020. Each becomes a ``CoverageTarget`` of the
plan's municipality for all grades (grade band ``all``):

- ``school_year: "2016/17"`` is used as printed;
- a calendar year alone (``school_year: null, year: 2020``) means the school
  year that ends in it: 2020 -> 2019/20 (a target "by 2020" is met or missed
  with the school year that ends in the summer of 2020);
- ``percent`` as given ("fuld kompetencedækning" is 100), ``achieved`` when
  the text says so; the source is the plan's title and the original wording.

Loading is idempotent and runs whenever a plan file is loaded (the demo and
``manage.py load_plan``), through ``plans.extensions.plan_data_parts``
(registered in ``coverage/registration.py``). A target that a user set for the
same school year (its source is not this plan's) is left as it is; targets
the file no longer has are not deleted. Writes go through the change log,
with the plan as the related object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.types import Actor
from kompetenceplan.plans.models import Plan

from .choices import GradeBand
from .models import CoverageTarget

SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True)
class TargetRow:
    school_year: str
    percent: Decimal
    achieved: bool
    text: str


def school_year_of(entry: dict[str, Any]) -> str | None:
    """The entry's school year: as printed, or the one that ends in the
    calendar year given alone (2020 -> "2019/20"); None when neither fits."""
    printed = entry.get("school_year")
    if printed:
        match = SCHOOL_YEAR.match(str(printed))
        if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
            return str(printed)
        return None
    year = entry.get("year")
    if isinstance(year, int) and 1900 < year < 2200:
        return f"{year - 1}/{year % 100:02d}"
    return None


def _percent(entry: dict[str, Any]) -> Decimal | None:
    try:
        value = Decimal(str(entry.get("percent")))
    except InvalidOperation:
        return None
    return value if 0 <= value <= 100 else None


def target_problems(data: dict[str, Any], file_name: str) -> list[str]:
    """What in the file's ``coverage_targets`` cannot be loaded (Danish)."""
    problems = []
    for number, entry in enumerate(data.get("coverage_targets") or [], start=1):
        if not isinstance(entry, dict):
            problems.append(
                _("%(file)s, dækningsmål nr. %(number)s: kan ikke læses.")
                % {"file": file_name, "number": number}
            )
            continue
        if school_year_of(entry) is None:
            problems.append(
                _(
                    "%(file)s, dækningsmål nr. %(number)s: skoleår eller år mangler eller er ugyldigt."
                )
                % {"file": file_name, "number": number}
            )
        if _percent(entry) is None:
            problems.append(
                _("%(file)s, dækningsmål nr. %(number)s: procenten skal være mellem 0 og 100.")
                % {"file": file_name, "number": number}
            )
    return problems


def target_rows(data: dict[str, Any]) -> list[TargetRow]:
    """The file's targets (call :func:`target_problems` first). Two entries
    for the same school year: the last wins."""
    rows: dict[str, TargetRow] = {}
    for entry in data.get("coverage_targets") or []:
        school_year, percent = school_year_of(entry), _percent(entry)
        if school_year is None or percent is None:
            continue
        rows[school_year] = TargetRow(
            school_year=school_year,
            percent=percent,
            achieved=bool(entry.get("achieved", False)),
            text=str(entry.get("text") or "").strip(),
        )
    return list(rows.values())


def _source(plan: Plan, text: str) -> str:
    return f"{plan.title}: “{text}”" if text else plan.title


def coverage_targets_load(
    *, actor: Actor, plan: Plan, data: dict[str, Any], file_name: str = ""
) -> bool:
    """Create or update the plan's coverage targets (see the module
    docstring). Returns whether anything changed."""
    changed = False
    with transaction.atomic():
        existing = {
            target.school_year: target
            for target in CoverageTarget.objects.select_for_update().filter(
                municipality_id=plan.municipality_id, grade_band=GradeBand.ALL
            )
        }
        for row in target_rows(data):
            fields = {
                "percent": row.percent,
                "achieved": row.achieved,
                "source": _source(plan, row.text),
            }
            target = existing.get(row.school_year)
            if target is not None and not target.source.startswith(plan.title):
                continue  # a user's own target for the year
            if target is None:
                target = CoverageTarget.objects.create(
                    municipality_id=plan.municipality_id,
                    school_year=row.school_year,
                    grade_band=GradeBand.ALL,
                    **fields,
                )
                before = None
            elif all(getattr(target, name) == value for name, value in fields.items()):
                continue
            else:
                before = snapshot(target)
                for name, value in fields.items():
                    setattr(target, name, value)
                target.save()
            log_saved(
                actor=actor,
                obj=target,
                before=before,
                note=_("Fra planens datafil %(file)s") % {"file": file_name or plan.slug},
                related=plan,
            )
            changed = True
    return changed
