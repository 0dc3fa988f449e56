"""Writes to follow-up: kinds (from a plan file or by hand), generating a
school year's meetings, editing a meeting's agenda and notes. Every rule's
Danish message is in :mod:`.errors`; every write is in the change log."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.calendar.selectors import public_holidays
from kompetenceplan.cohorts.models import SchoolHoliday
from kompetenceplan.core.changelog import build_entry, log_changes_bulk, log_saved, snapshot
from kompetenceplan.core.choices import ChangeAction, Role
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.organisation.choices import InstitutionKind
from kompetenceplan.organisation.models import Institution

from . import scheduling
from .choices import FollowupCategory, FollowupScope
from .errors import FollowupError
from .models import FollowupKind, FollowupMeeting

#: School years an administrator may generate (start years).
YEAR_MIN, YEAR_MAX = 2015, 2040
#: Longest agenda, notes or goals text.
TEXT_MAX = 20000
#: When a kind's meetings start (local time) and how many schools meet the same day.
START_HOUR: dict[str, int] = {
    FollowupCategory.ONE_TO_ONE: 9,
    FollowupCategory.TEAM_DEVELOPMENT: 13,
    FollowupCategory.EVALUATION_LOCAL: 13,
    FollowupCategory.EVALUATION_MUNICIPAL: 13,
}
SCHOOLS_PER_DAY = 3
EVALUATIONS = {FollowupCategory.EVALUATION_LOCAL, FollowupCategory.EVALUATION_MUNICIPAL}


@dataclass(frozen=True)
class GenerateResult:
    created: int
    existing: int


def _school_leaders(municipality: Municipality) -> dict[int, list[User]]:
    """The active leader users of each of the municipality's schools, by school id
    (one query)."""
    found: dict[int, list[User]] = defaultdict(list)
    through = User.institutions.through
    rows = (
        through.objects.filter(
            institution__municipality=municipality,
            institution__kind=InstitutionKind.SCHOOL,
            user__role=Role.LEADER,
            user__is_active=True,
            user__municipality=municipality,
        )
        .select_related("user")
        .order_by("institution_id", "user__username")
    )
    for row in rows:
        found[row.institution_id].append(row.user)
    return found


def followup_meetings_generate(
    *,
    actor: Actor,
    municipality: Municipality,
    school_year: int,
    kinds: list[FollowupKind],
    host: User,
) -> GenerateResult:
    """Create the meetings of ``kinds`` for the school year starting in
    ``school_year``: per school (with the school's leaders) or for all school
    leaders together, ``times_max`` times a year, each with ``host`` (the
    administration). Idempotent: a meeting already generated for the same kind,
    year, school and number is left as it is (its agenda and notes may have been
    written). Refused with a Danish message: a year out of range, no kind, a
    kind without cadence or outside its plan period, another municipality's
    kind, a host who is not of the administration, no school leader at all."""
    if not (YEAR_MIN <= school_year <= YEAR_MAX):
        raise FollowupError.SCHOOL_YEAR.error(low=YEAR_MIN, high=YEAR_MAX)
    if not kinds:
        raise FollowupError.NO_KINDS.error()
    for kind in kinds:
        if kind.municipality_id != municipality.pk:
            raise FollowupError.OTHER_MUNICIPALITY.error()
        if not kind.times_max:
            raise FollowupError.NO_CADENCE.error(kind=kind.name)
        if not kind.covers(school_year):
            raise FollowupError.NOT_IN_YEAR.error(
                kind=kind.name,
                school_year=scheduling.school_year_label(school_year),
                period=kind.period or "–",
            )
    if (
        host.municipality_id != municipality.pk
        or host.role not in (Role.ADMINISTRATOR, Role.CONSULTANT)
        or not host.is_active
    ):
        raise FollowupError.HOST_ROLE.error()
    with transaction.atomic():
        # One generation at a time per municipality: the slots stay unique.
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        leaders = _school_leaders(municipality)
        if not leaders:
            raise FollowupError.NO_LEADERS.error()
        schools = list(Institution.objects.filter(pk__in=list(leaders)).order_by("name", "pk"))
        taken = set(
            FollowupMeeting.objects.filter(
                municipality=municipality, school_year=school_year
            ).values_list("slot", flat=True)
        )
        is_off = _days_off(municipality, school_year)
        # The host takes part in every meeting: no two of this year's
        # meetings may overlap (existing ones included).
        busy: list[tuple[dt.datetime, dt.datetime]] = list(
            FollowupMeeting.objects.filter(
                municipality=municipality, school_year=school_year
            ).values_list("starts_at", "ends_at")
        )
        wanted: list[tuple[FollowupMeeting, list[User]]] = []
        existing = 0
        for kind in kinds:
            groups: list[tuple[Institution | None, list[User]]]
            if kind.scope == FollowupScope.MUNICIPALITY:
                everyone = sorted(
                    {u.pk: u for users in leaders.values() for u in users}.values(),
                    key=lambda u: u.username,
                )
                groups = [(None, everyone)]
            else:
                groups = [(school, leaders[school.pk]) for school in schools]
            count = kind.times_max or 0
            days = scheduling.target_days(school_year, count, at_end=kind.category in EVALUATIONS)
            hours = max(1, math.ceil(kind.duration_minutes / 60))
            for index, (school, users) in enumerate(groups):
                for number, day in enumerate(days, start=1):
                    slot = f"{kind.pk}:{school_year}:{school.pk if school else 0}:{number}"
                    if slot in taken:
                        existing += 1
                        continue
                    shifted = day + dt.timedelta(days=index // SCHOOLS_PER_DAY)
                    hour = START_HOUR.get(kind.category, 10) + (index % SCHOOLS_PER_DAY) * hours
                    starts, ends = _free_slot(
                        shifted, min(hour, 20), kind.duration_minutes, is_off, busy
                    )
                    busy.append((starts, ends))
                    title = kind.name if school is None else f"{kind.name} – {school.name}"
                    if count > 1:
                        title += f" ({number}/{count})"
                    wanted.append(
                        (
                            FollowupMeeting(
                                municipality=municipality,
                                kind=kind,
                                school_year=school_year,
                                institution=school,
                                slot=slot,
                                title=title,
                                starts_at=starts,
                                ends_at=ends,
                            ),
                            [host, *users],
                        )
                    )
        created = FollowupMeeting.objects.bulk_create([m for m, _users in wanted])
        through = FollowupMeeting.participants.through
        through.objects.bulk_create(
            [
                through(followupmeeting_id=meeting.pk, user_id=user.pk)
                for meeting, (_m, users) in zip(created, wanted, strict=True)
                for user in {u.pk: u for u in users}.values()
            ]
        )
        note = _("Genereret for skoleåret %(year)s") % {
            "year": scheduling.school_year_label(school_year)
        }
        log_changes_bulk(
            [
                build_entry(
                    actor=actor,
                    obj=meeting,
                    action=ChangeAction.CREATE,
                    after=snapshot(meeting),
                    note=note,
                )
                for meeting in created
            ]
        )
    return GenerateResult(created=len(created), existing=existing)


def _free_slot(
    day: dt.date,
    hour: int,
    minutes: int,
    is_off: Any,
    busy: list[tuple[dt.datetime, dt.datetime]],
) -> tuple[dt.datetime, dt.datetime]:
    """The first working day from ``day`` on which ``hour`` is free (within
    :data:`scheduling.MAX_SHIFT` working days; else ``day``'s working day)."""
    candidate = scheduling.working_day(day, is_off)
    first = candidate
    for _attempt in range(scheduling.MAX_SHIFT):
        starts = scheduling.local_datetime(candidate, hour)
        ends = starts + dt.timedelta(minutes=minutes)
        if not any(s < ends and starts < e for s, e in busy):
            return starts, ends
        candidate = scheduling.working_day(candidate + dt.timedelta(days=1), is_off)
    starts = scheduling.local_datetime(first, hour)
    return starts, starts + dt.timedelta(minutes=minutes)


def _days_off(municipality: Municipality, school_year: int) -> Any:
    """Weekends, Danish public holidays and the municipality's school holidays
    of the school year (two reads, then a pure test per day)."""
    start = dt.date(school_year, 7, 1)
    end = dt.date(school_year + 1, 8, 1)
    holidays = set(public_holidays(start, end))
    breaks = list(
        SchoolHoliday.objects.filter(
            municipality=municipality, start__lt=end, end__gte=start
        ).values_list("start", "end")
    )

    def is_off(day: dt.date) -> bool:
        if day.weekday() >= 5 or day in holidays:
            return True
        return any(first <= day <= last for first, last in breaks)

    return is_off


MEETING_TEXTS = ("agenda", "notes", "goals")


def followup_meeting_update(
    *, actor: Actor, meeting: FollowupMeeting, data: dict[str, Any]
) -> FollowupMeeting:
    """Change a meeting's agenda, notes, goals, place and linked initiatives
    (those present in ``data``). Initiatives must be the meeting's
    municipality's; a changed place raises the calendar SEQUENCE. Logged."""
    for name in MEETING_TEXTS:
        if len(str(data.get(name) or "")) > TEXT_MAX:
            raise FollowupError.TEXT_TOO_LONG.error(field=name, max=TEXT_MAX)
    if "location" in data:
        check_no_formula(data["location"] or "", field="location")
    initiatives = list(data.get("initiatives") or [])
    if any(i.plan.municipality_id != meeting.municipality_id for i in initiatives):
        raise FollowupError.OTHER_MUNICIPALITY.error(field="initiatives")
    with transaction.atomic():
        current = FollowupMeeting.objects.select_for_update().get(pk=meeting.pk)
        before = snapshot(current)
        for name in MEETING_TEXTS:
            if name in data:
                setattr(current, name, (data[name] or "").strip())
        if "location" in data and (data["location"] or "").strip() != current.location:
            current.location = (data["location"] or "").strip()
            current.sequence += 1
        current.save()
        if "initiatives" in data:
            current.initiatives.set(initiatives)
        log_saved(actor=actor, obj=current, before=before)
    return current


# --- Kinds ---------------------------------------------------------------------------------


def followup_kind_save(
    *, actor: Actor, municipality: Municipality, data: dict[str, Any], key: dict[str, Any]
) -> tuple[FollowupKind, bool]:
    """Create or update the kind found by ``key`` (plan and order, or name)
    with ``data``; returns whether it changed. Logged."""
    kind = FollowupKind.objects.filter(municipality=municipality, **key).first()
    before = snapshot(kind) if kind else None
    kind = kind or FollowupKind(municipality=municipality, **key)
    for name, value in data.items():
        setattr(kind, name, value)
    kind.full_clean()
    after_values = snapshot(kind)
    if before is not None and before == after_values:
        return kind, False
    kind.save()
    log_saved(actor=actor, obj=kind, before=before, related=kind.plan)
    return kind, True
