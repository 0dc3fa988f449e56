"""The permission matrix of every cohorts page (kompetenceplan/testing/matrix.py,
docs/permissions.md, docs/cohorts.md):

- everyone in the municipality reads the cohorts (of adopted plans);
- administrators create and change every cohort and its sessions, consultants
  those of the initiatives they are responsible for (another's: 404);
- staff with a staff record enrol themselves; leaders nominate and handle their
  own institutions' people (another institution's enrolment: 404); planners all;
- the attendance list and the completion are kept by the cohort's planners
  (administrators; the consultant responsible for the initiative);
- another municipality's cohort, session or enrolment answers 404.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Cohort, Enrolment, Session
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .factories import make_cohort, make_session

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
HANDLERS = {"admin", "consultant", "leader"}


@pytest.fixture
def objects(world, cw):
    def enrol(cohort, person, status=EnrolmentStatus.REQUESTED):
        from django.utils import timezone

        return Enrolment.objects.create(
            cohort=cohort, person=person, status=status, status_changed_at=timezone.now()
        )

    objects = SimpleNamespace(
        **vars(world),
        **vars(cw),
        empty=make_cohort(cw.initiative, "Tomt hold"),
        theirs_session=make_session(cw.theirs),
        request_a=enrol(cw.approval, world.person_a),
        request_b=enrol(cw.approval, world.person_b),
        seat_a=enrol(cw.cohort, world.person_a, EnrolmentStatus.ENROLLED),
        seat_b=enrol(cw.cohort, world.person_b, EnrolmentStatus.ENROLLED),
        h_enrolment=enrol(cw.h_cohort, world.person_h),
        holiday=_holiday(world.ishoj, "Vinterferie"),
        h_holiday=_holiday(world.horsens, "Horsens-ferie"),
    )
    _rollout_targets(objects)
    # The cohort's one (past) session has its attendance list: it can be completed.
    services.attendance_record(actor=None, session=cw.session, absent_person_ids=[])
    return objects


def _rollout_targets(o):
    """Rollout targets of the consultant's initiative, another's and Horsens' one."""
    from kompetenceplan.cohorts.rollouts import rollout_set
    from kompetenceplan.organisation.models import JobRole

    teacher = [JobRole.objects.get(name="Lærer")]
    for initiative in (o.initiative, o.other, o.h_cohort.initiative):
        rollout_set(
            actor=None,
            initiative=initiative,
            target_roles=teacher,
            first_school_year="2025/26",
            school_years=4,
        )


def _holiday(municipality, name):
    import datetime as dt

    from kompetenceplan.cohorts.models import SchoolHoliday

    return SchoolHoliday.objects.create(
        municipality=municipality, name=name, start=dt.date(2026, 2, 9), end=dt.date(2026, 2, 13)
    )


def url(name, attr=None, query=""):
    def build(o):
        path = reverse(name, args=[getattr(o, attr).pk] if attr else [])
        return path + (f"?{query.format(o=o)}" if query else "")

    return build


def state(o):
    from kompetenceplan.cohorts.models import Attendance, CourseCompletion, SchoolHoliday

    return (
        sorted(Attendance.objects.values_list("pk", "person_id", "present")),
        sorted(CourseCompletion.objects.values_list("pk", "person_id")),
        sorted(SchoolHoliday.objects.values_list("pk", "name")),
        sorted(Cohort.objects.values_list("pk", "name", "capacity")),
        sorted(Session.objects.values_list("pk", "starts_at", "hours")),
        sorted(Enrolment.objects.values_list("pk", "status", "waitlist_position")),
    )


COHORT_DATA = {
    "name": "Nyt hold",
    "school_year": "2025/26",
    "capacity": "20",
    "minimum": "5",
    "enrolment_mode": "open",
}
SESSION_DATA = {
    "kind": "course_day",
    "date": "2025-09-10",
    "starts_at": "09:00",
    "ends_at": "14:00",
}


def both(name, *, data, **common):
    """GET and POST of a form page with the same roles."""
    return [
        Case(name, state=state, **common),
        Case(name, method="POST", data=data, state=state, **common),
    ]


def planner_pages(name, attr, other, theirs, data, *, query=""):
    """A planner's page, also on a cohort (or initiative) the consultant is not
    responsible for (404 for the consultant)."""
    common = {"forbidden": ALL_ROLES - PLANNERS}
    return [
        *both(
            name,
            data=data,
            url=url(name, attr, query.format(attr=attr) if query else ""),
            allowed=PLANNERS,
            other_municipality_url=url(name, other, query.format(attr=other) if query else ""),
            **common,
        ),
        *both(
            name,
            data=data,
            label="not responsible",
            url=url(name, theirs, query.format(attr=theirs) if query else ""),
            allowed={"admin"},
            not_found={"consultant"},
            **common,
        ),
    ]


def create_url(attr):
    return lambda o: reverse("cohorts:cohort_create") + f"?initiative={getattr(o, attr).pk}"


CASES = [
    Case(
        "cohorts:holiday_list",
        url=url("cohorts:holiday_list"),
        allowed=ALL_ROLES,
        contains="Vinterferie",
    ),
    *both(
        "cohorts:holiday_create",
        data={"name": "Efterårsferie", "start": "2025-10-11", "end": "2025-10-19"},
        url=url("cohorts:holiday_create"),
        allowed={"admin"},
        forbidden=ALL_ROLES - {"admin"},
    ),
    *both(
        "cohorts:holiday_delete",
        data={},
        url=url("cohorts:holiday_delete", "holiday"),
        allowed={"admin"},
        forbidden=ALL_ROLES - {"admin"},
        other_municipality_url=url("cohorts:holiday_delete", "h_holiday"),
    ),
    Case(
        "cohorts:cohort_list", url=url("cohorts:cohort_list"), allowed=ALL_ROLES, contains="Hold 1"
    ),
    Case(
        "cohorts:cohort_list",
        label="export",
        url=url("cohorts:cohort_list", query="export=csv"),
        allowed=ALL_ROLES,
        contains="Hold 1",
    ),
    Case(
        "cohorts:cohort_detail",
        url=url("cohorts:cohort_detail", "cohort"),
        allowed=ALL_ROLES,
        contains="Ishøjgård",
        other_municipality_url=url("cohorts:cohort_detail", "h_cohort"),
    ),
    *both(
        "cohorts:cohort_create",
        data=COHORT_DATA,
        url=create_url("initiative"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        other_municipality_url=lambda o: (
            reverse("cohorts:cohort_create") + f"?initiative={o.h_cohort.initiative_id}"
        ),
    ),
    *both(
        "cohorts:cohort_create",
        data=COHORT_DATA,
        label="not responsible",
        url=create_url("other"),
        allowed={"admin"},
        not_found={"consultant"},
        forbidden=ALL_ROLES - PLANNERS,
    ),
    *planner_pages(
        "cohorts:cohort_edit",
        "cohort",
        "h_cohort",
        "theirs",
        {**COHORT_DATA, "name": "Hold 1", "capacity": "3", "minimum": "1"},
    ),
    *planner_pages("cohorts:cohort_delete", "empty", "h_cohort", "theirs", {}),
    *planner_pages("cohorts:session_create", "cohort", "h_cohort", "theirs", SESSION_DATA),
    *both(
        "cohorts:session_edit",
        data=SESSION_DATA,
        url=url("cohorts:session_edit", "session"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        other_municipality_url=url("cohorts:session_edit", "h_session"),
    ),
    *both(
        "cohorts:session_delete",
        data={},
        url=url("cohorts:session_delete", "session"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        other_municipality_url=url("cohorts:session_delete", "h_session"),
    ),
    *planner_pages(
        "cohorts:attendance",
        "session",
        "h_session",
        "theirs_session",
        {},
    ),
    *planner_pages("cohorts:cohort_complete", "cohort", "h_cohort", "theirs", {}),
    *both(
        "cohorts:enrol_self",
        data={},
        url=url("cohorts:enrol_self", "theirs"),
        allowed={"staff"},
        # Only a user with a staff record enrols themselves.
        forbidden=(ALL_ROLES - {"staff"}) | {"horsens_admin"},
        other_municipality_url=url("cohorts:enrol_self", "h_cohort"),
    ),
    *both(
        "cohorts:nominate",
        data=lambda o: {"person": o.person_a2.pk},
        url=url("cohorts:nominate", "cohort"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        other_municipality_url=url("cohorts:nominate", "h_cohort"),
    ),
    *[
        case
        for name in ("cohorts:enrolment_approve", "cohorts:enrolment_decline")
        for case in both(
            name,
            data={},
            url=url(name, "request_a"),
            allowed=HANDLERS,
            forbidden=ALL_ROLES - HANDLERS,
            other_municipality_url=url(name, "h_enrolment"),
            other_institution_url=url(name, "request_b"),
        )
    ],
    *both(
        "cohorts:enrolment_no_show",
        data={},
        url=url("cohorts:enrolment_no_show", "seat_a"),
        allowed=HANDLERS,
        forbidden=ALL_ROLES - HANDLERS,
        other_municipality_url=url("cohorts:enrolment_no_show", "h_enrolment"),
        other_institution_url=url("cohorts:enrolment_no_show", "seat_b"),
    ),
    *both(
        "cohorts:enrolment_cancel",
        data={},
        url=url("cohorts:enrolment_cancel", "seat_a"),
        allowed=HANDLERS | {"staff"},
        forbidden={"coordinator", "viewer"},
        other_municipality_url=url("cohorts:enrolment_cancel", "h_enrolment"),
        other_institution_url=url("cohorts:enrolment_cancel", "seat_b"),
    ),
    # The own pages (views_mine): no object in the URL; each shows only the
    # reader's own, their staff's or their cohorts.
    Case(
        "cohorts:my_courses",
        url=url("cohorts:my_courses"),
        allowed={"staff": "Afventer godkendelse"},
        forbidden=(ALL_ROLES - {"staff"}) | {"horsens_admin"},
        absent=("Horsens-hold", "Carl Christensen"),
    ),
    Case(
        "cohorts:leader_courses",
        url=url("cohorts:leader_courses"),
        allowed={"leader": "Anne Andersen"},
        forbidden=(ALL_ROLES - {"leader"}) | {"horsens_admin"},
        absent=("Carl Christensen", "Dorte Dam", "Horsens-hold"),
    ),
    Case(
        "cohorts:responsible_cohorts",
        url=url("cohorts:responsible_cohorts"),
        allowed={
            "admin": "Du er ikke ansvarlig for nogen hold.",
            "consultant": "Tomt hold",
            "horsens_admin": "Du er ikke ansvarlig for nogen hold.",
        },
        forbidden=ALL_ROLES - PLANNERS,
        absent=("Horsens-hold", "Andet hold"),
    ),
]


# --- rollouts (views_rollouts): read by planners and leaders (a leader sees their
# own institutions' rows and people); set by the initiative's planners.


def initiative_url(name, attr):
    return lambda o: reverse(name, args=[getattr(o, attr).initiative_id])


def rollout_state(o):
    from kompetenceplan.cohorts.models import RolloutTarget

    return sorted(RolloutTarget.objects.values_list("pk", "initiative_id", "school_years"))


ROLLOUT_DATA = {
    "target_roles": [],  # filled per request below
    "first_school_year": "2025/26",
    "school_years": "3",
    "criterion": "completed",
}


def rollout_data(o):
    from kompetenceplan.organisation.models import JobRole

    return {**ROLLOUT_DATA, "target_roles": [JobRole.objects.get(name="Lærer").pk]}


READERS = PLANNERS | {"leader"}

CASES += [
    Case(
        "cohorts:rollout",
        url=initiative_url("cohorts:rollout", "cohort"),
        allowed={"admin": "Skole B", "consultant": "Skole B", "leader": "Skole A"},
        forbidden=ALL_ROLES - READERS,
        other_municipality_url=initiative_url("cohorts:rollout", "h_cohort"),
    ),
    Case(
        "cohorts:rollout_not_yet",
        url=initiative_url("cohorts:rollout_not_yet", "cohort"),
        allowed={"admin": "Bo Bach", "consultant": "Bo Bach", "leader": "Bo Bach"},
        absent=("Dorte Dam", "Anne Andersen"),
        forbidden=ALL_ROLES - READERS,
        other_municipality_url=initiative_url("cohorts:rollout_not_yet", "h_cohort"),
    ),
    *[
        case
        for name, data in (("cohorts:rollout_edit", rollout_data), ("cohorts:rollout_delete", {}))
        for method in ("GET", "POST")
        for case in (
            Case(
                name,
                method=method,
                data=data,
                url=initiative_url(name, "cohort"),
                allowed=PLANNERS,
                forbidden=ALL_ROLES - PLANNERS,
                other_municipality_url=initiative_url(name, "h_cohort"),
                state=rollout_state,
            ),
            Case(
                name,
                method=method,
                data=data,
                label="not responsible",
                url=initiative_url(name, "theirs"),
                allowed={"admin"},
                not_found={"consultant"},
                forbidden=ALL_ROLES - PLANNERS,
                state=rollout_state,
            ),
        )
    ],
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)


# --- spending (views_spending; docs/cohorts.md, "Udgifter") ------------------------------
#
# Expenses are added, changed and deleted by those who change the cohort
# (administrators; the consultant responsible for the initiative: another
# initiative's cohort answers 404); the substitute rates are read by the
# planners and set by administrators.


@pytest.fixture
def spending(world, cw):
    import datetime as dt
    from decimal import Decimal

    from kompetenceplan.cohorts.models import Expense
    from kompetenceplan.funding.models import Allocation
    from kompetenceplan.funding.tests.factories import make_source

    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    h_source = make_source(world.horsens, "Horsens-puljen", yearly={2025: 100_000})

    def allocation(initiative, src):
        return Allocation.objects.create(
            source=src, initiative=initiative, year=2025, amount=Decimal(40_000)
        )

    def expense(cohort, alloc):
        return Expense.objects.create(
            cohort=cohort,
            allocation=alloc,
            kind="venue",
            amount=Decimal(100),
            date=dt.date(2025, 9, 1),
        )

    def rate(municipality):
        from kompetenceplan.cohorts.models import SubstituteRate
        from kompetenceplan.organisation.models import JobRole

        return SubstituteRate.objects.create(
            municipality=municipality,
            job_role=JobRole.objects.get(name="Lærer"),
            year=2024,
            hourly_rate=Decimal(350),
        )

    allocations = SimpleNamespace(
        mine=allocation(cw.initiative, source),
        theirs=allocation(cw.other, source),
        h=allocation(cw.h_cohort.initiative, h_source),
    )
    return SimpleNamespace(
        allocations=allocations,
        expense=expense(cw.cohort, allocations.mine),
        theirs_expense=expense(cw.theirs, allocations.theirs),
        h_expense=expense(cw.h_cohort, allocations.h),
        rate=rate(world.ishoj),
        h_rate=rate(world.horsens),
    )


def spending_state(o):
    from kompetenceplan.cohorts.models import Expense, SubstituteRate

    return (
        sorted(Expense.objects.values_list("pk", "amount", "kind")),
        sorted(SubstituteRate.objects.values_list("pk", "hourly_rate")),
    )


def expense_data(attr):
    return lambda o: {
        "allocation": getattr(o.spending.allocations, attr).pk,
        "kind": "materials",
        "amount": "1.234,50",
        "date": "2025-09-10",
        "note": "",
    }


def spending_url(name, attr, *, via_cohort=False):
    def build(o):
        target = getattr(o, attr) if via_cohort else getattr(o.spending, attr)
        return reverse(name, args=[target.pk])

    return build


def rate_data(o):
    from kompetenceplan.organisation.models import JobRole

    return {
        "job_role": JobRole.objects.order_by("pk").first().pk,
        "year": "2025",
        "hourly_rate": "385,50",
    }


SPENDING_CASES = [
    *[
        case
        for method in ("GET", "POST")
        for case in (
            Case(
                "cohorts:expense_create",
                method=method,
                data=expense_data("mine"),
                url=spending_url("cohorts:expense_create", "cohort", via_cohort=True),
                allowed=PLANNERS,
                forbidden=ALL_ROLES - PLANNERS,
                other_municipality_url=spending_url(
                    "cohorts:expense_create", "h_cohort", via_cohort=True
                ),
                state=spending_state,
            ),
            Case(
                "cohorts:expense_create",
                method=method,
                label="not responsible",
                data=expense_data("theirs"),
                url=spending_url("cohorts:expense_create", "theirs", via_cohort=True),
                allowed={"admin"},
                not_found={"consultant"},
                forbidden=ALL_ROLES - PLANNERS,
                state=spending_state,
            ),
            Case(
                "cohorts:expense_edit",
                method=method,
                data=expense_data("mine"),
                url=spending_url("cohorts:expense_edit", "expense"),
                allowed=PLANNERS,
                forbidden=ALL_ROLES - PLANNERS,
                other_municipality_url=spending_url("cohorts:expense_edit", "h_expense"),
                state=spending_state,
            ),
            Case(
                "cohorts:expense_edit",
                method=method,
                label="not responsible",
                data=expense_data("theirs"),
                url=spending_url("cohorts:expense_edit", "theirs_expense"),
                allowed={"admin"},
                not_found={"consultant"},
                forbidden=ALL_ROLES - PLANNERS,
                state=spending_state,
            ),
            Case(
                "cohorts:expense_delete",
                method=method,
                data={},
                url=spending_url("cohorts:expense_delete", "expense"),
                allowed=PLANNERS,
                forbidden=ALL_ROLES - PLANNERS,
                other_municipality_url=spending_url("cohorts:expense_delete", "h_expense"),
                state=spending_state,
            ),
            Case(
                "cohorts:expense_delete",
                method=method,
                label="not responsible",
                data={},
                url=spending_url("cohorts:expense_delete", "theirs_expense"),
                allowed={"admin"},
                not_found={"consultant"},
                forbidden=ALL_ROLES - PLANNERS,
                state=spending_state,
            ),
            Case(
                "cohorts:substitute_rate_delete",
                method=method,
                data={},
                url=spending_url("cohorts:substitute_rate_delete", "rate"),
                allowed={"admin"},
                forbidden=ALL_ROLES - {"admin"},
                other_municipality_url=spending_url("cohorts:substitute_rate_delete", "h_rate"),
                state=spending_state,
            ),
            Case(
                "cohorts:substitute_rate_set",
                method=method,
                data=rate_data,
                url=url("cohorts:substitute_rate_set"),
                allowed={"admin"},
                forbidden=ALL_ROLES - {"admin"},
                state=spending_state,
            ),
        )
    ],
    Case(
        "cohorts:substitute_rates",
        url=url("cohorts:substitute_rates"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Vikartimesatser",
    ),
]
CASES += SPENDING_CASES


@pytest.mark.parametrize("case", matrix_params(SPENDING_CASES))
def test_spending_permission_matrix(client, world, objects, spending, case):
    objects.spending = spending
    assert_matrix(client, world, case, objects)
