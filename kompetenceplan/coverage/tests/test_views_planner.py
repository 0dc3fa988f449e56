"""The planner's pages with exact figures, the nomination and course option
services, the planner's input against the computation, and pinned query counts."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.coverage import planner, services_planner
from kompetenceplan.coverage.computation import coverage_report
from kompetenceplan.coverage.models import CourseOption, KiuNomination, SchoolClass
from kompetenceplan.coverage.planner_data import planner_input
from kompetenceplan.testing.factories import make_person

from .planner_fixtures import YEAR, klass, planner_world, subject, teach

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def pw(world):
    return planner_world(world)


def plan_url(**query):
    return (
        f"{reverse('coverage:planner')}?{urlencode({'school_year': YEAR, 'school': '', **query})}"
    )


def test_planner_input_before_equals_the_computation(world, pw):
    data = planner_input(municipality_id=world.ishoj.pk, school_year=YEAR)
    report = coverage_report(municipality_id=world.ishoj.pk, school_year=YEAR)
    plan = planner.solve(data.input, planner.Goal(budget=D(0)))
    assert plan.before.hours == report.figures.hours == D(540)
    assert plan.before.covered_hours == report.figures.covered_hours == D(210)
    assert plan.before.coverage == report.figures.coverage == D("38.9")
    for school in report.schools:
        one = planner_input(
            municipality_id=world.ishoj.pk,
            school_year=YEAR,
            institution_ids=[school.institution_id],
        )
        before = planner.solve(one.input, planner.Goal(budget=D(0))).before
        assert (before.hours, before.covered_hours) == (
            school.figures.hours,
            school.figures.covered_hours,
        )


def test_planner_input_with_co_teaching_ties_over_registration_and_an_estimate(world, pw):
    # co-teaching with a tie (the lower employee number, A1 = Anne, is main)
    teach(pw.a5, "engelsk", world.person_a, 45)
    teach(pw.a5, "engelsk", world.person_a2, 45)
    # an over-registered teacher is out with their hours
    crowded = make_person(world.school_a, first="Eva", last="Eriksen", number="A9")
    for code in ("dansk", "engelsk", "tysk", "fransk", "historie", "matematik", "musik"):
        from .planner_fixtures import competent

        competent(crowded, code)
    teach(pw.a5, "matematik", crowded, 150)
    # a school without allocation is estimated (fixed hours)
    other = world.school_b.municipality.institutions.create(
        name="Skole C", kind="skole", sector="school", number="100003"
    )
    klass(other, "1.a", 1)
    data = planner_input(municipality_id=world.ishoj.pk, school_year=YEAR)
    report = coverage_report(municipality_id=world.ishoj.pk, school_year=YEAR)
    before = planner.solve(data.input, planner.Goal(budget=D(0))).before
    assert (before.hours, before.covered_hours) == (
        report.figures.hours,
        report.figures.covered_hours,
    )
    assert data.estimated == ("Skole C",)
    assert crowded.pk not in data.input.teachers


def test_the_plan_page_shows_the_plan_and_the_greedy_rule(client, world, pw):
    client.force_login(world.users.admin)
    response = client.get(plan_url(budget="50.000"))
    html = response.content.decode()
    assert "Uddan Anne Andersen i dansk (KiU, 45.000 kr.): dækker 210 timer i 5.a" in html
    assert (
        "Byt: Bo Bach overtager historie i 5.a fra Anne Andersen (60 timer), og Anne Andersen "
        "overtager musik i 5.a (60 timer): dækker 120 timer uden kursus"
    ) in html
    plan = response.context["plan"]
    assert (plan.before.coverage, plan.after.coverage, plan.cost) == (
        D("38.9"),
        D("100.0"),
        D(45000),
    )
    greedy = response.context["greedy"]
    assert (greedy.after.coverage, greedy.cost) == (D("77.8"), D(45000))
    assert "Indstil Anne Andersen til kurset" in html


def test_target_out_of_reach_within_the_budget(client, world, pw):
    client.force_login(world.users.consultant)
    response = client.get(plan_url(target="100", budget="10.000"))
    assert response.context["unreachable"]
    assert "kan ikke nås inden for budgettet" in response.content.decode()
    assert response.context["plan"].after.coverage == D("61.1")  # the swap only


def test_a_goal_is_required(client, world, pw):
    client.force_login(world.users.admin)
    response = client.get(plan_url())
    assert "Angiv et mål, et budget eller begge." in response.content.decode()
    assert "plan" not in response.context


def test_the_leader_plans_for_their_own_schools(client, world, pw):
    client.force_login(world.users.leader)
    response = client.get(plan_url(target="100"))
    plan = response.context["plan"]
    assert plan.before.hours == D(330)  # Skole A only
    assert "Mine skoler" in response.content.decode()


def test_nominate_from_the_recommendation(client, world, pw):
    client.force_login(world.users.leader)
    data = {
        "person": world.person_a.pk,
        "subject": subject("dansk").pk,
        "school_year": YEAR,
        "institution": world.school_a.pk,
        "course_option": pw.kiu.pk,
    }
    response = client.get(f"{reverse('coverage:kiu_nominate')}?{urlencode(data)}")
    assert response.context["form"].initial["person"] == str(world.person_a.pk)
    response = client.post(reverse("coverage:kiu_nominate"), data)
    assert response.status_code == 302
    nomination = KiuNomination.objects.get()
    assert (nomination.person, nomination.subject.code, nomination.status) == (
        world.person_a,
        "dansk",
        "nominated",
    )
    assert nomination.created_by == world.users.leader
    entry = ChangeLogEntry.objects.get(object_id=str(nomination.pk), action="create")
    assert entry.actor == world.users.leader
    # the plan now says "Indstillet" instead of offering it again
    response = client.get(plan_url(target="100"))
    html = response.content.decode()
    assert "Indstil Anne Andersen til kurset" not in html and "Indstillet" in html
    # twice is refused
    response = client.post(reverse("coverage:kiu_nominate"), data)
    assert "er allerede indstillet i Dansk" in response.content.decode()
    assert KiuNomination.objects.count() == 1


def test_nomination_service_refuses_another_school_for_a_leader(world, pw):
    with pytest.raises(PermissionDenied):
        services_planner.kiu_nomination_create(
            actor=world.users.leader,
            person=world.person_b,
            subject=subject("dansk"),
            school_year=YEAR,
            institution=world.school_b,
        )
    with pytest.raises(PermissionDenied):
        services_planner.kiu_nomination_create(
            actor=world.users.staff,
            person=world.person_a,
            subject=subject("dansk"),
            school_year=YEAR,
            institution=world.school_a,
        )
    assert not KiuNomination.objects.exists()


def test_course_option_services(world, pw):
    option = services_planner.course_option_create(
        actor=world.users.consultant,
        name="Supplerende kursus",
        kind="supplementary",
        subject=None,
        price=D(18000),
        duration_hours=D(90),
    )
    assert option.municipality == world.ishoj
    with pytest.raises(ValidationError):
        services_planner.course_option_create(
            actor=world.users.admin,
            name="KiU-forløb",
            kind="kiu",
            subject=None,
            price=D(1),
            duration_hours=D(1),
        )
    updated = services_planner.course_option_update(
        actor=world.users.admin,
        option=option,
        name="Supplerende kursus",
        kind="supplementary",
        subject=subject("dansk"),
        price=D(17500),
        duration_hours=D(90),
    )
    assert (updated.price, updated.subject.code) == (D(17500), "dansk")
    assert ChangeLogEntry.objects.filter(object_id=str(option.pk), action="update").count() == 1
    with pytest.raises(PermissionDenied):
        services_planner.course_option_create(
            actor=world.users.leader,
            name="X",
            kind="kiu",
            subject=None,
            price=D(1),
            duration_hours=D(1),
        )
    assert CourseOption.objects.filter(municipality=world.ishoj).count() == 2


def _more_classes(world, n):
    for i in range(n):
        school_class = SchoolClass.objects.create(
            municipality=world.ishoj,
            institution=world.school_a,
            school_year=YEAR,
            name=f"6.{i}",
            grade=6,
        )
        teach(school_class, "dansk", world.person_a, 210)
        teach(school_class, "historie", world.person_a2, 60)
        teach(school_class, "musik", world.person_a, 30)


def test_plan_page_query_count_does_not_grow_with_the_classes(
    client, world, pw, django_assert_max_num_queries
):
    client.force_login(world.users.admin)
    url = plan_url(target="100")
    client.get(url)
    with django_assert_max_num_queries(24) as small:
        client.get(url)
    _more_classes(world, 12)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.context["plan"].reached


def test_other_pages_query_counts(client, world, pw, django_assert_max_num_queries):
    client.force_login(world.users.admin)
    for name in ("coverage:course_options", "coverage:kiu_nominations"):
        client.get(reverse(name))
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_a_matching_open_cohort_is_offered(client, world, pw):
    from kompetenceplan.cohorts.tests.factories import make_cohort, make_target_initiative
    from kompetenceplan.competences.models import CompletionGrant
    from kompetenceplan.funding.tests.factories import make_plan

    plan = make_plan(world.ishoj, "plan-kiu", title="KiU-plan")
    initiative = make_target_initiative(plan, "3.1", title="KiU dansk")
    CompletionGrant.objects.create(
        initiative=initiative, kind="kiu_course", subject=subject("dansk")
    )
    cohort = make_cohort(initiative, "KiU dansk hold 1", capacity=20)
    client.force_login(world.users.admin)
    html = client.get(plan_url(target="100")).content.decode()
    assert "Tilmeld på holdet KiU dansk hold 1" in html
    assert reverse("cohorts:nominate", args=[cohort.pk]) in html


def test_form_pages_query_counts(client, world, pw, django_assert_max_num_queries):
    client.force_login(world.users.admin)
    nominate = f"{reverse('coverage:kiu_nominate')}?person={world.person_a.pk}"
    for url in (nominate, reverse("coverage:course_option_edit", args=[pw.kiu.pk])):
        client.get(url)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200


def test_nomination_status(client, world, pw):
    nomination = services_planner.kiu_nomination_create(
        actor=world.users.consultant,
        person=world.person_b,
        subject=subject("dansk"),
        school_year=YEAR,
        institution=world.school_b,
    )
    client.force_login(world.users.admin)
    html = client.get(reverse("coverage:kiu_nominations")).content.decode()
    assert "Carl Christensen" in html and "Indstillet" in html
    url = reverse("coverage:kiu_nomination_status", args=[nomination.pk])
    response = client.post(url, {"status": "approved", "note": "Hold i foråret"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.note) == ("approved", "Hold i foråret")
    entry = ChangeLogEntry.objects.get(object_id=str(nomination.pk), action="update")
    assert (entry.before["status"], entry.after["status"]) == ("nominated", "approved")
    # the leader of Skole A may not change Skole B's nomination
    with pytest.raises(PermissionDenied):
        services_planner.kiu_nomination_set_status(
            actor=world.users.leader, nomination=nomination, status="declined"
        )
    nomination.refresh_from_db()
    assert nomination.status == "approved"
