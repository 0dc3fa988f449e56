"""Seats under concurrency, with real threads on PostgreSQL: the cohort's row
lock keeps the capacity and the waitlist exact."""

import pytest
from django.db import connection

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.choices import EnrolmentMode, EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.core.choices import Role
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.tests.factories import make_plan
from kompetenceplan.testing.factories import make_person, make_user, run_in_threads

from .factories import make_cohort, make_target_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
S = EnrolmentStatus


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def staff_users(world, count):
    return [
        make_user(
            world.ishoj,
            Role.STAFF,
            person=make_person(world.school_a, first=f"Lærer{n:02d}", last="Test"),
        )
        for n in range(count)
    ]


def test_twenty_threads_on_five_seats(world):
    initiative = make_target_initiative(make_plan(world.ishoj))
    cohort = make_cohort(initiative, capacity=5)
    users = staff_users(world, 20)

    def enrol(user):
        return lambda: services.enrolment_request(actor=user, cohort=cohort).status

    results, errors = run_in_threads(*(enrol(u) for u in users))
    assert errors == []
    assert sorted(results).count(S.ENROLLED) == 5
    rows = Enrolment.objects.filter(cohort=cohort)
    assert rows.filter(status=S.ENROLLED).count() == 5
    positions = sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 16))
    assert ChangeLogEntry.objects.filter(content_type__model="enrolment").count() == 20

    # The waitlist's order is the order the seats were asked for: position 1
    # was created before position 2, and so on.
    waiting = list(rows.filter(status=S.WAITLISTED).order_by("waitlist_position"))
    assert [w.created_at for w in waiting] == sorted(w.created_at for w in waiting)

    # A cancellation moves position 1 up; the rest close up.
    first_waiting = waiting[0]
    seat = rows.filter(status=S.ENROLLED).first()
    services.enrolment_cancel(actor=world.users.admin, enrolment=seat)
    assert Enrolment.objects.get(pk=first_waiting.pk).status == S.ENROLLED
    assert rows.filter(status=S.ENROLLED).count() == 5
    positions = sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 15))


def test_simultaneous_cancellations_fill_each_seat_once(world):
    initiative = make_target_initiative(make_plan(world.ishoj))
    cohort = make_cohort(initiative, capacity=3)
    people = [make_person(world.school_a, first=f"P{n}", last="Test") for n in range(8)]
    for person in people:
        services.enrolment_nominate(actor=world.users.admin, cohort=cohort, person=person)
    seats = list(Enrolment.objects.filter(cohort=cohort, status=S.ENROLLED))

    def cancel(enrolment):
        return lambda: services.enrolment_cancel(actor=world.users.admin, enrolment=enrolment)

    results, errors = run_in_threads(*(cancel(e) for e in seats))
    assert errors == [] and len(results) == 3
    rows = Enrolment.objects.filter(cohort=cohort)
    assert rows.filter(status=S.ENROLLED).count() == 3
    assert sorted(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True)) == [
        1,
        2,
    ]


def test_two_leaders_approving_the_last_seat(world):
    initiative = make_target_initiative(make_plan(world.ishoj))
    cohort = make_cohort(initiative, capacity=5, enrolment_mode=EnrolmentMode.APPROVAL)
    for n in range(4):
        services.enrolment_nominate(
            actor=world.users.admin,
            cohort=cohort,
            person=make_person(world.school_b, first=f"Fyld{n}", last="Test"),
        )
    leader_b = make_user(world.ishoj, Role.LEADER, institutions=[world.school_b])
    staff_b = make_user(world.ishoj, Role.STAFF, person=world.person_b)
    request_a = services.enrolment_request(actor=world.users.staff, cohort=cohort)
    request_b = services.enrolment_request(actor=staff_b, cohort=cohort)

    def approve(leader, request):
        return lambda: services.enrolment_approve(actor=leader, enrolment=request).status

    results, errors = run_in_threads(
        approve(world.users.leader, request_a), approve(leader_b, request_b)
    )
    assert errors == []
    assert sorted(results) == [S.ENROLLED, S.WAITLISTED]
    rows = Enrolment.objects.filter(cohort=cohort)
    assert rows.filter(status=S.ENROLLED).count() == 5
    assert list(rows.filter(status=S.WAITLISTED).values_list("waitlist_position", flat=True)) == [1]
