"""Demo follow-up (docs/followup.md, "Demo"):

- Demo-Sjælland (998, seed 004's municipality, which the text does not name):
  the follow-up kinds its plan file loads; the meetings of the school year
  2021/22 (in the plan's period 2020-2022) held by the school centre chief
  ``sjaelland-admin``, with an agenda on the first 1:1 talk.
- Ishøj (183): the same cadence as demo kinds (clearly marked as demo data, not
  from Ishøj's plans), with the current school year's meetings held by
  ``ishoj-admin`` with the school leaders (``ishoj-leder``: Gildbroskolen).

Loading twice changes nothing (kinds by name or plan place, meetings by slot;
agendas only where empty)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kompetenceplan.accounts.models import User
from kompetenceplan.core import registry
from kompetenceplan.core.choices import Role
from kompetenceplan.plans.choices import InitiativeLevel
from kompetenceplan.plans.models import Initiative

from .choices import FollowupCategory, FollowupScope
from .models import FollowupKind, FollowupMeeting
from .services import followup_kind_save, followup_meeting_update, followup_meetings_generate

SJAELLAND, ISHOJ = "998", "183"
SJAELLAND_YEAR = 2021
DEMO_TEXT = "Demodata: kadencen fra seed 004 (004_e1ef1b3300b5fbcb.txt), ikke fra Ishøjs planer."
ISHOJ_KINDS = [
    ("1:1-samtale med skolelederen", FollowupCategory.ONE_TO_ONE, 4, 6, 60),
    ("Ledelsesteamudviklingssamtale", FollowupCategory.TEAM_DEVELOPMENT, 2, 2, 90),
    ("Årlig evaluering på lokalt niveau", FollowupCategory.EVALUATION_LOCAL, 1, 1, 120),
    ("Årlig evaluering på kommunalt niveau", FollowupCategory.EVALUATION_MUNICIPAL, 1, 1, 120),
]
AGENDA = (
    "1. Skolens udviklingsmål og elevprogression siden sidst\n"
    "2. Status på virksomhedsstrategien og årsplanen\n"
    "3. Kompetenceudvikling: læsning og professionelle læringsfællesskaber\n"
    "4. Aftaler til næste samtale"
)


def _current_school_year() -> int:
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


def load(run: registry.DemoRun) -> None:
    created = 0
    with transaction.atomic():
        sjaelland = run.municipalities.get(SJAELLAND)
        if sjaelland is not None:
            created += _generate(sjaelland, "sjaelland-admin", SJAELLAND_YEAR)
        ishoj = run.municipalities.get(ISHOJ)
        if ishoj is not None:
            for order, (name, category, low, high, minutes) in enumerate(ISHOJ_KINDS, start=1):
                followup_kind_save(
                    actor=None,
                    municipality=ishoj,
                    key={"plan": None, "name": name},
                    data={
                        "category": category,
                        "scope": FollowupScope.MUNICIPALITY
                        if category == FollowupCategory.EVALUATION_MUNICIPAL
                        else FollowupScope.PER_SCHOOL,
                        "times_min": low,
                        "times_max": high,
                        "duration_minutes": minutes,
                        "text": DEMO_TEXT,
                        "order": order,
                    },
                )
            created += _generate(ishoj, "ishoj-admin", _current_school_year())
    run.write(f"Opfølgning: {created} nye opfølgningsmøder (Demo-Sjælland og Ishøj)")


def _generate(municipality, host_name: str, school_year: int) -> int:
    host = User.objects.filter(username=host_name, role=Role.ADMINISTRATOR).first()
    kinds = [
        kind
        for kind in FollowupKind.objects.filter(municipality=municipality, times_max__isnull=False)
        if kind.covers(school_year)
    ]
    if host is None or not kinds:
        return 0
    result = followup_meetings_generate(
        actor=None, municipality=municipality, school_year=school_year, kinds=kinds, host=host
    )
    first = (
        FollowupMeeting.objects.filter(
            municipality=municipality,
            school_year=school_year,
            kind__category=FollowupCategory.ONE_TO_ONE,
        )
        .order_by("starts_at", "pk")
        .first()
    )
    # The first 1:1 talk gets an agenda once (not again when a user emptied it).
    if first is not None and result.created and not first.agenda:
        # Two leadership-level initiatives of the latest period (seed 004), or
        # the first two of the newest plan.
        candidates = Initiative.objects.filter(plan__municipality=municipality).order_by(
            "-plan__period_start", "plan__title", "-focus_area__number", "sort_key"
        )
        leadership = candidates.filter(level=InitiativeLevel.LEADERSHIP)
        initiatives = list((leadership if leadership.exists() else candidates)[:2])
        followup_meeting_update(
            actor=None,
            meeting=first,
            data={
                "agenda": AGENDA,
                "goals": "Løft af det faglige niveau i læsning; elevernes trivsel.",
                "location": "Skolelederens kontor",
                "initiatives": initiatives,
            },
        )
    return result.created
