"""Networks from the transcribed plans (plans/data/README.md, ``networks``).

A plan data file may list its networks: Ishøj's school plan its 14 networks
with each coordinator's title as printed, the daycare plan the language-
pedagogue network (``meetings_per_year: 4``), Viborg's plan its supervisors'
network and the ad-hoc "bobler". Each becomes a :class:`Network` of the plan's
municipality, matched by name:

- ``coordinator`` is the coordinator's title (``coordinator_title``); which
  user runs the network is set in the application and left alone here;
- ``text`` is the description, ``meetings_per_year`` as given;
- a name with "ad hoc" is an ad-hoc network, the others are fixed;
- the sector is the plan's (school, daycare, or cross-sector).

Loading is idempotent and runs whenever a plan file is loaded (the demo and
``manage.py load_plan``), through ``plans.extensions.plan_data_parts``
(registered in ``networks/registration.py``). Networks the file no longer
names are left as they are (they may have meetings and members). Writes go
through the change log, with the plan as the related object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import log_saved, snapshot
from kompetenceplan.core.types import Actor
from kompetenceplan.plans.models import Plan

from .choices import NetworkKind
from .models import Network


@dataclass(frozen=True)
class NetworkRow:
    name: str
    coordinator_title: str
    description: str
    meetings_per_year: int | None
    kind: str


def network_problems(data: dict[str, Any], file_name: str) -> list[str]:
    """What in the file's ``networks`` cannot be loaded (Danish)."""
    problems = []
    for number, entry in enumerate(data.get("networks") or [], start=1):
        where = {"file": file_name, "number": number}
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            problems.append(_("%(file)s, netværk nr. %(number)s: navnet mangler.") % where)
            continue
        if len(str(entry["name"]).strip()) > 200:
            problems.append(_("%(file)s, netværk nr. %(number)s: navnet er for langt.") % where)
        per_year = entry.get("meetings_per_year")
        if per_year is not None and (not isinstance(per_year, int) or not 1 <= per_year <= 52):
            problems.append(
                _("%(file)s, netværk nr. %(number)s: møder om året skal være mellem 1 og 52.")
                % where
            )
    return problems


def network_rows(data: dict[str, Any]) -> list[NetworkRow]:
    """The file's networks (call :func:`network_problems` first); a name
    given twice: the last wins."""
    rows: dict[str, NetworkRow] = {}
    for entry in data.get("networks") or []:
        name = str(entry.get("name") or "").strip()
        if not name:
            continue
        rows[name] = NetworkRow(
            name=name,
            coordinator_title=str(entry.get("coordinator") or "").strip()[:200],
            description=str(entry.get("text") or "").strip(),
            meetings_per_year=entry.get("meetings_per_year"),
            kind=NetworkKind.AD_HOC if "ad hoc" in name.lower() else NetworkKind.FIXED,
        )
    return list(rows.values())


def plan_networks_load(
    *, actor: Actor, plan: Plan, data: dict[str, Any], file_name: str = ""
) -> bool:
    """Create or update the plan's networks (see the module docstring).
    Returns whether anything changed."""
    rows = network_rows(data)
    if not rows:
        return False
    changed = False
    note = _("Fra planens datafil %(file)s") % {"file": file_name or plan.slug}
    with transaction.atomic():
        existing = {
            network.name: network
            for network in Network.objects.select_for_update().filter(
                municipality_id=plan.municipality_id, name__in=[row.name for row in rows]
            )
        }
        for row in rows:
            fields = {
                "plan_id": plan.pk,
                "coordinator_title": row.coordinator_title,
                "description": row.description,
                "meetings_per_year": row.meetings_per_year,
                "kind": row.kind,
                "sector": plan.sector,
            }
            network = existing.get(row.name)
            if network is None:
                network = Network.objects.create(
                    municipality_id=plan.municipality_id, name=row.name, **fields
                )
                before = None
            elif all(getattr(network, name) == value for name, value in fields.items()):
                continue
            else:
                before = snapshot(network)
                for name, value in fields.items():
                    setattr(network, name, value)
                network.save()
            log_saved(actor=actor, obj=network, before=before, note=note, related=plan)
            changed = True
    return changed
