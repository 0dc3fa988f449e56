"""Writes of cohorts, sessions and enrolments (keyword-only, actor first,
atomic, logged). Seats change only under the cohort's row lock: every service
that seats, waitlists or frees a place locks the cohort first, then counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.changelog import (
    build_entry,
    delete_logged,
    log_changes_bulk,
    log_saved,
    snapshot,
)
from kompetenceplan.core.choices import ChangeAction, Role
from kompetenceplan.core.formatting import long_date
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula
from kompetenceplan.organisation.models import Person
from kompetenceplan.plans.models import Initiative
from kompetenceplan.plans.permissions import PLANNERS

from .choices import (
    JUDGED_STATUSES,
    SEATED_STATUSES,
    EnrolmentMode,
    EnrolmentStatus,
    SessionKind,
)
from .dates import school_year_valid
from .errors import CohortError
from .extensions import Completion, run_completion_hooks
from .invitations import record_for_enrolment, record_for_session, record_for_session_delete
from .models import (
    Attendance,
    Cohort,
    CourseCompletion,
    Enrolment,
    EnrolmentEvent,
    SchoolHoliday,
    Session,
)
from .notifications import Notice, notify_on_commit
from .selectors import (
    as_user,
    attendance_participants,
    completion_rule,
    leads_person,
    target_group_check,
    time_warnings,
)

OPEN_STATUSES = (EnrolmentStatus.REQUESTED, EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)

# --- cohorts --------------------------------------------------------------------------


def _check_cohort(
    *,
    initiative: Initiative,
    name: str,
    school_year: str,
    capacity: int,
    minimum: int,
    exclude_pk: int | None,
) -> None:
    if not name:
        raise CohortError.NAME_REQUIRED.error()
    check_no_formula(name, field="name")
    if not school_year_valid(school_year):
        raise CohortError.SCHOOL_YEAR.error()
    if capacity is None or capacity < 1:
        raise CohortError.CAPACITY.error()
    if minimum is not None and minimum > capacity:
        raise CohortError.MINIMUM_ABOVE_CAPACITY.error(minimum=minimum)
    taken = Cohort.objects.filter(initiative=initiative, school_year=school_year, name=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise CohortError.NAME_TAKEN.error(name=name, school_year=school_year)


def cohort_create(
    *,
    actor: Actor,
    initiative: Initiative,
    name: str,
    school_year: str,
    capacity: int,
    minimum: int = 0,
    enrolment_mode: str = EnrolmentMode.OPEN,
    enrolment_deadline: dt.date | None = None,
    provider: str = "",
    place: str = "",
    responsible_user: User | None = None,
    note: str = "",
    min_sessions_attended: int | None = None,
) -> Cohort:
    """A new cohort of ``initiative`` (its name unique per school year)."""
    name = (name or "").strip()
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().select_related("plan").get(pk=initiative.pk)
        _check_cohort(
            initiative=locked,
            name=name,
            school_year=school_year,
            capacity=capacity,
            minimum=minimum or 0,
            exclude_pk=None,
        )
        cohort = Cohort.objects.create(
            municipality_id=locked.plan.municipality_id,
            initiative=locked,
            name=name,
            school_year=school_year,
            capacity=capacity,
            minimum=minimum or 0,
            enrolment_mode=enrolment_mode,
            enrolment_deadline=enrolment_deadline,
            provider=(provider or "").strip(),
            place=(place or "").strip(),
            responsible_user=responsible_user,
            note=note or "",
            min_sessions_attended=min_sessions_attended or None,
        )
        log_saved(actor=actor, obj=cohort, before=None, related=locked)
    return cohort


def cohort_update(
    *,
    actor: Actor,
    cohort: Cohort,
    name: str,
    school_year: str,
    capacity: int,
    minimum: int = 0,
    enrolment_mode: str = EnrolmentMode.OPEN,
    enrolment_deadline: dt.date | None = None,
    provider: str = "",
    place: str = "",
    responsible_user: User | None = None,
    note: str = "",
    min_sessions_attended: int | None = None,
) -> Cohort:
    """Change a cohort. Capacity cannot go below the seats taken; raising it
    seats the first on the waitlist at once."""
    name = (name or "").strip()
    with transaction.atomic():
        locked = _lock(cohort)
        before = snapshot(locked)
        _check_cohort(
            initiative=locked.initiative,
            name=name,
            school_year=school_year,
            capacity=capacity,
            minimum=minimum or 0,
            exclude_pk=locked.pk,
        )
        seated = _seated(locked)
        if capacity < seated:
            raise CohortError.CAPACITY_BELOW_SEATED.error(seated=seated)
        locked.name, locked.school_year = name, school_year
        locked.capacity, locked.minimum = capacity, minimum or 0
        locked.enrolment_mode, locked.enrolment_deadline = enrolment_mode, enrolment_deadline
        locked.provider, locked.place = (provider or "").strip(), (place or "").strip()
        locked.responsible_user, locked.note = responsible_user, note or ""
        locked.min_sessions_attended = min_sessions_attended or None
        locked.save()
        log_saved(actor=actor, obj=locked, before=before, related=locked.initiative)
        _fill_from_waitlist(actor=actor, cohort=locked)
    return locked


def cohort_delete(*, actor: Actor, cohort: Cohort) -> None:
    """Delete a cohort without open enrolments (its sessions and closed
    enrolments go with it, each logged)."""
    with transaction.atomic():
        locked = _lock(cohort)
        count = Enrolment.objects.filter(cohort=locked, status__in=OPEN_STATUSES).count()
        if count:
            raise CohortError.HAS_PARTICIPANTS.error(count=count)
        delete_logged(actor=actor, objects=[locked], related=locked.initiative)


def cohort_create_from_estimate(
    *,
    actor: Actor,
    initiative: Initiative,
    name: str,
    school_year: str,
    starts: Sequence[dt.datetime],
    capacity: int | None = None,
    kind: str = SessionKind.COURSE_DAY,
    practice_between: str = "",
    **fields: object,
) -> Cohort:
    """A cohort with the sessions of the initiative's time estimate (e.g. 3 x 5
    hours): one session per start, each as long as the estimate's hours; a
    ``practice_between`` text marks the prøvehandling period after each session
    but the last. The sessions can be adjusted afterwards."""
    count, hours = initiative.sessions, initiative.hours_per_session
    if not count or not hours:
        raise CohortError.NO_ESTIMATE.error()
    if len(starts) != count:
        raise CohortError.START_COUNT.error(expected=count, count=len(starts))
    with transaction.atomic():
        cohort = cohort_create(
            actor=actor,
            initiative=initiative,
            name=name,
            school_year=school_year,
            capacity=capacity or initiative.cohort_size or 0,
            **fields,  # type: ignore[arg-type]
        )
        length = dt.timedelta(minutes=int(hours * 60))
        for index, start in enumerate(sorted(starts)):
            session_create(
                actor=actor,
                cohort=cohort,
                kind=kind,
                starts_at=start,
                ends_at=start + length,
                hours=hours,
                place=cohort.place,
                practice_after=practice_between if index + 1 < count else "",
            )
    return cohort


# --- sessions -------------------------------------------------------------------------


def _duration_hours(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / Decimal(3600)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _check_session(starts_at: dt.datetime, ends_at: dt.datetime, hours: Decimal | None) -> Decimal:
    if timezone.is_naive(starts_at):
        raise CohortError.NAIVE_TIME.error()
    if timezone.is_naive(ends_at):
        raise CohortError.NAIVE_TIME.error(field="ends_at")
    if ends_at <= starts_at:
        raise CohortError.ENDS_BEFORE_START.error()
    if hours is None:
        return _duration_hours(starts_at, ends_at)
    if hours < 0:
        raise CohortError.HOURS_NEGATIVE.error()
    return Decimal(hours)


def session_create(
    *,
    actor: Actor,
    cohort: Cohort,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = SessionKind.COURSE_DAY,
    hours: Decimal | None = None,
    place: str = "",
    online_url: str = "",
    practice_after: str = "",
) -> Session:
    """A session of ``cohort``; ``hours`` defaults to its length. A date on a
    public or school holiday is allowed; the warning is kept in the log's note
    (and the pages show it, see ``selectors.time_warnings``)."""
    hours = _check_session(starts_at, ends_at, hours)
    with transaction.atomic():
        session = Session.objects.create(
            cohort=cohort,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            hours=hours,
            place=(place or "").strip(),
            online_url=online_url or "",
            practice_after=practice_after or "",
        )
        warnings = time_warnings(
            municipality_id=cohort.municipality_id, starts_at=starts_at, ends_at=ends_at
        )
        log_saved(actor=actor, obj=session, before=None, note=" ".join(warnings), related=cohort)
        record_for_session(session)
    return session


#: A change of these tells the participants (a new invitation, later with a higher SEQUENCE).
_SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "online_url")


def session_update(
    *,
    actor: Actor,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = SessionKind.COURSE_DAY,
    hours: Decimal | None = None,
    place: str = "",
    online_url: str = "",
    practice_after: str = "",
) -> Session:
    """Change a session; a new time or place raises its ``sequence``."""
    hours = _check_session(starts_at, ends_at, hours)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        before = snapshot(locked)
        old = [getattr(locked, f) for f in _SCHEDULE_FIELDS]
        locked.kind, locked.starts_at, locked.ends_at, locked.hours = (
            kind,
            starts_at,
            ends_at,
            hours,
        )
        locked.place, locked.online_url = (place or "").strip(), online_url or ""
        locked.practice_after = practice_after or ""
        moved = [getattr(locked, f) for f in _SCHEDULE_FIELDS] != old
        if moved:
            locked.sequence += 1
        locked.save()
        if moved:
            record_for_session(locked)
        warnings = time_warnings(
            municipality_id=locked.cohort.municipality_id, starts_at=starts_at, ends_at=ends_at
        )
        log_saved(
            actor=actor,
            obj=locked,
            before=before,
            note=" ".join(warnings),
            related=locked.cohort,
        )
    return locked


def session_delete(*, actor: Actor, session: Session) -> None:
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        record_for_session_delete(locked)
        delete_logged(actor=actor, objects=[locked], related=locked.cohort)


# --- school holidays ------------------------------------------------------------------


def school_holiday_create(
    *, actor: Actor, municipality: Municipality, name: str, start: dt.date, end: dt.date
) -> SchoolHoliday:
    """A school holiday of the municipality (sessions in it are warned about)."""
    name = (name or "").strip()
    check_no_formula(name, field="name")
    if end < start:
        raise CohortError.HOLIDAY_ENDS_BEFORE_START.error()
    with transaction.atomic():
        holiday = SchoolHoliday.objects.create(
            municipality=municipality, name=name, start=start, end=end
        )
        log_saved(actor=actor, obj=holiday, before=None)
    return holiday


def school_holiday_delete(*, actor: Actor, holiday: SchoolHoliday) -> None:
    with transaction.atomic():
        delete_logged(actor=actor, objects=[holiday])


# --- enrolment: the seat and the waitlist, under the cohort's lock ---------------------


def _lock(cohort: Cohort) -> Cohort:
    """The cohort's row lock: every seat is counted and given under it."""
    return Cohort.objects.select_for_update().select_related("initiative").get(pk=cohort.pk)


def _seated(cohort: Cohort) -> int:
    return Enrolment.objects.filter(cohort=cohort, status__in=SEATED_STATUSES).count()


def _seat_or_waitlist(cohort: Cohort) -> tuple[str, int | None]:
    """A seat if one is free, else the next place on the waitlist (lock held)."""
    if _seated(cohort) < cohort.capacity:
        return EnrolmentStatus.ENROLLED, None
    last = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    return EnrolmentStatus.WAITLISTED, (last or 0) + 1


def _actor_user(actor: Actor) -> User | None:
    user = as_user(actor)
    return user if user is not None and user.is_authenticated else None


def _set_status(
    *, actor: Actor, enrolment: Enrolment, status: str, position: int | None = None, note: str = ""
) -> Enrolment:
    """Change the status, keep the event (who, when) and log it."""
    before = snapshot(enrolment)
    from_status = enrolment.status
    now = timezone.now()
    enrolment.status, enrolment.waitlist_position = status, position
    enrolment.status_changed_at, enrolment.status_changed_by = now, _actor_user(actor)
    enrolment.save()
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        from_status=from_status,
        to_status=status,
        at=now,
        actor=_actor_user(actor),
        note=note[:500],
    )
    log_saved(actor=actor, obj=enrolment, before=before, note=note, related=enrolment.cohort)
    return enrolment


def _notify(kind: str, enrolment: Enrolment) -> None:
    record_for_enrolment(kind, enrolment)  # the calendar invitations' outbox
    notify_on_commit(
        Notice(
            kind=kind,
            enrolment_id=enrolment.pk,
            person_id=enrolment.person_id,
            cohort_id=enrolment.cohort_id,
        )
    )


def _renumber_waitlist(*, actor: Actor, cohort: Cohort) -> None:
    """Close the gaps: positions 1, 2, 3 ... in the same order (lock held). Row
    by row from the front, so each row moves into a place already free."""
    waiting = Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.WAITLISTED).order_by(
        "waitlist_position"
    )
    for number, enrolment in enumerate(waiting, start=1):
        if enrolment.waitlist_position != number:
            before = snapshot(enrolment)
            enrolment.waitlist_position = number
            enrolment.save(update_fields=["waitlist_position"])
            log_saved(actor=actor, obj=enrolment, before=before, related=cohort)


def _fill_from_waitlist(*, actor: Actor, cohort: Cohort) -> list[Enrolment]:
    """Seat the first waiting while there are free seats; tell them (lock held)."""
    promoted = []
    free = cohort.capacity - _seated(cohort)
    if free > 0:
        first = list(
            Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.WAITLISTED).order_by(
                "waitlist_position"
            )[:free]
        )
        for enrolment in first:
            enrolment.cohort = cohort
            _set_status(
                actor=actor,
                enrolment=enrolment,
                status=EnrolmentStatus.ENROLLED,
                note=_("Rykket op fra ventelisten."),
            )
            _notify("promoted", enrolment)
            promoted.append(enrolment)
        if promoted:
            _renumber_waitlist(actor=actor, cohort=cohort)
    return promoted


def _create(
    *,
    actor: Actor,
    cohort: Cohort,
    person: Person,
    status: str,
    position: int | None,
    override_reason: str = "",
    note: str = "",
) -> Enrolment:
    now = timezone.now()
    user = _actor_user(actor)
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        person=person,
        status=status,
        waitlist_position=position,
        created_by=user,
        status_changed_at=now,
        status_changed_by=user,
        override_reason=override_reason,
    )
    EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status="", to_status=status, at=now, actor=user, note=note[:500]
    )
    log_saved(actor=actor, obj=enrolment, before=None, note=note, related=cohort)
    _notify(status, enrolment)
    return enrolment


def _check_not_enrolled(cohort: Cohort, person: Person) -> None:
    active = Enrolment.objects.filter(cohort=cohort, person=person).exclude(
        status__in=(EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED)
    )
    if active.exists():
        raise CohortError.ALREADY_ENROLLED.error(person=person)


def _check_deadline(cohort: Cohort) -> None:
    deadline = cohort.enrolment_deadline
    if deadline is not None and deadline < timezone.localdate():
        raise CohortError.DEADLINE_PASSED.error(deadline=long_date(deadline))


def _is_planner(user: User | None, cohort: Cohort) -> bool:
    return (
        user is not None
        and user.role in PLANNERS
        and user.municipality_id == cohort.municipality_id
    )


def _may_handle(actor: Actor, enrolment: Enrolment) -> bool:
    """The system, planners of the municipality, or the leader of the person's
    institution."""
    if actor is None:
        return True
    user = as_user(actor)
    if user is None or user.municipality_id != enrolment.cohort.municipality_id:
        return False
    if user.role in PLANNERS:
        return True
    return user.role == Role.LEADER and leads_person(user, enrolment.person)


# --- enrolment services ---------------------------------------------------------------


def enrolment_request(*, actor: Actor, cohort: Cohort) -> Enrolment:
    """The actor enrols (open cohort: a seat or the waitlist) or asks to
    (approval cohort: awaiting the leader). Refused for a cohort the leader
    nominates to, after the deadline, and outside the target group."""
    user = as_user(actor)
    if user is None or user.person_id is None:
        raise CohortError.NO_PERSON.error()
    person = Person.objects.get(pk=user.person_id)
    if person.municipality_id != cohort.municipality_id:
        raise CohortError.OTHER_MUNICIPALITY.error()
    if cohort.enrolment_mode == EnrolmentMode.NOMINATION:
        raise CohortError.NOMINATION_ONLY.error()
    _check_deadline(cohort)
    check = target_group_check(person=person, initiative=cohort.initiative)
    if not check.matches:
        raise CohortError.NOT_IN_TARGET_GROUP.error(person=person, target=check.description)
    with transaction.atomic():
        locked = _lock(cohort)
        _check_not_enrolled(locked, person)
        status: str
        position: int | None
        if locked.enrolment_mode == EnrolmentMode.APPROVAL:
            status, position = EnrolmentStatus.REQUESTED, None
        else:
            status, position = _seat_or_waitlist(locked)
        return _create(actor=actor, cohort=locked, person=person, status=status, position=position)


def enrolment_nominate(
    *, actor: Actor, cohort: Cohort, person: Person, override_reason: str = ""
) -> Enrolment:
    """A leader puts one of their own staff on the cohort (consultants and
    administrators anyone of the municipality): a seat or the waitlist, in any
    enrolment mode. Outside the target group only a consultant or an
    administrator may, with a reason, which is logged."""
    user = as_user(actor)
    override_reason = (override_reason or "").strip()
    if person.municipality_id != cohort.municipality_id:
        raise CohortError.OTHER_MUNICIPALITY.error()
    planner = actor is None or _is_planner(user, cohort)  # None: the system (the demo)
    if not planner:
        if user is None or user.role != Role.LEADER or not leads_person(user, person):
            raise CohortError.NOT_YOUR_STAFF.error(person=person)
        _check_deadline(cohort)
    check = target_group_check(person=person, initiative=cohort.initiative)
    note = ""
    if not check.matches:
        if not override_reason:
            raise CohortError.NOT_IN_TARGET_GROUP.error(person=person, target=check.description)
        if not planner:
            raise CohortError.OVERRIDE_NOT_ALLOWED.error()
        note = _("Tilmeldt uden for målgruppen: %(reason)s") % {"reason": override_reason}
    elif override_reason:
        override_reason = ""  # nothing to override
    with transaction.atomic():
        locked = _lock(cohort)
        _check_not_enrolled(locked, person)
        status, position = _seat_or_waitlist(locked)
        return _create(
            actor=actor,
            cohort=locked,
            person=person,
            status=status,
            position=position,
            override_reason=override_reason,
            note=note,
        )


def _locked_enrolment(enrolment: Enrolment) -> tuple[Cohort, Enrolment]:
    """Lock the cohort, then read the enrolment afresh (its status may have changed)."""
    cohort = _lock(enrolment.cohort)
    current = Enrolment.objects.select_related("person").get(pk=enrolment.pk)
    current.cohort = cohort
    return cohort, current


def _wrong_status(enrolment: Enrolment) -> Exception:
    return CohortError.WRONG_STATUS.error(status=enrolment.get_status_display().lower())


def enrolment_approve(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """The leader (or a planner) approves a request: a seat, or the waitlist
    when the last seat went first."""
    with transaction.atomic():
        cohort, current = _locked_enrolment(enrolment)
        if not _may_handle(actor, current):
            raise CohortError.NOT_YOUR_STAFF.error(person=current.person)
        if current.status != EnrolmentStatus.REQUESTED:
            raise _wrong_status(current)
        status, position = _seat_or_waitlist(cohort)
        _set_status(actor=actor, enrolment=current, status=status, position=position)
        _notify(status, current)
    return current


def enrolment_decline(*, actor: Actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    with transaction.atomic():
        _cohort, current = _locked_enrolment(enrolment)
        if not _may_handle(actor, current):
            raise CohortError.NOT_YOUR_STAFF.error(person=current.person)
        if current.status != EnrolmentStatus.REQUESTED:
            raise _wrong_status(current)
        _set_status(
            actor=actor, enrolment=current, status=EnrolmentStatus.DECLINED, note=reason or ""
        )
        _notify("declined", current)
    return current


def enrolment_cancel(*, actor: Actor, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Cancel a request, a seat or a place on the waitlist (the person
    themselves, their leader, a planner). A freed seat goes to the first on the
    waitlist at once, and they are told; the waitlist closes up."""
    user = as_user(actor)
    with transaction.atomic():
        cohort, current = _locked_enrolment(enrolment)
        own = user is not None and user.person_id == current.person_id
        if not own and not _may_handle(actor, current):
            raise CohortError.NOT_ALLOWED.error()
        if current.status not in OPEN_STATUSES:
            raise _wrong_status(current)
        was = current.status
        _set_status(
            actor=actor, enrolment=current, status=EnrolmentStatus.CANCELLED, note=reason or ""
        )
        _notify("cancelled", current)
        if was == EnrolmentStatus.ENROLLED:
            _fill_from_waitlist(actor=actor, cohort=cohort)
        elif was == EnrolmentStatus.WAITLISTED:
            _renumber_waitlist(actor=actor, cohort=cohort)
    return current


def enrolment_mark_no_show(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Record that an enrolled person did not come (the seat stays taken)."""
    with transaction.atomic():
        _cohort, current = _locked_enrolment(enrolment)
        if not _may_handle(actor, current):
            raise CohortError.NOT_ALLOWED.error()
        if current.status != EnrolmentStatus.ENROLLED:
            raise _wrong_status(current)
        _set_status(actor=actor, enrolment=current, status=EnrolmentStatus.NO_SHOW)
    return current


# --- attendance and completion ---------------------------------------------------------


def attendance_record(
    *, actor: Actor, session: Session, absent_person_ids: Sequence[int]
) -> list[Attendance]:
    """Record who was at ``session``: every participant (enrolled, or already
    judged by the completion rule) is present unless named in
    ``absent_person_ids``. Recording again replaces the list; only the rows
    that change are written, each logged (one insert for all entries), so the
    same list twice changes nothing."""
    absent = set(absent_person_ids)
    now = timezone.now()
    user = _actor_user(actor)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        participants = attendance_participants(locked.cohort)
        if absent - {e.person_id for e in participants}:
            raise CohortError.NOT_PARTICIPANTS.error()
        existing = {a.person_id: a for a in Attendance.objects.filter(session=locked)}
        created: list[Attendance] = []
        changed: list[tuple[Attendance, dict[str, object]]] = []
        for enrolment in participants:
            present = enrolment.person_id not in absent
            row = existing.get(enrolment.person_id)
            if row is None:
                created.append(
                    Attendance(
                        session=locked,
                        enrolment=enrolment,
                        person=enrolment.person,
                        present=present,
                        recorded_at=now,
                        recorded_by=user,
                    )
                )
            elif row.present != present or row.enrolment_id != enrolment.pk:
                before = snapshot(row)
                row.present, row.enrolment = present, enrolment
                row.recorded_at, row.recorded_by = now, user
                changed.append((row, before))
        Attendance.objects.bulk_create(created)
        Attendance.objects.bulk_update(
            [row for row, _before in changed],
            ["present", "enrolment", "recorded_at", "recorded_by"],
        )
        entries = [
            build_entry(
                actor=actor,
                obj=row,
                action=ChangeAction.CREATE,
                after=snapshot(row),
                related=locked.cohort,
            )
            for row in created
        ] + [
            build_entry(
                actor=actor,
                obj=row,
                action=ChangeAction.UPDATE,
                before=before,
                after=snapshot(row),
                related=locked.cohort,
            )
            for row, before in changed
        ]
        log_changes_bulk(entries)
    return [*created, *(row for row, _before in changed)]


@dataclass(frozen=True)
class CompletionResult:
    completed: int  # enrolments that meet the rule
    incomplete: int  # those that do not
    new: int  # completions recorded by this run (the hooks were told)


def cohort_complete(
    *, actor: Actor, cohort: Cohort, now: dt.datetime | None = None
) -> CompletionResult:
    """After the last session, judge every participant by the cohort's rule
    (``min_sessions_attended``, default all sessions): ``completed`` with a
    :class:`CourseCompletion` on the person (hours attended, the last
    session's date), or ``incomplete``. No-shows, cancellations and refusals
    are not judged. Each new completion is passed to the completion hooks
    after commit. Running it again (after a corrected attendance list)
    changes only what the rule now says differently; a completion that no
    longer holds is deleted (logged), an unchanged one is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(cohort)
        sessions = list(Session.objects.filter(cohort=locked).order_by("starts_at", "pk"))
        if not sessions:
            raise CohortError.NO_SESSIONS.error()
        last = sessions[-1]
        if last.ends_at > now:
            raise CohortError.NOT_FINISHED.error(end=long_date(timezone.localdate(last.ends_at)))
        rule = completion_rule(locked, len(sessions))
        if rule > len(sessions):
            raise CohortError.RULE_ABOVE_SESSIONS.error(sessions=len(sessions), rule=rule)
        participants = list(
            Enrolment.objects.filter(cohort=locked, status__in=JUDGED_STATUSES).select_related(
                "person"
            )
        )
        recorded = set(
            Attendance.objects.filter(session__cohort=locked).values_list("session_id", flat=True)
        )
        missing = [s for s in sessions if s.pk not in recorded]
        if participants and missing:
            raise CohortError.ATTENDANCE_MISSING.error(
                date=long_date(timezone.localdate(missing[0].starts_at))
            )
        attended = {
            row["enrolment_id"]: (row["count"], row["hours"])
            for row in Attendance.objects.filter(session__cohort=locked, present=True)
            .values("enrolment_id")
            .annotate(count=Count("pk"), hours=Sum("session__hours"))
        }
        existing = {
            c.enrolment_id: c for c in CourseCompletion.objects.filter(enrolment__cohort=locked)
        }
        completed_on = timezone.localdate(last.ends_at)
        done = new = 0
        for enrolment in participants:
            enrolment.cohort = locked
            count, hours = attended.get(enrolment.pk, (0, Decimal(0)))
            hours = Decimal(hours or 0)
            target = EnrolmentStatus.COMPLETED if count >= rule else EnrolmentStatus.INCOMPLETE
            if enrolment.status != target:
                _set_status(
                    actor=actor,
                    enrolment=enrolment,
                    status=target,
                    note=_("Deltog i %(count)s af %(total)s kursusgange (krav: %(rule)s).")
                    % {"count": count, "total": len(sessions), "rule": rule},
                )
            completion = existing.get(enrolment.pk)
            if target == EnrolmentStatus.COMPLETED:
                done += 1
                if completion is None:
                    _record_completion(
                        actor=actor,
                        enrolment=enrolment,
                        hours=hours,
                        completed_on=completed_on,
                        now=now,
                    )
                    new += 1
                elif completion.hours != hours:
                    before = snapshot(completion)
                    completion.hours = hours
                    completion.save(update_fields=["hours"])
                    log_saved(actor=actor, obj=completion, before=before, related=locked)
            elif completion is not None:
                delete_logged(actor=actor, objects=[completion], related=locked)
        before = snapshot(locked)
        locked.completed_at, locked.completed_by = now, _actor_user(actor)
        locked.save(update_fields=["completed_at", "completed_by"])
        log_saved(actor=actor, obj=locked, before=before, related=locked.initiative)
    return CompletionResult(completed=done, incomplete=len(participants) - done, new=new)


def _record_completion(
    *,
    actor: Actor,
    enrolment: Enrolment,
    hours: Decimal,
    completed_on: dt.date,
    now: dt.datetime,
) -> CourseCompletion:
    cohort = enrolment.cohort
    completion = CourseCompletion.objects.create(
        municipality_id=cohort.municipality_id,
        person_id=enrolment.person_id,
        enrolment=enrolment,
        cohort=cohort,
        initiative_title=str(cohort.initiative)[:300],
        cohort_name=str(cohort)[:170],
        hours=hours,
        completed_on=completed_on,
        recorded_at=now,
        recorded_by=_actor_user(actor),
    )
    log_saved(actor=actor, obj=completion, before=None, related=cohort)
    event = Completion(
        course_completion_id=completion.pk,
        person_id=completion.person_id,
        cohort_id=cohort.pk,
        initiative_id=cohort.initiative_id,
        hours=hours,
        completed_on=completed_on,
    )
    transaction.on_commit(lambda: run_completion_hooks(event))
    return completion
