"""Reads of cohorts, sessions and enrolments; every one through the gate."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.core.permissions import (
    Action,
    get_restricted_or_404,
    has_object_permission,
    restrict,
)
from kompetenceplan.core.selectors import history_for
from kompetenceplan.core.types import ActingUser
from kompetenceplan.organisation.models import Employment, Institution, Person
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.models import Initiative

from .choices import JUDGED_STATUSES, SEATED_STATUSES, EnrolmentMode, EnrolmentStatus, FillStatus
from .dates import Period, date_warnings
from .models import Attendance, Cohort, CourseCompletion, Enrolment, SchoolHoliday, Session

# --- counting -------------------------------------------------------------------------


def with_counts(queryset: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Cohorts annotated with ``seated``, ``waitlisted`` and ``pending`` counts."""
    return queryset.annotate(
        seated=Count("enrolments", filter=Q(enrolments__status__in=SEATED_STATUSES)),
        waitlisted=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITLISTED)),
        pending=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.REQUESTED)),
    )


def seated_count(cohort: Cohort) -> int:
    return Enrolment.objects.filter(cohort=cohort, status__in=SEATED_STATUSES).count()


def fill_q(status: str, today: dt.date | None = None) -> Q:
    """The rows of :func:`with_counts` in a fill status (the list's filter)."""
    if status == FillStatus.OPEN:
        return Q(seated__lt=F("capacity"))
    if status == FillStatus.FULL:
        return Q(seated__gte=F("capacity"))
    if status == FillStatus.WAITLIST:
        return Q(waitlisted__gt=0)
    return below_minimum_q(today)


def below_minimum_q(today: dt.date | None = None) -> Q:
    """Cohorts whose enrolment deadline has passed with fewer than the minimum
    seated (on a queryset of :func:`with_counts`)."""
    day = today or timezone.localdate()
    return Q(enrolment_deadline__lt=day, seated__lt=F("minimum"))


# --- cohorts --------------------------------------------------------------------------


def cohort_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Cohort:
    return get_restricted_or_404(
        Cohort.objects.select_related("initiative__plan", "responsible_user"), user, action, pk=pk
    )


def cohort_list(*, user: ActingUser) -> QuerySet[Cohort]:
    return with_counts(
        restrict(Cohort.objects.all(), user, Action.VIEW).select_related(
            "initiative__plan", "responsible_user"
        )
    )


def cohorts_below_minimum(*, user: ActingUser, today: dt.date | None = None) -> list[Cohort]:
    """The cohorts the user may change whose deadline has passed below their
    minimum: the consultant's (or, for an administrator, all) to act on."""
    queryset = with_counts(restrict(Cohort.objects.all(), user, Action.CHANGE))
    return list(queryset.filter(below_minimum_q(today)).select_related("initiative"))


def is_below_minimum(cohort: Cohort, seated: int, today: dt.date | None = None) -> bool:
    day = today or timezone.localdate()
    deadline = cohort.enrolment_deadline
    return deadline is not None and deadline < day and seated < cohort.minimum


def school_years(*, user: ActingUser) -> list[str]:
    years = restrict(Cohort.objects.all(), user, Action.VIEW).values_list("school_year", flat=True)
    return sorted(set(years), reverse=True)


def cohort_initiatives(*, user: ActingUser) -> QuerySet[Initiative]:
    """The initiatives that have cohorts the user sees (the list's filter)."""
    ids = restrict(Cohort.objects.all(), user, Action.VIEW).values("initiative_id")
    return Initiative.objects.filter(pk__in=ids).select_related("plan").order_by("sort_key")


def cohort_history(cohort: Cohort) -> QuerySet[ChangeLogEntry]:
    return history_for(cohort)


# --- sessions -------------------------------------------------------------------------


def session_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Session:
    return get_restricted_or_404(
        Session.objects.select_related("cohort__initiative__plan"), user, action, pk=pk
    )


def school_holiday_list(*, user: ActingUser) -> QuerySet[SchoolHoliday]:
    return restrict(SchoolHoliday.objects.all(), user, Action.VIEW).order_by("-start", "name")


def school_holiday_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> SchoolHoliday:
    return get_restricted_or_404(SchoolHoliday.objects.all(), user, action, pk=pk)


def school_holidays(municipality_id: int) -> list[Period]:
    return [
        Period(h.name, h.start, h.end)
        for h in SchoolHoliday.objects.filter(municipality_id=municipality_id)
    ]


def time_warnings(
    *, municipality_id: int, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[str]:
    """Public and school holidays the time touches (Danish warnings)."""
    start = timezone.localtime(starts_at).date()
    end = timezone.localtime(ends_at).date()
    return date_warnings(start, max(start, end), school_holidays(municipality_id))


@dataclass
class SessionRow:
    session: Session
    week: int
    warnings: list[str]
    practice_until: dt.datetime | None  # the next session's start, when there is a prøvehandling


def session_rows(cohort: Cohort) -> list[SessionRow]:
    """The cohort's sessions in order, each with its ISO week, its holiday
    warnings and (for a prøvehandling) when the period ends."""
    sessions = list(cohort.sessions.all())
    periods = school_holidays(cohort.municipality_id)
    rows = []
    for index, session in enumerate(sessions):
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        following = sessions[index + 1] if index + 1 < len(sessions) else None
        rows.append(
            SessionRow(
                session=session,
                week=start.isocalendar().week,
                warnings=date_warnings(start.date(), max(start.date(), end.date()), periods),
                practice_until=following.starts_at
                if following and session.practice_after
                else None,
            )
        )
    return rows


# --- enrolments -----------------------------------------------------------------------


def enrolment_get(*, user: ActingUser, pk: int, action: str = Action.VIEW) -> Enrolment:
    return get_restricted_or_404(
        Enrolment.objects.select_related("cohort__initiative", "person"), user, action, pk=pk
    )


@dataclass
class CohortEnrolments:
    """What the user may see of a cohort's enrolments, by status."""

    enrolled: list[Enrolment]
    waitlisted: list[Enrolment]
    pending: list[Enrolment]
    other: list[Enrolment]
    changeable: set[int]


def cohort_enrolments(*, user: ActingUser, cohort: Cohort) -> CohortEnrolments:
    visible = list(
        restrict(Enrolment.objects.filter(cohort=cohort), user, Action.VIEW)
        .select_related("person")
        .order_by("waitlist_position", "person__last_name", "person__first_name", "pk")
    )
    changeable = set(
        restrict(Enrolment.objects.filter(cohort=cohort), user, Action.CHANGE).values_list(
            "pk", flat=True
        )
    )
    by: dict[str, list[Enrolment]] = {"enrolled": [], "waitlisted": [], "pending": [], "other": []}
    for enrolment in visible:
        if enrolment.status in SEATED_STATUSES:
            by["enrolled"].append(enrolment)
        elif enrolment.status == EnrolmentStatus.WAITLISTED:
            by["waitlisted"].append(enrolment)
        elif enrolment.status == EnrolmentStatus.REQUESTED:
            by["pending"].append(enrolment)
        else:
            by["other"].append(enrolment)
    return CohortEnrolments(changeable=changeable, **by)


def own_enrolment(*, user: ActingUser, cohort: Cohort) -> Enrolment | None:
    """The user's own active enrolment on the cohort, if any."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return None
    return (
        Enrolment.objects.filter(cohort=cohort, person_id=person_id)
        .exclude(status__in=(EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED))
        .first()
    )


def can_request(*, user: ActingUser, cohort: Cohort) -> bool:
    """Show "Tilmeld mig" / "Bed om plads": a user with a person record, a
    cohort not by nomination, before its deadline."""
    if getattr(user, "person_id", None) is None:
        return False
    if cohort.enrolment_mode == EnrolmentMode.NOMINATION:
        return False
    deadline = cohort.enrolment_deadline
    return deadline is None or deadline >= timezone.localdate()


def nominatable_people(*, user: ActingUser, cohort: Cohort) -> QuerySet[Person]:
    """Whom the user may put on the cohort: a leader their institutions' current
    staff, consultants and administrators anyone of the municipality."""
    people = restrict(Person.objects.all(), user, Action.VIEW).filter(
        municipality_id=cohort.municipality_id
    )
    if getattr(user, "role", None) not in ("administrator", "consultant", "leader"):
        return people.none()
    return people.order_by("last_name", "first_name")


def can_nominate(*, user: ActingUser, cohort: Cohort) -> bool:
    role = getattr(user, "role", None)
    return role in ("administrator", "consultant", "leader") and has_object_permission(
        user, cohort, Action.VIEW
    )


# --- the target group -----------------------------------------------------------------


@dataclass(frozen=True)
class TargetCheck:
    matches: bool
    description: str  # the target group in words, for the refusal


def target_description(initiative: Initiative) -> str:
    parts = [str(r) for r in initiative.target_roles.all()]
    parts += [str(f) for f in initiative.target_functions.all()]
    parts += [str(k) for k in initiative.target_institution_kinds]
    parts += [str(i) for i in initiative.target_institutions.all()]
    return ", ".join(parts) or _("alle")


def target_group_check(*, person: Person, initiative: Initiative) -> TargetCheck:
    """Is the person in the initiative's target group today?

    Each given part must hold for one current employment: its job role among
    the target roles (or the person has one of the target resource functions),
    its institution of a target kind, and one of the target institutions. An
    initiative without a structured target group is open to everyone.
    """
    role_ids = set(initiative.target_roles.values_list("pk", flat=True))
    function_ids = set(initiative.target_functions.values_list("pk", flat=True))
    kinds = set(initiative.target_institution_kinds or [])
    institution_ids = set(initiative.target_institutions.values_list("pk", flat=True))
    description = target_description(initiative)
    if not (role_ids or function_ids or kinds or institution_ids):
        return TargetCheck(True, description)
    has_function = (
        bool(function_ids) and person.resource_functions.filter(pk__in=function_ids).exists()
    )
    employments = Employment.objects.filter(current_employments_q(), person=person).values_list(
        "job_role_id", "institution_id", "institution__kind"
    )
    for job_role_id, institution_id, kind in employments:
        role_ok = not (role_ids or function_ids) or job_role_id in role_ids or has_function
        kind_ok = not kinds or kind in kinds
        place_ok = not institution_ids or institution_id in institution_ids
        if role_ok and kind_ok and place_ok:
            return TargetCheck(True, description)
    return TargetCheck(False, description)


def person_institution_ids(person: Person) -> set[int]:
    return set(
        Employment.objects.filter(current_employments_q(), person=person).values_list(
            "institution_id", flat=True
        )
    )


def leads_person(user: User, person: Person) -> bool:
    """Is the leader responsible for one of the person's current institutions?"""
    return bool(person_institution_ids(person) & set(user.institution_ids))


def as_user(actor: ActingUser | None) -> User | None:
    return actor if isinstance(actor, User) else None


# --- the people's own pages (docs/cohorts.md, "Egne sider") ---------------------------


@dataclass(frozen=True)
class SessionLine:
    """A session as the own pages show it: local start and end, ISO week."""

    session: Session
    starts: dt.datetime
    ends: dt.datetime
    week: int


def session_line(session: Session) -> SessionLine:
    starts = timezone.localtime(session.starts_at)
    return SessionLine(
        session=session,
        starts=starts,
        ends=timezone.localtime(session.ends_at),
        week=starts.isocalendar().week,
    )


@dataclass
class MyEnrolment:
    """One of the user's enrolments with its cohort's sessions."""

    enrolment: Enrolment
    sessions: list[SessionLine]
    upcoming: list[SessionLine]
    hours: Decimal

    @property
    def first(self) -> dt.date | None:
        return self.sessions[0].starts.date() if self.sessions else None

    @property
    def last(self) -> dt.date | None:
        return self.sessions[-1].starts.date() if self.sessions else None


@dataclass
class MyCourses:
    """ "Mine kurser" by status. ``finished``: completed (or no-show)
    enrolments and seats on cohorts whose sessions are all past."""

    enrolled: list[MyEnrolment]
    waitlisted: list[MyEnrolment]
    pending: list[MyEnrolment]
    finished: list[MyEnrolment]
    cancelled: list[MyEnrolment]

    def all(self) -> list[MyEnrolment]:
        return [
            *self.enrolled,
            *self.waitlisted,
            *self.pending,
            *self.finished,
            *self.cancelled,
        ]


def my_courses(*, user: ActingUser, now: dt.datetime | None = None) -> MyCourses:
    """The user's own enrolments (the gate's ``mine``), grouped; 2 queries."""
    from .permissions import MINE

    moment = now or timezone.now()
    enrolments = (
        restrict(Enrolment.objects.all(), user, MINE)
        .select_related("cohort__initiative")
        .prefetch_related("cohort__sessions")
        .order_by("cohort__initiative__sort_key", "cohort__name", "-status_changed_at", "pk")
    )
    groups = MyCourses([], [], [], [], [])
    for enrolment in enrolments:
        sessions = [session_line(s) for s in enrolment.cohort.sessions.all()]
        item = MyEnrolment(
            enrolment=enrolment,
            sessions=sessions,
            upcoming=[line for line in sessions if line.session.ends_at >= moment],
            hours=sum((line.session.hours for line in sessions), Decimal(0)),
        )
        status = enrolment.status
        if status == EnrolmentStatus.ENROLLED:
            (groups.enrolled if item.upcoming or not sessions else groups.finished).append(item)
        elif status == EnrolmentStatus.WAITLISTED:
            groups.waitlisted.append(item)
        elif status == EnrolmentStatus.REQUESTED:
            groups.pending.append(item)
        elif status in (EnrolmentStatus.COMPLETED, EnrolmentStatus.NO_SHOW):
            groups.finished.append(item)
        else:
            groups.cancelled.append(item)
    groups.enrolled.sort(key=lambda i: i.upcoming[0].starts if i.upcoming else moment)
    groups.waitlisted.sort(key=lambda i: i.enrolment.waitlist_position or 0)
    groups.finished.sort(key=lambda i: i.last or dt.date.min, reverse=True)
    return groups


def with_next_start(queryset: QuerySet[Cohort], now: dt.datetime) -> QuerySet[Cohort]:
    """Cohorts annotated with ``next_start``, the start of their next session
    (None when none is ahead), ordered by it (those without last)."""
    next_start = Subquery(
        Session.objects.filter(cohort=OuterRef("pk"), starts_at__gte=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return queryset.annotate(next_start=next_start).order_by(
        F("next_start").asc(nulls_last=True), "-school_year", "name", "pk"
    )


def open_cohorts_q(today: dt.date) -> Q:
    """Cohorts a user may ask for a place on: not by nomination, deadline open."""
    return ~Q(enrolment_mode=EnrolmentMode.NOMINATION) & (
        Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today)
    )


@dataclass
class Offer:
    """An initiative of the plans aimed at the user's job role, with the open
    cohorts they may ask for a place on (those they hold no place on)."""

    initiative: Initiative
    cohorts: list[Cohort]


def plan_offers(
    *, user: ActingUser, exclude_cohorts: Collection[int] = (), now: dt.datetime | None = None
) -> list[Offer]:
    """ "Det tilbyder planen dig": the initiatives (that the user sees) whose
    target roles include the job role of one of the person's current
    employments, each with its open cohorts that have not begun (no session
    started yet); 3 queries."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    moment = now or timezone.now()
    role_ids = Employment.objects.filter(current_employments_q(), person_id=person_id).values(
        "job_role_id"
    )
    # A cohort that has begun (a session started) is no longer offered, even
    # without a deadline: last year's meetings are not an offer.
    begun = Session.objects.filter(cohort=OuterRef("pk"), starts_at__lte=moment)
    cohorts = with_next_start(
        with_counts(restrict(Cohort.objects.all(), user, Action.VIEW))
        .filter(open_cohorts_q(timezone.localtime(moment).date()))
        .exclude(Exists(begun)),
        moment,
    )
    initiatives = (
        restrict(Initiative.objects.all(), user, Action.VIEW)
        .filter(target_roles__in=role_ids)
        .distinct()
        .order_by("plan__title", "sort_key")
        .prefetch_related(Prefetch("cohorts", queryset=cohorts, to_attr="open_cohorts"))
    )
    offers = []
    for initiative in initiatives:
        open_cohorts = [c for c in initiative.open_cohorts if c.pk not in exclude_cohorts]
        for cohort in open_cohorts:
            seated: int = cohort.seated  # type: ignore[attr-defined]
            cohort.free = max(cohort.capacity - seated, 0)  # type: ignore[attr-defined]
        offers.append(Offer(initiative=initiative, cohorts=open_cohorts))
    return offers


def my_next_sessions(
    *, user: ActingUser, limit: int = 3, now: dt.datetime | None = None
) -> list[SessionLine]:
    """The next sessions of the cohorts the user holds a seat on (1 query)."""
    from .permissions import MINE

    moment = now or timezone.now()
    seats = restrict(Enrolment.objects.all(), user, MINE).filter(status=EnrolmentStatus.ENROLLED)
    sessions = (
        Session.objects.filter(cohort_id__in=seats.values("cohort_id"), ends_at__gte=moment)
        .select_related("cohort__initiative")
        .order_by("starts_at", "pk")[:limit]
    )
    return [session_line(s) for s in sessions]


@dataclass
class CohortStaff:
    """A cohort and the leader's staff's enrolments on it."""

    cohort: Cohort
    enrolments: list[Enrolment]


@dataclass
class LeaderCourses:
    initiatives: list[Initiative]
    cohorts: list[CohortStaff]
    pending: list[Enrolment]

    def shown(self) -> list[Enrolment]:
        return [e for row in self.cohorts for e in row.enrolments]


def leader_enrolments(*, user: ActingUser) -> QuerySet[Enrolment]:
    """The active enrolments of the leader's institutions' staff (the gate's ``lead``)."""
    from .permissions import LEAD

    return restrict(Enrolment.objects.all(), user, LEAD).exclude(
        status__in=(EnrolmentStatus.CANCELLED, EnrolmentStatus.DECLINED)
    )


def pending_approval_count(*, user: ActingUser) -> int:
    return leader_enrolments(user=user).filter(status=EnrolmentStatus.REQUESTED).count()


def initiatives_concerning(*, user: ActingUser) -> list[Initiative]:
    """The initiatives (that the user sees) whose target group concerns the
    leader's institutions: each given part of the target group (institutions,
    kinds of institution, job roles of the staff employed there) matches one of
    them; an initiative without a structured target group concerns everyone.
    (Resource functions are left out: they concern people, not institutions.)"""
    institution_ids = set(getattr(user, "institution_ids", []))
    if not institution_ids:
        return []
    employments = Employment.objects.filter(
        current_employments_q(), institution_id__in=institution_ids
    ).values_list("institution_id", "institution__kind", "job_role_id")
    roles_at: dict[int, set[int]] = {pk: set() for pk in institution_ids}
    kind_of: dict[int, str] = {}
    for institution_id, kind, job_role_id in employments:
        roles_at[institution_id].add(job_role_id)
        kind_of[institution_id] = kind
    from kompetenceplan.organisation.models import Institution

    for pk, kind in Institution.objects.filter(pk__in=institution_ids).values_list("pk", "kind"):
        kind_of[pk] = kind
    initiatives = (
        restrict(Initiative.objects.all(), user, Action.VIEW)
        .select_related("plan")
        .prefetch_related("target_roles", "target_institutions", "target_functions")
        .order_by("plan__title", "sort_key")
    )
    result = []
    for initiative in initiatives:
        roles = {r.pk for r in initiative.target_roles.all()}
        places = {i.pk for i in initiative.target_institutions.all()}
        kinds = set(initiative.target_institution_kinds or [])
        if not (roles or places or kinds or initiative.target_functions.all()):
            result.append(initiative)
            continue
        for pk in institution_ids:
            if (
                (not places or pk in places)
                and (not kinds or kind_of.get(pk) in kinds)
                and (not roles or roles & roles_at[pk])
            ):
                result.append(initiative)
                break
    return result


def leader_courses(*, user: ActingUser) -> LeaderCourses:
    """ "Mine institutioners kurser": the initiatives concerning the leader's
    institutions, their staff's enrolments per cohort and the requests awaiting
    approval; 6 queries whatever the number of enrolments."""
    enrolments = list(
        leader_enrolments(user=user)
        .select_related("person", "cohort__initiative")
        .order_by(
            "cohort__initiative__sort_key",
            "cohort__name",
            "cohort_id",
            "status",
            "waitlist_position",
            "person__last_name",
            "person__first_name",
            "pk",
        )
    )
    rows: dict[int, CohortStaff] = {}
    for enrolment in enrolments:
        row = rows.setdefault(enrolment.cohort_id, CohortStaff(enrolment.cohort, []))
        row.enrolments.append(enrolment)
    return LeaderCourses(
        initiatives=initiatives_concerning(user=user),
        cohorts=list(rows.values()),
        pending=[e for e in enrolments if e.status == EnrolmentStatus.REQUESTED],
    )


def responsible_cohorts(*, user: ActingUser, now: dt.datetime | None = None) -> list[Cohort]:
    """ "Mine hold": the cohorts the planner is responsible for (theirs or their
    initiative's), with counts, ``next_start`` and ``below_minimum``; those with
    a next session first, soonest first; 1 query."""
    from .permissions import RESPONSIBLE

    moment = now or timezone.now()
    cohorts = list(
        with_next_start(
            with_counts(restrict(Cohort.objects.all(), user, RESPONSIBLE)), moment
        ).select_related("initiative")
    )
    today = timezone.localtime(moment).date()
    for cohort in cohorts:
        seated: int = cohort.seated  # type: ignore[attr-defined]
        cohort.below_minimum = is_below_minimum(cohort, seated, today)  # type: ignore[attr-defined]
    return cohorts


# --- attendance, completion and participant hours ------------------------------------


def attendance_participants(cohort: Cohort) -> list[Enrolment]:
    """Who is on a session's attendance list: the enrolled (and those the
    completion rule already judged), by name."""
    return list(
        Enrolment.objects.filter(cohort=cohort, status__in=JUDGED_STATUSES)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def completion_rule(cohort: Cohort, session_count: int) -> int:
    """How many sessions a participant must attend: the cohort's rule, or all."""
    return cohort.min_sessions_attended or session_count


@dataclass
class AttendanceRow:
    enrolment: Enrolment
    present: bool


@dataclass
class AttendanceSheet:
    """A session's list: each participant present unless recorded absent."""

    rows: list[AttendanceRow]
    recorded: bool  # has the list been saved before?

    @property
    def present(self) -> int:
        return sum(1 for row in self.rows if row.present)

    @property
    def total(self) -> int:
        return len(self.rows)


def attendance_sheet(session: Session) -> AttendanceSheet:
    participants = attendance_participants(session.cohort)
    present = dict(Attendance.objects.filter(session=session).values_list("person_id", "present"))
    return AttendanceSheet(
        rows=[AttendanceRow(e, present.get(e.person_id, True)) for e in participants],
        recorded=bool(present),
    )


def _attended() -> QuerySet[Attendance]:
    return Attendance.objects.filter(present=True)


def _hours(queryset: QuerySet[Attendance]) -> Decimal:
    total = queryset.aggregate(total=Sum("session__hours"))["total"]
    return Decimal(total or 0)


def cohort_attended_hours(cohort: Cohort) -> Decimal:
    """Participant hours of a cohort: the hours of every session, for every
    participant recorded present at it."""
    return _hours(_attended().filter(session__cohort=cohort))


def initiative_attended_hours(initiative: Initiative) -> Decimal:
    """Participant hours of all the initiative's cohorts."""
    return _hours(_attended().filter(session__cohort__initiative=initiative))


@dataclass(frozen=True)
class YearHours:
    """Participant hours of an initiative's cohorts in one school year."""

    school_year: str
    cohorts: int
    people: int
    hours: Decimal


@dataclass
class InitiativeHours:
    """Participant hours of the given cohorts of an initiative: per cohort
    (id), per school year (oldest first) and in all."""

    by_cohort: dict[int, Decimal]
    years: list[YearHours]

    @property
    def total(self) -> Decimal:
        return sum((year.hours for year in self.years), Decimal(0))


def initiative_hours(cohorts: Collection[Cohort]) -> InitiativeHours:
    """Participant hours per cohort and per school year of ``cohorts`` (the
    ones the user sees of an initiative, e.g. :func:`cohort_list`'s): one query
    (none without cohorts). A person counts once per school year however many
    of its cohorts they attended."""
    if not cohorts:
        return InitiativeHours(by_cohort={}, years=[])
    rows = (
        _attended()
        .filter(session__cohort__in=[c.pk for c in cohorts])
        .values_list("session__cohort_id", "session__cohort__school_year", "person_id")
        .annotate(hours=Sum("session__hours"))
        .order_by()
    )
    by_cohort: dict[int, Decimal] = defaultdict(Decimal)
    hours: dict[str, Decimal] = defaultdict(Decimal)
    people: dict[str, set[int]] = defaultdict(set)
    counted: dict[str, set[int]] = defaultdict(set)
    for cohort_id, school_year, person_id, total in rows:
        by_cohort[cohort_id] += Decimal(total)
        hours[school_year] += Decimal(total)
        people[school_year].add(person_id)
        counted[school_year].add(cohort_id)
    return InitiativeHours(
        by_cohort=dict(by_cohort),
        years=[
            YearHours(year, len(counted[year]), len(people[year]), hours[year])
            for year in sorted(hours)
        ],
    )


def attended_hours_by_institution(
    *, municipality_id: int, initiative: Initiative | None = None, cohort: Cohort | None = None
) -> dict[int, Decimal]:
    """Participant hours per institution (id): each attended session counts for
    the institution(s) where the person was employed on the session's day (a
    person employed at two institutions that day counts at both). Two queries."""
    attended = _attended().filter(session__cohort__municipality_id=municipality_id)
    if initiative is not None:
        attended = attended.filter(session__cohort__initiative=initiative)
    if cohort is not None:
        attended = attended.filter(session__cohort=cohort)
    rows = list(attended.values_list("person_id", "session__starts_at", "session__hours"))
    employments: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, institution_id, start, end in Employment.objects.filter(
        person_id__in={row[0] for row in rows}
    ).values_list("person_id", "institution_id", "start_date", "end_date"):
        employments[person_id].append((institution_id, start, end))
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for person_id, starts_at, hours in rows:
        day = timezone.localdate(starts_at)
        for institution_id in {
            i
            for i, start, end in employments[person_id]
            if start <= day and (end is None or end >= day)
        }:
            totals[institution_id] += Decimal(hours)
    return dict(totals)


def person_completions(*, user: ActingUser, person: Person) -> QuerySet[CourseCompletion]:
    """The person's completed courses the user may see, newest first."""
    return restrict(CourseCompletion.objects.filter(person=person), user, Action.VIEW)


@dataclass(frozen=True)
class InstitutionHoursRow:
    """Participant hours of one institution's staff on one initiative in one
    school year."""

    initiative_id: int
    initiative: str
    school_year: str
    hours: Decimal
    people: int


def institution_attended_hours(*, institution: Institution) -> list[InstitutionHoursRow]:
    """Participant hours of the institution's staff per initiative and school
    year: each attended session counts when the person was employed at the
    institution on the session's day (as :func:`attended_hours_by_institution`).
    Two queries."""
    rows = list(
        _attended()
        .filter(
            session__cohort__municipality_id=institution.municipality_id,
            person__employments__institution=institution,
        )
        .values_list(
            "session_id",
            "person_id",
            "session__starts_at",
            "session__hours",
            "session__cohort__initiative_id",
            "session__cohort__initiative__number",
            "session__cohort__initiative__title",
            "session__cohort__school_year",
        )
        .distinct()
    )
    spans: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, start, end in Employment.objects.filter(
        institution=institution, person_id__in={row[1] for row in rows}
    ).values_list("person_id", "start_date", "end_date"):
        spans[person_id].append((start, end))
    hours: dict[tuple[int, str, str], Decimal] = defaultdict(Decimal)
    people: dict[tuple[int, str, str], set[int]] = defaultdict(set)
    for _session, person_id, starts_at, session_hours, initiative_id, number, title, year in rows:
        day = timezone.localdate(starts_at)
        if any(s <= day and (e is None or e >= day) for s, e in spans[person_id]):
            key = (initiative_id, f"{number} {title}".strip(), year)
            hours[key] += Decimal(session_hours)
            people[key].add(person_id)
    return [
        InstitutionHoursRow(
            initiative_id=key[0],
            initiative=key[1],
            school_year=key[2],
            hours=hours[key],
            people=len(people[key]),
        )
        for key in sorted(hours, key=lambda k: (k[2], k[1]))
    ]
