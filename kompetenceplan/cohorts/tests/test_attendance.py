"""Attendance, completion and participant hours: the services, the pages, the
completion hook and the person's "Gennemførte kurser" panel."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kompetenceplan.cohorts import selectors, services
from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.extensions import CompletionHook, completion_hooks
from kompetenceplan.cohorts.models import (
    Attendance,
    Cohort,
    CourseCompletion,
    Enrolment,
    EnrolmentEvent,
)
from kompetenceplan.core.models import ChangeLogEntry, ReadLogEntry
from kompetenceplan.testing.factories import make_person

from .factories import aware, make_cohort, make_session

pytestmark = pytest.mark.django_db
S = EnrolmentStatus
AFTER = aware(2026, 1, 1)


def text(response):
    return response.content.decode()


@pytest.fixture
def course(world, cw):
    """Hold 1 with 5 seats, three sessions (5, 5 and 4 hours) and three
    enrolled (Anne and Bo at school A, Carl at school B); Dorte cancelled."""
    cohort = cw.cohort
    cohort.capacity = 5
    cohort.save()
    cw.s2 = make_session(cohort, aware(2025, 10, 1))
    cw.s3 = make_session(cohort, aware(2025, 11, 5), hours=4)
    cw.sessions = [cw.session, cw.s2, cw.s3]
    admin = world.users.admin
    cw.dorte = make_person(world.school_a, first="Dorte", last="Dahl")
    for person in (world.person_a, world.person_a2, world.person_b, cw.dorte):
        services.enrolment_nominate(actor=admin, cohort=cohort, person=person)
    services.enrolment_cancel(actor=admin, enrolment=enrolment(cohort, cw.dorte))
    return cw


def enrolment(cohort, person):
    return Enrolment.objects.filter(cohort=cohort, person=person).exclude(
        status=S.CANCELLED
    ).order_by("-pk").first() or Enrolment.objects.get(cohort=cohort, person=person)


def present(session):
    return dict(
        Attendance.objects.filter(session=session).values_list("person__first_name", "present")
    )


def record(world, session, *absent):
    return services.attendance_record(
        actor=world.users.consultant, session=session, absent_person_ids=[p.pk for p in absent]
    )


@pytest.fixture
def hooked():
    seen = []
    completion_hooks.register(CompletionHook("test", seen.append, 1))
    yield seen
    completion_hooks.unregister("test")


# --- attendance -----------------------------------------------------------------------


def test_everyone_enrolled_is_present_unless_ticked(world, course):
    record(world, course.session, world.person_a2)
    assert present(course.session) == {"Anne": True, "Bo": False, "Carl": True}
    row = Attendance.objects.get(session=course.session, person=world.person_a)
    assert row.recorded_by == world.users.consultant and row.recorded_at is not None
    assert row.enrolment == enrolment(course.cohort, world.person_a)


def test_recording_again_replaces_and_logs_only_the_changes(world, course):
    record(world, course.session, world.person_a2)
    entries = ChangeLogEntry.objects.filter(content_type__model="attendance")
    assert entries.count() == 3
    record(world, course.session, world.person_a2)  # the same list: nothing changes
    assert entries.count() == 3
    record(world, course.session, world.person_b)
    assert present(course.session) == {"Anne": True, "Bo": True, "Carl": False}
    assert Attendance.objects.filter(session=course.session).count() == 3
    updates = entries.filter(action="update")
    assert sorted((e.before["present"], e.after["present"]) for e in updates) == [
        (False, True),
        (True, False),
    ]
    assert all(e.related_object_id == str(course.cohort.pk) for e in entries)


def test_one_insert_for_the_log_of_a_list(world, course, django_assert_num_queries):
    # lock, participants, existing rows, the new rows, the log entries, the
    # savepoint and its release (content types cached; no changed rows: no update)
    record(world, course.s2)
    with django_assert_num_queries(7):
        record(world, course.session, world.person_a)


def test_only_participants_can_be_ticked(world, course):
    with pytest.raises(ValidationError) as exc:
        record(world, course.session, course.dorte)  # cancelled
    assert exc.value.messages == ["Kun tilmeldte deltagere kan markeres som fraværende."]
    assert not Attendance.objects.exists()


# --- completion -----------------------------------------------------------------------


def attend_all_but(world, course, misses):
    """``misses``: session index -> the people absent from it."""
    for index, session in enumerate(course.sessions):
        record(world, session, *misses.get(index, ()))


def statuses(cohort):
    return dict(Enrolment.objects.filter(cohort=cohort).values_list("person__first_name", "status"))


def test_two_of_three_rule(world, course, hooked, django_capture_on_commit_callbacks):
    course.cohort.min_sessions_attended = 2
    course.cohort.save()
    # Anne at all three, Bo at two, Carl at one.
    attend_all_but(world, course, {0: [world.person_b], 1: [world.person_a2, world.person_b]})
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cohort_complete(actor=world.users.consultant, cohort=course.cohort)
    assert (result.completed, result.incomplete, result.new) == (2, 1, 2)
    assert statuses(course.cohort) == {
        "Anne": S.COMPLETED,
        "Bo": S.COMPLETED,
        "Carl": S.INCOMPLETE,
        "Dorte": S.CANCELLED,
    }
    completions = {
        c.person.first_name: (c.hours, c.completed_on, c.initiative_title, c.recorded_by)
        for c in CourseCompletion.objects.select_related("person")
    }
    consultant = world.users.consultant
    title = str(course.initiative)
    assert completions == {
        "Anne": (D("14.00"), dt.date(2025, 11, 5), title, consultant),
        "Bo": (D("9.00"), dt.date(2025, 11, 5), title, consultant),
    }
    assert sorted((c.person_id, c.hours) for c in hooked) == sorted(
        [(world.person_a.pk, D("14.00")), (world.person_a2.pk, D("9.00"))]
    )
    event = EnrolmentEvent.objects.filter(to_status=S.INCOMPLETE).get()
    assert event.actor == consultant
    assert event.note == "Deltog i 1 af 3 kursusgange (krav: 2)."
    course.cohort.refresh_from_db()
    assert course.cohort.completed_by == consultant and course.cohort.completed_at


def test_default_rule_is_all_sessions_and_no_show_is_not_judged(world, course, hooked):
    services.enrolment_mark_no_show(
        actor=world.users.admin, enrolment=enrolment(course.cohort, world.person_b)
    )
    attend_all_but(world, course, {2: [world.person_a2]})
    with transaction.atomic():
        result = services.cohort_complete(actor=world.users.admin, cohort=course.cohort)
    assert (result.completed, result.incomplete) == (1, 1)
    assert statuses(course.cohort) == {
        "Anne": S.COMPLETED,
        "Bo": S.INCOMPLETE,
        "Carl": S.NO_SHOW,
        "Dorte": S.CANCELLED,
    }
    assert list(CourseCompletion.objects.values_list("person__first_name", flat=True)) == ["Anne"]


def test_hook_once_per_completion_after_commit_and_idempotent_rerun(
    world, course, hooked, django_capture_on_commit_callbacks
):
    attend_all_but(world, course, {0: [world.person_a2]})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cohort_complete(actor=world.users.admin, cohort=course.cohort)
    assert hooked == []  # not before the commit
    for callback in callbacks:
        callback()
    assert sorted(c.person_id for c in hooked) == sorted([world.person_a.pk, world.person_b.pk])
    assert len(hooked) == 2
    before = (statuses(course.cohort), list(CourseCompletion.objects.values_list("pk", "hours")))
    log = ChangeLogEntry.objects.exclude(content_type__model="cohort").count()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cohort_complete(actor=world.users.admin, cohort=course.cohort)
    assert result.new == 0 and len(hooked) == 2
    after = (statuses(course.cohort), list(CourseCompletion.objects.values_list("pk", "hours")))
    assert after == before
    assert ChangeLogEntry.objects.exclude(content_type__model="cohort").count() == log
    # A corrected list: Bo was there after all; Carl was not at the last session.
    record(world, course.session)
    record(world, course.s3, world.person_b)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.cohort_complete(actor=world.users.admin, cohort=course.cohort)
    assert (result.completed, result.incomplete, result.new) == (2, 1, 1)
    assert [c.person_id for c in hooked[2:]] == [world.person_a2.pk]
    assert sorted(CourseCompletion.objects.values_list("person__first_name", flat=True)) == [
        "Anne",
        "Bo",
    ]


def test_rolled_back_completion_tells_no_hook(
    world, course, hooked, django_capture_on_commit_callbacks
):
    attend_all_but(world, course, {})
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.cohort_complete(actor=world.users.admin, cohort=course.cohort)
                raise RuntimeError
        except RuntimeError:
            pass
    assert hooked == [] and not CourseCompletion.objects.exists()


def test_completion_refusals(world, course):
    admin = world.users.admin
    with pytest.raises(ValidationError) as exc:
        services.cohort_complete(actor=admin, cohort=course.cohort, now=aware(2025, 10, 2))
    assert exc.value.messages == [
        "Holdet kan først gennemføres efter sidste kursusgang (5. november 2025)."
    ]
    record(world, course.session)
    with pytest.raises(ValidationError) as exc:
        services.cohort_complete(actor=admin, cohort=course.cohort)
    assert exc.value.messages == ["Fremmødet er ikke registreret for kursusgangen 1. oktober 2025."]
    course.cohort.min_sessions_attended = 4
    course.cohort.save()
    record(world, course.s2)
    record(world, course.s3)
    with pytest.raises(ValidationError) as exc:
        services.cohort_complete(actor=admin, cohort=course.cohort)
    assert exc.value.messages == ["Holdet har kun 3 kursusgange; kravet kan ikke være 4."]
    empty = make_cohort(course.initiative, "Tomt")
    with pytest.raises(ValidationError) as exc:
        services.cohort_complete(actor=admin, cohort=empty)
    assert exc.value.messages == ["Holdet har ingen kursusgange."]
    assert not CourseCompletion.objects.exists()


# --- participant hours ----------------------------------------------------------------


def test_participant_hours_per_cohort_initiative_and_institution(world, course):
    # Anne 5+5+4, Bo 5+4, Carl 5 = 28 hours; another cohort of the initiative: Anne 3.
    attend_all_but(world, course, {1: [world.person_a2, world.person_b], 2: [world.person_b]})
    hold2 = make_cohort(course.initiative, "Hold 3", capacity=3)
    services.enrolment_nominate(actor=world.users.admin, cohort=hold2, person=world.person_a)
    services.attendance_record(
        actor=None, session=make_session(hold2, hours=3), absent_person_ids=[]
    )
    assert selectors.cohort_attended_hours(course.cohort) == D("28")
    assert selectors.cohort_attended_hours(hold2) == D("3")
    assert selectors.initiative_attended_hours(course.initiative) == D("31")
    assert selectors.initiative_attended_hours(course.other) == D("0")
    municipality = course.cohort.municipality_id
    assert selectors.attended_hours_by_institution(
        municipality_id=municipality, initiative=course.initiative
    ) == {world.school_a.pk: D("26"), world.school_b.pk: D("5")}
    assert selectors.attended_hours_by_institution(municipality_id=municipality, cohort=hold2) == {
        world.school_a.pk: D("3")
    }


@pytest.fixture
def two_years(world, course):
    """Hold 1 (2025/26): Anne 5+5+4, Bo 5+4, Carl 5 = 28 hours; Hold 3 (2025/26):
    Anne 3; Hold 0 (2024/25): Anne and Carl 2 each."""
    attend_all_but(world, course, {1: [world.person_a2, world.person_b], 2: [world.person_b]})
    admin = world.users.admin
    hold3 = make_cohort(course.initiative, "Hold 3", capacity=3)
    services.enrolment_nominate(actor=admin, cohort=hold3, person=world.person_a)
    services.attendance_record(
        actor=None, session=make_session(hold3, hours=3), absent_person_ids=[]
    )
    hold0 = make_cohort(course.initiative, "Hold 0", capacity=3, school_year="2024/25")
    for person in (world.person_a, world.person_b):
        services.enrolment_nominate(actor=admin, cohort=hold0, person=person)
    services.attendance_record(
        actor=None, session=make_session(hold0, aware(2024, 10, 2), hours=2), absent_person_ids=[]
    )
    course.hold3, course.hold0 = hold3, hold0
    return course


def test_participant_hours_per_school_year_and_cohort(world, two_years):
    cohorts = list(Cohort.objects.filter(initiative=two_years.initiative))
    hours = selectors.initiative_hours(cohorts)
    assert hours.by_cohort == {
        two_years.cohort.pk: D("28"),
        two_years.hold3.pk: D("3"),
        two_years.hold0.pk: D("4"),
    }
    assert hours.years == [
        selectors.YearHours("2024/25", cohorts=1, people=2, hours=D("4")),
        # Anne in two cohorts counts once.
        selectors.YearHours("2025/26", cohorts=2, people=3, hours=D("31")),
    ]
    assert hours.total == D("35")
    assert selectors.initiative_hours([two_years.hold3]).years == [
        selectors.YearHours("2025/26", cohorts=1, people=1, hours=D("3"))
    ]
    assert selectors.initiative_hours([]).years == []


def test_initiative_page_shows_participant_hours(
    client, world, two_years, django_assert_num_queries
):
    client.force_login(world.users.consultant)
    url = reverse("plans:initiative_detail", args=[two_years.initiative.pk])
    client.get(url)
    # The whole initiative page; the cohorts panel's hours are one query of it.
    with django_assert_num_queries(INITIATIVE_PAGE_QUERIES):
        page = text(client.get(url))
    table = page.split('id="initiative-hours"')[1].split("</table>")[0]
    rows = [
        re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        for row in re.findall(r"<tr>(.*?)</tr>", table)
    ]
    assert rows[1:] == [["2024/25", "1", "2", "4"], ["2025/26", "2", "3", "31"], ["I alt", "35"]]
    assert '<td class="kp-num">28</td></tr>' in page  # Hold 1's hours in the cohorts table
    # The viewer sees the same numbers (no names).
    client.force_login(world.users.viewer)
    assert ">31</td>" in text(client.get(url))


#: The initiative page with the cohorts panel (and its participant hours).
INITIATIVE_PAGE_QUERIES = (
    22  # 18 before the participant hours; +2 the competences grant panel, +1 the evaluation panel
)


def test_hours_count_where_the_person_was_employed_that_day(world, course):
    mover = make_person(world.school_a, first="Eva", last="Eriksen", end=dt.date(2025, 9, 30))
    mover.employments.create(
        institution=world.school_b,
        job_role=mover.employments.get().job_role,
        start_date=dt.date(2025, 10, 1),
    )
    services.enrolment_nominate(actor=world.users.admin, cohort=course.cohort, person=mover)
    attend_all_but(world, course, {})
    hours = selectors.attended_hours_by_institution(
        municipality_id=course.cohort.municipality_id, cohort=course.cohort
    )
    # Anne and Bo 14 each at A, Carl 14 at B; Eva 5 at A (September), 9 at B.
    assert hours == {world.school_a.pk: D("33"), world.school_b.pk: D("23")}


# --- pages ----------------------------------------------------------------------------


def test_attendance_page(client, world, course, django_assert_num_queries):
    record(world, course.session, world.person_b)
    client.force_login(world.users.consultant)
    url = reverse("cohorts:attendance", args=[course.session.pk])
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(11):
        page = text(client.get(url))
    assert "2 af 3 til stede" in page
    assert "<legend" in page and "markér de fraværende" in page
    assert (
        f'<input type="checkbox" class="form-checkbox" name="absent" value="{world.person_b.pk}" '
        f'id="absent-{world.person_b.pk}" checked>' in page
    )
    assert f'<label class="form-label" for="absent-{world.person_a.pk}">Anne Andersen' in page
    assert "Dorte" not in page
    response = client.post(url, {"absent": [world.person_a.pk, world.person_b.pk]})
    assert response.status_code == 302
    assert present(course.session) == {"Anne": False, "Bo": True, "Carl": False}
    page = text(client.get(url, follow=True))
    assert "1 af 3 til stede" in page


def test_attendance_page_queries_do_not_grow(client, world, course, django_assert_num_queries):
    for n in range(10):
        services.enrolment_nominate(
            actor=world.users.admin,
            cohort=course.cohort,
            person=make_person(world.school_a, first=f"Ekstra{n}", last="Test"),
        )
    record(world, course.session, world.person_b)
    client.force_login(world.users.consultant)
    url = reverse("cohorts:attendance", args=[course.session.pk])
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(11):
        client.get(url)


def test_cohort_page_links_attendance_and_shows_hours(client, world, course):
    attend_all_but(world, course, {0: [world.person_b]})
    client.force_login(world.users.consultant)
    page = text(client.get(reverse("cohorts:cohort_detail", args=[course.cohort.pk])))
    assert reverse("cohorts:attendance", args=[course.session.pk]) in page
    assert reverse("cohorts:cohort_complete", args=[course.cohort.pk]) in page
    assert "<dt>Deltagertimer</dt><dd>37 timer</dd>" in page
    assert "fremmøde til alle kursusgange" in page


def test_complete_page_and_the_person_panel(client, world, course, django_assert_num_queries):
    attend_all_but(world, course, {0: [world.person_a2]})
    client.force_login(world.users.consultant)
    url = reverse("cohorts:cohort_complete", args=[course.cohort.pk])
    assert "mindst 3 af 3 kursusgange" in text(client.get(url))
    page = text(client.post(url, follow=True))
    assert "2 har gennemført, 1 har ikke." in page
    client.force_login(world.users.staff)  # Anne herself
    person_url = reverse("organisation:person_detail", args=[world.person_a.pk])
    page = text(client.get(person_url))
    assert "Gennemførte kurser" in page
    assert "Hold 1 (2025/26)" in page and "5. november 2025" in page
    assert ReadLogEntry.objects.filter(
        path=person_url, label="Medarbejder: Gennemførte kurser", subject_count=1
    ).exists()
    client.force_login(world.users.viewer)
    page = text(client.get(person_url))
    assert "Gennemførte kurser" not in page


def test_institution_page_shows_its_staffs_participant_hours(client, world, course):
    """Sessions of 5, 5 and 4 hours: Anne all three, Bo the first two (school A:
    2 people, 24 hours); Carl the last (school B: 4 hours)."""
    record(world, course.session, world.person_b)
    record(world, course.s2, world.person_b)
    record(world, course.s3, world.person_a2)
    rows = selectors.institution_attended_hours(institution=world.school_a)
    assert [(r.initiative, r.school_year, r.people, r.hours) for r in rows] == [
        ("2.2 Sprogudviklende didaktik", "2025/26", 2, D("24"))
    ]
    assert [r.hours for r in selectors.institution_attended_hours(institution=world.school_b)] == [
        D("4")
    ]
    client.force_login(world.users.viewer)
    page = text(client.get(reverse("organisation:institution_detail", args=[world.school_a.pk])))
    assert "Deltagertimer på kurser" in page
    assert '<td class="kp-num">2</td><td class="kp-num">24</td>' in page
