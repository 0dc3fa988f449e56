"""A plan file's ``followup`` part (plans/data/README.md): the plan's
follow-up column (seed 004's "Skolecenteropfølgning") as the municipality's
follow-up kinds, registered as a plan data part (plans.extensions)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import delete_logged
from kompetenceplan.core.types import Actor
from kompetenceplan.plans.choices import InitiativeLevel

from .choices import MUNICIPALITY_WIDE, FollowupCategory, FollowupScope
from .models import FollowupKind
from .services import followup_kind_save

ITEM_KEYS = {"period", "policy", "level", "text", "name", "kind", "cadence"}
DURATION = {
    FollowupCategory.ONE_TO_ONE: 60,
    FollowupCategory.TEAM_DEVELOPMENT: 90,
    FollowupCategory.EVALUATION_LOCAL: 120,
    FollowupCategory.EVALUATION_MUNICIPAL: 120,
}
_PERIOD = re.compile(r"^(\d{4})-(\d{4})$")


def followup_problems(data: dict[str, Any], file_name: str) -> list[str]:
    """What in the file's ``followup`` cannot be loaded (nothing is written then)."""
    problems: list[str] = []
    periods = {str(a["number"]) for a in data.get("focus_areas") or []}
    policies = {p["name"] for p in data.get("policies") or []}
    for number, item in enumerate(data.get("followup") or [], start=1):

        def refuse(what: str, word: Any, number: int = number) -> None:
            problems.append(
                _("%(file)s, opfølgning %(number)s: %(what)s “%(word)s” kendes ikke.")
                % {"file": file_name, "number": number, "what": what, "word": word}
            )

        for key in sorted(set(item) - ITEM_KEYS):
            refuse(_("feltet"), key)
        if not str(item.get("name") or "").strip():
            refuse(_("navnet"), "")
        if not str(item.get("text") or "").strip():
            refuse(_("teksten"), "")
        if item.get("kind") not in FollowupCategory.values:
            refuse(_("arten"), item.get("kind"))
        period = str(item.get("period") or "")
        if not _PERIOD.match(period) or (periods and period not in periods):
            refuse(_("perioden"), period)
        if item.get("policy") and item["policy"] not in policies:
            refuse(_("politikken"), item["policy"])
        if item.get("level") and item["level"] not in InitiativeLevel.values:
            refuse(_("niveauet"), item["level"])
        cadence = item.get("cadence")
        if cadence is not None:
            low, high = cadence.get("min"), cadence.get("max")
            if not (isinstance(low, int) and isinstance(high, int) and 0 < low <= high <= 52):
                refuse(_("kadencen"), cadence)
    return problems


def followup_load(*, actor: Actor, plan: Any, data: dict[str, Any], file_name: str) -> bool:
    """Create or update the plan's follow-up kinds (found again by their place
    in the file); kinds the file no longer has are deleted unless meetings
    were generated from them. Loading twice changes nothing."""
    changed = False
    items = data.get("followup") or []
    for order, item in enumerate(items, start=1):
        match = _PERIOD.match(str(item["period"]))
        assert match is not None  # checked by followup_problems
        first, last = int(match.group(1)), int(match.group(2))
        cadence = item.get("cadence") or {}
        category = item["kind"]
        _kind, saved = followup_kind_save(
            actor=actor,
            municipality=plan.municipality,
            key={"plan": plan, "order": order},
            data={
                "name": item["name"].strip(),
                "category": category,
                "scope": FollowupScope.MUNICIPALITY
                if category in MUNICIPALITY_WIDE
                else FollowupScope.PER_SCHOOL,
                "times_min": cadence.get("min"),
                "times_max": cadence.get("max"),
                "duration_minutes": DURATION.get(category, 60),
                "text": item["text"].strip(),
                "period": item["period"],
                # "2018-2020": the school years 2018/19 and 2019/20.
                "first_year": first,
                "last_year": max(first, last - 1),
                "policy": item.get("policy") or "",
                "level": item.get("level") or "",
            },
        )
        changed |= saved
    gone = FollowupKind.objects.filter(plan=plan, order__gt=len(items), meetings__isnull=True)
    if gone.exists():
        delete_logged(actor=actor, objects=list(gone), related=plan)
        changed = True
    return changed
