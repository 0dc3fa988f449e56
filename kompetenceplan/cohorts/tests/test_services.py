"""The cohorts' rules: seats, the waitlist, the target group, who may do what,
holiday warnings, and the log of each write."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.choices import EnrolmentMode, EnrolmentStatus
from kompetenceplan.cohorts.models import Cohort, Enrolment, EnrolmentEvent, Session
from kompetenceplan.cohorts.notifications import register_listener, unregister_listener
from kompetenceplan.cohorts.selectors import cohorts_below_minimum, time_warnings
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.testing.factories import make_person

from .factories import aware, make_cohort

pytestmark = pytest.mark.django_db
S = EnrolmentStatus


def state(cohort):
    return sorted(
        (e.person.first_name, e.status, e.waitlist_position)
        for e in Enrolment.objects.filter(cohort=cohort).select_related("person")
    )


def refused(exc):
    return exc.value.code, exc.value.message_dict


@pytest.fixture
def notices():
    seen = []
    register_listener("test", seen.append)
    yield seen
    unregister_listener("test")


def teachers(world, count, school=None):
    return [
        make_person(school or world.school_a, first=f"Lærer{n}", last="Test") for n in range(count)
    ]


# --- enrolment, seats and the waitlist ---------------------------------------------------


def test_open_cohort_seats_then_waitlists_in_order(world, cw):
    consultant = world.users.consultant
    people = [world.person_a, world.person_a2, world.person_b, *teachers(world, 2)]
    for person in people:
        services.enrolment_nominate(actor=consultant, cohort=cw.cohort, person=person)
    assert state(cw.cohort) == [
        ("Anne", S.ENROLLED, None),
        ("Bo", S.ENROLLED, None),
        ("Carl", S.WAITLISTED, 1),
        ("Lærer0", S.WAITLISTED, 2),
        ("Lærer1", S.WAITLISTED, 3),
    ]


def test_cancel_moves_the_first_waiting_up_and_tells_them(
    world, cw, notices, django_capture_on_commit_callbacks
):
    consultant = world.users.consultant
    first, second, waiting, behind = (
        world.person_a,
        world.person_a2,
        world.person_b,
        teachers(world, 1)[0],
    )
    for person in (first, second, waiting, behind):
        services.enrolment_nominate(actor=consultant, cohort=cw.cohort, person=person)
    notices.clear()
    seat = Enrolment.objects.get(person=first, cohort=cw.cohort)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=world.users.staff, enrolment=seat, reason="Syg")
    assert state(cw.cohort) == [
        ("Anne", S.CANCELLED, None),
        ("Bo", S.ENROLLED, None),
        ("Carl", S.ENROLLED, None),
        ("Lærer0", S.WAITLISTED, 1),
    ]
    promoted = Enrolment.objects.get(person=waiting, cohort=cw.cohort)
    assert [(n.kind, n.enrolment_id) for n in notices] == [
        ("cancelled", seat.pk),
        ("promoted", promoted.pk),
    ]
    events = list(
        EnrolmentEvent.objects.filter(enrolment=promoted).values_list(
            "from_status", "to_status", "actor__username", "note"
        )
    )
    assert events == [
        ("", S.WAITLISTED, "consultant", ""),
        (S.WAITLISTED, S.ENROLLED, "staff", "Rykket op fra ventelisten."),
    ]
    cancelled = Enrolment.objects.get(pk=seat.pk)
    assert (cancelled.status_changed_by, cancelled.status_changed_at is not None) == (
        world.users.staff,
        True,
    )


def test_no_notice_when_the_write_rolls_back(world, cw, notices):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.enrolment_nominate(
            actor=world.users.consultant, cohort=cw.cohort, person=world.person_a
        )
        raise RuntimeError
    assert notices == []


def test_cancelling_a_waiting_place_closes_the_gap(world, cw):
    people = [world.person_a, world.person_a2, world.person_b, *teachers(world, 2)]
    for person in people:
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    carl = Enrolment.objects.get(person=world.person_b, cohort=cw.cohort)
    services.enrolment_cancel(actor=world.users.admin, enrolment=carl)
    assert state(cw.cohort)[2:] == [
        ("Carl", S.CANCELLED, None),
        ("Lærer0", S.WAITLISTED, 1),
        ("Lærer1", S.WAITLISTED, 2),
    ]


def test_staff_enrol_themselves_and_not_twice(world, cw):
    enrolment = services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    assert (enrolment.person, enrolment.status, enrolment.created_by) == (
        world.person_a,
        S.ENROLLED,
        world.users.staff,
    )
    with pytest.raises(ValidationError) as exc:
        services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    assert refused(exc) == (
        "already_enrolled",
        {"person": ["Anne Andersen er allerede tilmeldt eller venter på holdet."]},
    )
    assert Enrolment.objects.count() == 1


def test_approval_cohort_waits_for_the_leader(world, cw):
    request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    assert request.status == S.REQUESTED
    approved = services.enrolment_approve(actor=world.users.leader, enrolment=request)
    assert (approved.status, approved.status_changed_by) == (S.ENROLLED, world.users.leader)


def test_leader_of_another_institution_cannot_approve(world, cw):
    from kompetenceplan.core.choices import Role
    from kompetenceplan.testing.factories import make_user

    leader_b = make_user(world.ishoj, Role.LEADER, institutions=[world.school_b])
    request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_approve(actor=leader_b, enrolment=request)
    assert refused(exc) == (
        "not_your_staff",
        {"person": ["Anne Andersen er ikke ansat på en institution, du er leder af."]},
    )
    assert Enrolment.objects.get(pk=request.pk).status == S.REQUESTED


def test_decline_records_who(world, cw):
    request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    declined = services.enrolment_decline(
        actor=world.users.leader, enrolment=request, reason="Ikke i år"
    )
    assert declined.status == S.DECLINED
    assert list(declined.events.values_list("to_status", "note")) == [
        (S.REQUESTED, ""),
        (S.DECLINED, "Ikke i år"),
    ]


def test_nomination_cohort_refuses_self_enrolment(world, cw):
    cw.cohort.enrolment_mode = EnrolmentMode.NOMINATION
    cw.cohort.save()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    assert refused(exc) == (
        "nomination_only",
        {"__all__": ["Til dette hold indstiller lederen deltagerne."]},
    )


def test_deadline_passed_refuses_self_enrolment(world, cw):
    cw.cohort.enrolment_deadline = timezone.localdate() - dt.timedelta(days=1)
    cw.cohort.save()
    with pytest.raises(ValidationError) as exc:
        services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    assert exc.value.code == "deadline_passed"
    assert not Enrolment.objects.exists()


def test_leader_nominates_own_staff_only(world, cw):
    mine = services.enrolment_nominate(
        actor=world.users.leader, cohort=cw.cohort, person=world.person_a2
    )
    assert mine.status == S.ENROLLED
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(
            actor=world.users.leader, cohort=cw.cohort, person=world.person_b
        )
    assert refused(exc) == (
        "not_your_staff",
        {"person": ["Carl Christensen er ikke ansat på en institution, du er leder af."]},
    )
    assert state(cw.cohort) == [("Bo", S.ENROLLED, None)]


def test_staff_cannot_nominate(world, cw):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(
            actor=world.users.staff, cohort=cw.cohort, person=world.person_a2
        )
    assert exc.value.code == "not_your_staff"


def test_other_municipality_person_refused(world, cw):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(
            actor=world.users.admin, cohort=cw.cohort, person=world.person_h
        )
    assert exc.value.code == "other_municipality"


# --- the target group ------------------------------------------------------------------


def test_target_group_refuses_a_pedagogue(world, cw):
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(actor=world.users.leader, cohort=cw.cohort, person=cw.pedagogue)
    assert refused(exc) == (
        "not_in_target_group",
        {"person": ["Pia Pædagog er ikke i indsatsens målgruppe (Lærer, skole)."]},
    )
    with pytest.raises(ValidationError) as exc:
        services.enrolment_nominate(
            actor=world.users.leader,
            cohort=cw.cohort,
            person=cw.pedagogue,
            override_reason="Hun underviser",
        )
    assert exc.value.code == "override_not_allowed"
    assert not Enrolment.objects.exists()


def test_consultant_override_is_logged(world, cw):
    enrolment = services.enrolment_nominate(
        actor=world.users.consultant,
        cohort=cw.cohort,
        person=cw.pedagogue,
        override_reason="Underviser i dansk som andetsprog",
    )
    assert (enrolment.status, enrolment.override_reason) == (
        S.ENROLLED,
        "Underviser i dansk som andetsprog",
    )
    entry = ChangeLogEntry.objects.get(content_type__model="enrolment", action="create")
    assert (entry.actor, entry.note) == (
        world.users.consultant,
        "Tilmeldt uden for målgruppen: Underviser i dansk som andetsprog",
    )
    assert entry.after["override_reason"] == "Underviser i dansk som andetsprog"
    assert entry.related_object_id == str(cw.cohort.pk)


def test_staff_outside_the_target_group_cannot_ask(world, cw):
    from kompetenceplan.core.choices import Role
    from kompetenceplan.testing.factories import make_user

    user = make_user(world.ishoj, Role.STAFF, person=cw.pedagogue)
    with pytest.raises(ValidationError) as exc:
        services.enrolment_request(actor=user, cohort=cw.cohort)
    assert exc.value.code == "not_in_target_group"


# --- no-show, capacity changes --------------------------------------------------------------


def test_no_show_keeps_the_seat(world, cw):
    enrolment = services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    services.enrolment_mark_no_show(actor=world.users.consultant, enrolment=enrolment)
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_a2)
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_b)
    assert state(cw.cohort) == [
        ("Anne", S.NO_SHOW, None),
        ("Bo", S.ENROLLED, None),
        ("Carl", S.WAITLISTED, 1),
    ]
    with pytest.raises(ValidationError) as exc:
        services.enrolment_mark_no_show(actor=world.users.staff, enrolment=enrolment)
    assert exc.value.code == "not_allowed"


def test_raising_capacity_seats_the_waitlist_and_lowering_below_seated_is_refused(world, cw):
    for person in (world.person_a, world.person_a2, world.person_b):
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    fields = {"name": "Hold 1", "school_year": "2025/26", "place": "Ishøjgård"}
    services.cohort_update(actor=world.users.consultant, cohort=cw.cohort, capacity=3, **fields)
    assert state(cw.cohort)[2] == ("Carl", S.ENROLLED, None)
    with pytest.raises(ValidationError) as exc:
        services.cohort_update(actor=world.users.consultant, cohort=cw.cohort, capacity=2, **fields)
    assert refused(exc) == (
        "capacity_below_seated",
        {"capacity": ["Der er allerede 3 tilmeldte; antal pladser kan ikke sættes lavere."]},
    )
    assert Cohort.objects.get(pk=cw.cohort.pk).capacity == 3


def test_below_minimum_after_the_deadline_is_flagged(world, cw):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    cw.cohort.minimum, cw.cohort.enrolment_deadline = 2, yesterday
    cw.cohort.save()
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_a)
    assert cohorts_below_minimum(user=world.users.consultant) == [cw.cohort]
    assert cohorts_below_minimum(user=world.users.consultant, today=yesterday) == []
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_a2)
    assert cohorts_below_minimum(user=world.users.consultant) == []


# --- cohorts -----------------------------------------------------------------------------


def test_cohort_create_logs_and_refuses_a_taken_name(world, cw):
    cohort = services.cohort_create(
        actor=world.users.consultant,
        initiative=cw.initiative,
        name="Hold 3",
        school_year="2026/27",
        capacity=25,
        minimum=12,
    )
    assert (cohort.municipality, cohort.enrolment_mode) == (world.ishoj, EnrolmentMode.OPEN)
    entry = ChangeLogEntry.objects.get(content_type__model="cohort", object_id=str(cohort.pk))
    assert (entry.action, entry.related_object_id) == ("create", str(cw.initiative.pk))
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(
            actor=world.users.consultant,
            initiative=cw.initiative,
            name="Hold 1",
            school_year="2025/26",
            capacity=25,
        )
    assert refused(exc) == (
        "name_taken",
        {"name": ["Indsatsen har allerede et hold ved navn Hold 1 i 2025/26."]},
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"school_year": "2025/27"}, "school_year"),
        ({"capacity": 0}, "capacity"),
        ({"minimum": 30}, "minimum_above_capacity"),
        ({"name": " "}, "name_required"),
    ],
)
def test_cohort_create_refusals(world, cw, fields, code):
    values = {"name": "Nyt hold", "school_year": "2025/26", "capacity": 25, **fields}
    with pytest.raises(ValidationError) as exc:
        services.cohort_create(actor=world.users.admin, initiative=cw.initiative, **values)
    assert exc.value.code == code
    assert Cohort.objects.count() == 4


def test_cohort_from_estimate_makes_three_sessions_of_five_hours(world, cw):
    starts = [aware(2025, 9, 3), aware(2025, 10, 1), aware(2025, 11, 5)]
    cohort = services.cohort_create_from_estimate(
        actor=world.users.consultant,
        initiative=cw.initiative,
        name="Sprog 2025/26",
        school_year="2025/26",
        starts=starts,
        practice_between="Prøvehandling i egen klasse",
        place="Ishøjgård",
    )
    sessions = list(cohort.sessions.all())
    assert cohort.capacity == 25
    assert [
        (timezone.localtime(s.starts_at).strftime("%d/%m %H"), s.hours, s.practice_after)
        for s in sessions
    ] == [
        ("03/09 09", D(5), "Prøvehandling i egen klasse"),
        ("01/10 09", D(5), "Prøvehandling i egen klasse"),
        ("05/11 09", D(5), ""),
    ]
    assert timezone.localtime(sessions[0].ends_at).hour == 14
    with pytest.raises(ValidationError) as exc:
        services.cohort_create_from_estimate(
            actor=world.users.consultant,
            initiative=cw.initiative,
            name="To gange",
            school_year="2025/26",
            starts=starts[:2],
        )
    assert refused(exc) == (
        "start_count",
        {"starts": ["Angiv 3 starttidspunkter (én pr. kursusgang); der er 2."]},
    )


def test_cohort_delete_refused_with_participants(world, cw):
    services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    with pytest.raises(ValidationError) as exc:
        services.cohort_delete(actor=world.users.admin, cohort=cw.cohort)
    assert exc.value.code == "has_participants"
    services.cohort_delete(actor=world.users.admin, cohort=cw.theirs)
    assert not Cohort.objects.filter(pk=cw.theirs.pk).exists()


# --- sessions and holidays ------------------------------------------------------------------


def test_session_on_christmas_day_is_warned_not_refused(world, cw):
    session = services.session_create(
        actor=world.users.consultant,
        cohort=cw.cohort,
        starts_at=aware(2025, 12, 25, 9),
        ends_at=aware(2025, 12, 25, 14),
    )
    assert session.hours == D("5.00")
    entry = ChangeLogEntry.objects.get(content_type__model="session", object_id=str(session.pk))
    assert entry.note == "25. december 2025 er en helligdag (Juledag)."


def test_session_in_the_configured_winter_holiday_is_warned(world, cw):
    services.school_holiday_create(
        actor=world.users.admin,
        municipality=world.ishoj,
        name="Vinterferie",
        start=dt.date(2026, 2, 9),
        end=dt.date(2026, 2, 13),
    )
    assert time_warnings(
        municipality_id=world.ishoj.pk,
        starts_at=aware(2026, 2, 11, 9),
        ends_at=aware(2026, 2, 11, 12),
    ) == ["11. februar 2026 ligger i skoleferien Vinterferie (9. februar 2026 – 13. februar 2026)."]
    assert (
        time_warnings(
            municipality_id=world.horsens.pk,
            starts_at=aware(2026, 2, 11, 9),
            ends_at=aware(2026, 2, 11, 12),
        )
        == []
    )


def test_session_update_raises_sequence_on_a_new_time(world, cw):
    start = aware(2025, 9, 10, 9)
    updated = services.session_update(
        actor=world.users.consultant,
        session=cw.session,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=5),
        hours=D(5),
    )
    assert updated.sequence == 1
    with pytest.raises(ValidationError) as exc:
        services.session_update(
            actor=world.users.consultant, session=cw.session, starts_at=start, ends_at=start
        )
    assert exc.value.code == "ends_before_start"
    assert Session.objects.get(pk=cw.session.pk).starts_at == start


def test_unique_active_enrolment_is_a_database_rule(world, cw):
    from django.db import IntegrityError, transaction

    services.enrolment_request(actor=world.users.staff, cohort=cw.cohort)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            cohort=cw.cohort,
            person=world.person_a,
            status=S.WAITLISTED,
            waitlist_position=1,
            status_changed_at=timezone.now(),
        )


def test_cohort_in_horsens_is_not_ishoj(world, cw):
    assert make_cohort(cw.initiative, "Ekstra").municipality_id == world.ishoj.pk
