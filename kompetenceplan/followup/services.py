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
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.calendar.selectors import public_holidays
from kompetenceplan.cohorts.models import SchoolHoliday
from kompetenceplan.core.changelog import (
    build_entry,
    delete_logged,
    log_changes_bulk,
    log_saved,
    snapshot,
)
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
from .selectors import meeting_contents

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
    kind not in use, a kind without cadence or outside its plan period, another municipality's
    kind, a host who is not of the administration, no school leader at all."""
    if not (YEAR_MIN <= school_year <= YEAR_MAX):
        raise FollowupError.SCHOOL_YEAR.error(low=YEAR_MIN, high=YEAR_MAX)
    if not kinds:
        raise FollowupError.NO_KINDS.error()
    for kind in kinds:
        if kind.municipality_id != municipality.pk:
            raise FollowupError.OTHER_MUNICIPALITY.error()
        if not kind.active:
            raise FollowupError.INACTIVE.error(kind=kind.name)
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
        # A cancelled meeting keeps its slot: generating again does not
        # recreate it. A deleted one has none: generating again creates it anew.
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
                municipality=municipality, school_year=school_year, cancelled=False
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
                    # "(n/N)" is computed for display (FollowupMeeting.display_title).
                    title = kind.name if school is None else f"{kind.name} – {school.name}"
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


def _check_move(current: FollowupMeeting, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """A new time for ``current``: it ends after it starts, lies in the
    meeting's school year, and the meeting is neither cancelled nor held."""
    if ends_at <= starts_at:
        raise FollowupError.ENDS_BEFORE_START.error()
    if current.cancelled:
        raise FollowupError.MOVE_CANCELLED.error()
    if _held(current):
        raise FollowupError.HELD.error(what=_("flyttes"), field="date")
    first, last = scheduling.school_year_dates(current.school_year)
    if not first <= timezone.localtime(starts_at).date() <= last:
        raise FollowupError.OUTSIDE_YEAR.error(
            school_year=scheduling.school_year_label(current.school_year),
            first=date_format(first, "j. F Y"),
            last=date_format(last, "j. F Y"),
        )


def followup_meeting_update(
    *, actor: Actor, meeting: FollowupMeeting, data: dict[str, Any]
) -> FollowupMeeting:
    """Change a meeting's agenda, notes, goals, place, linked initiatives and
    time (those present in ``data``; ``starts_at`` and ``ends_at`` together).
    Initiatives must be the meeting's municipality's. A new time must end after
    it starts and lie in the meeting's school year; a cancelled or held meeting
    cannot be moved. A changed place or time raises the calendar SEQUENCE; a
    move is logged with the old and the new time in words. Logged."""
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
        note = ""
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and (starts_at, ends_at) != (current.starts_at, current.ends_at):
            _check_move(current, starts_at, ends_at)
            note = _("Mødet er flyttet fra %(old)s til %(new)s") % {
                "old": scheduling.when(current.starts_at, current.ends_at),
                "new": scheduling.when(starts_at, ends_at),
            }
            current.starts_at, current.ends_at = starts_at, ends_at
            current.sequence += 1
        current.save()
        if "initiatives" in data:
            current.initiatives.set(initiatives)
        log_saved(actor=actor, obj=current, before=before, note=note)
    return current


#: The longest reason for a cancellation.
REASON_MAX = 500


def _held(meeting: FollowupMeeting) -> bool:
    """Held: the meeting has begun (the same test as a lowered cadence's)."""
    return meeting.starts_at <= timezone.now()


def followup_meeting_cancel(
    *, actor: Actor, meeting: FollowupMeeting, reason: str
) -> FollowupMeeting:
    """Cancel a meeting not yet held: it stays, with the reason, struck in the
    lists and STATUS:CANCELLED in the participants' calendars (``sequence``
    raised); generating the year again does not recreate it. Refused: already
    cancelled, already held, no reason. Logged."""
    reason = (reason or "").strip()
    if not reason:
        raise FollowupError.REASON_MISSING.error()
    if len(reason) > REASON_MAX:
        raise FollowupError.REASON_TOO_LONG.error(max=REASON_MAX)
    check_no_formula(reason, field="reason")
    with transaction.atomic():
        current = FollowupMeeting.objects.select_for_update().get(pk=meeting.pk)
        if current.cancelled:
            raise FollowupError.ALREADY_CANCELLED.error()
        if _held(current):
            raise FollowupError.HELD.error(what=_("aflyses"))
        before = snapshot(current)
        current.cancelled = True
        current.cancel_reason = reason
        current.sequence += 1
        current.save()
        log_saved(actor=actor, obj=current, before=before, note=_("Mødet er aflyst"))
    return current


def followup_meeting_reinstate(*, actor: Actor, meeting: FollowupMeeting) -> FollowupMeeting:
    """Undo a cancellation of a meeting not yet held: confirmed again in the
    calendars (``sequence`` raised), the reason cleared (the change log keeps
    it). Refused: not cancelled, already begun. Logged."""
    with transaction.atomic():
        current = FollowupMeeting.objects.select_for_update().get(pk=meeting.pk)
        if not current.cancelled:
            raise FollowupError.NOT_CANCELLED.error()
        if _held(current):
            raise FollowupError.HELD.error(what=_("genoptages"))
        before = snapshot(current)
        current.cancelled = False
        current.cancel_reason = ""
        current.sequence += 1
        current.save()
        log_saved(actor=actor, obj=current, before=before, note=_("Aflysningen er fortrudt"))
    return current


def followup_meeting_delete(*, actor: Actor, meeting: FollowupMeeting) -> None:
    """Delete a meeting not yet held that has no agenda, notes, goals or linked
    initiatives (cancelled or not). It leaves the participants' calendars;
    generating the year again creates its slot anew (cancel it to keep it
    away). Refused with a Danish message naming what it has. Logged."""
    with transaction.atomic():
        current = FollowupMeeting.objects.select_for_update().get(pk=meeting.pk)
        if _held(current):
            raise FollowupError.HELD.error(what=_("slettes"))
        contents = meeting_contents(current)
        if contents:
            what = (
                contents[0]
                if len(contents) == 1
                else (", ".join(contents[:-1]) + " " + _("og") + " " + contents[-1])
            )
            raise FollowupError.NOT_EMPTY.error(what=what)
        delete_logged(actor=actor, objects=[current], related=current.kind)


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


#: The cadence a kind may have (times a school year) and how long its meetings last.
TIMES_LOW, TIMES_HIGH = 1, 12
DURATION_LOW, DURATION_HIGH = 15, 480
#: What the administration edits on a kind (the plan's fields come from the plan file).
KIND_FIELDS = (
    "name",
    "category",
    "scope",
    "times_min",
    "times_max",
    "duration_minutes",
    "text",
    "active",
)
KIND_DEFAULTS: dict[str, Any] = {
    "scope": FollowupScope.PER_SCHOOL,
    "duration_minutes": 60,
    "text": "",
    "active": True,
}


@dataclass(frozen=True)
class KindUpdateResult:
    """A saved kind, and what a lowered cadence did to its meetings beyond the
    new number: ``removed`` (not yet held and empty), ``kept`` (held, or with
    an agenda, notes, goals or initiatives)."""

    kind: FollowupKind
    removed: int = 0
    kept: int = 0

    @property
    def pk(self) -> int:
        return self.kind.pk


def _check_kind(data: dict[str, Any], *, municipality_id: int, kind: FollowupKind | None) -> None:
    """Normalise ``data`` in place and refuse what breaks a rule: the cadence
    (one number given: both ends the same) within 1-12 and low <= high, the
    duration within 15-480 minutes, a name not taken by another of the
    municipality's own kinds (those not from a plan)."""
    data["name"] = (data["name"] or "").strip()
    data["text"] = (data["text"] or "").strip()
    data["active"] = bool(data["active"])
    check_no_formula(data["name"], field="name")
    low, high = data["times_min"], data["times_max"]
    if low is None or high is None:
        low = high = high if low is None else low
    for value, field in ((low, "times_min"), (high, "times_max")):
        if value is not None and not (TIMES_LOW <= value <= TIMES_HIGH):
            raise FollowupError.CADENCE_RANGE.error(field=field, low=TIMES_LOW, high=TIMES_HIGH)
    if low is not None and high is not None and low > high:
        raise FollowupError.CADENCE_ORDER.error()
    data["times_min"], data["times_max"] = low, high
    minutes = data["duration_minutes"]
    if minutes is None or not (DURATION_LOW <= minutes <= DURATION_HIGH):
        raise FollowupError.DURATION_RANGE.error(low=DURATION_LOW, high=DURATION_HIGH)
    if kind is None or kind.plan_id is None:
        others = FollowupKind.objects.filter(
            municipality_id=municipality_id, plan__isnull=True, name__iexact=data["name"]
        )
        if kind is not None:
            others = others.exclude(pk=kind.pk)
        if others.exists():
            raise FollowupError.NAME_TAKEN.error(name=data["name"])


def followup_kind_create(
    *, actor: Actor, municipality: Municipality, **fields: Any
) -> FollowupKind:
    """A kind made by the administration (no plan: it covers every school
    year). The rules of :func:`_check_kind`; logged."""
    data = {name: fields.get(name, KIND_DEFAULTS.get(name)) for name in KIND_FIELDS}
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        _check_kind(data, municipality_id=municipality.pk, kind=None)
        kind = FollowupKind(municipality=municipality, **data)
        kind.full_clean()
        kind.save()
        log_saved(actor=actor, obj=kind, before=None)
    return kind


def followup_kind_update(*, actor: Actor, kind: FollowupKind, **fields: Any) -> KindUpdateResult:
    """Change a kind (the fields given). Its meetings stay: whom it is with
    cannot change once it has meetings, and a lowered cadence removes only
    the meetings beyond the new number that are not yet held and are empty
    (no agenda, notes, goals or initiatives); the others are kept and
    counted. A raised cadence creates nothing until the year is generated
    again. Logged, each removed meeting too."""
    with transaction.atomic():
        # The municipality first, as generating does: no meeting of the kind
        # is created while its scope and cadence change.
        Municipality.objects.select_for_update().get(pk=kind.municipality_id)
        current = FollowupKind.objects.select_for_update().get(pk=kind.pk)
        data = {name: fields.get(name, getattr(current, name)) for name in KIND_FIELDS}
        _check_kind(data, municipality_id=current.municipality_id, kind=current)
        has_meetings = current.meetings.exists()
        if has_meetings and data["scope"] != current.scope:
            raise FollowupError.SCOPE_FIXED.error()
        before = snapshot(current)
        old_count = current.times_max or 0
        for name, value in data.items():
            setattr(current, name, value)
        current.full_clean()
        current.save()
        log_saved(actor=actor, obj=current, before=before, related=current.plan)
        removed = kept = 0
        if has_meetings and (current.times_max or 0) < old_count:
            removed, kept = _trim_meetings(actor=actor, kind=current)
    return KindUpdateResult(kind=current, removed=removed, kept=kept)


def _trim_meetings(*, actor: Actor, kind: FollowupKind) -> tuple[int, int]:
    """Remove ``kind``'s meetings numbered beyond its cadence that are not yet
    held and empty; count the others beyond it (kept)."""
    count = kind.times_max or 0
    now = timezone.now()
    rows = (
        FollowupMeeting.objects.filter(kind=kind)
        .annotate(linked=Count("initiatives"))
        .values_list("pk", "slot", "starts_at", "agenda", "notes", "goals", "linked")
    )
    remove: list[int] = []
    kept = 0
    for pk, slot, starts_at, agenda, notes, goals, linked in rows:
        number = slot.rsplit(":", 1)[-1]
        if not number.isdigit() or int(number) <= count:
            continue
        if starts_at > now and not (agenda or notes or goals or linked):
            remove.append(pk)
        else:
            kept += 1
    if remove:
        delete_logged(
            actor=actor,
            objects=FollowupMeeting.objects.filter(pk__in=remove),
            related=kind,
            note=_("Kadencen er sat ned til %(cadence)s") % {"cadence": kind.cadence_label},
        )
    return len(remove), kept


def followup_kind_delete(*, actor: Actor, kind: FollowupKind) -> bool:
    """Delete a kind without meetings; a kind with meetings is taken out of
    use instead (its meetings, agendas and notes stay; it generates no more).
    Returns whether it was deleted. Logged."""
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=kind.municipality_id)
        current = FollowupKind.objects.select_for_update().get(pk=kind.pk)
        if current.meetings.exists():
            before = snapshot(current)
            current.active = False
            current.save(update_fields=["active"])
            log_saved(
                actor=actor,
                obj=current,
                before=before,
                related=current.plan,
                note=_("Taget ud af brug i stedet for slettet: typen har møder"),
            )
            return False
        delete_logged(actor=actor, objects=[current], related=current.plan)
    return True
