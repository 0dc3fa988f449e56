"""The overviews' numbers and their pinned query counts (docs/overviews.md)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.cohorts import rollouts
from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.core.models import ReadLogSubject
from kompetenceplan.coverage.selectors import current_school_year
from kompetenceplan.frontpage import overviews
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.testing.factories import make_institution, make_person

from .conftest import enrol, survey

pytestmark = pytest.mark.django_db


def test_the_institution_overview_counts_what_is_due_at_the_institution(ow):
    overview = overviews.institution_overview(user=ow.users.leader, institution=ow.school_a)
    assert [e.person.full_name for e in overview.pending] == ["Anne Andersen"]
    assert sorted(e.person.full_name for e in overview.enrolments) == [
        "Anne Andersen",
        "Bo Bach",
    ]
    assert overview.open_requests == 1  # the draft is not open yet
    assert {s: n for s, _label, n in overview.requests}["draft"] == 1
    assert overview.pending_applications == 1
    assert overview.is_school
    assert overview.meetings == []


def test_the_administration_overview_has_a_row_per_institution(ow):
    year, _coverage_year, rows = overviews.administration_overview(user=ow.users.admin)
    by_name = {r.institution.name: r for r in rows}
    assert list(by_name) == ["Børnehuset", "Skole A", "Skole B"]
    a, b, daycare = by_name["Skole A"], by_name["Skole B"], by_name["Børnehuset"]
    assert (a.pending_approvals, a.open_requests, a.pending_applications, a.enrolments) == (
        1,
        1,
        1,
        2,
    )
    assert (b.pending_approvals, b.open_requests, b.pending_applications, b.enrolments) == (
        0,
        1,
        0,
        1,
    )
    assert not daycare.is_school and daycare.coverage is None
    assert overviews.totals(rows)["enrolments"] == 3
    assert year == ow.cohort.school_year


def test_the_institution_page_logs_the_people_it_shows(client, ow):
    client.force_login(ow.users.leader)
    response = client.get(reverse("core:institution_overview", args=[ow.school_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anne Andersen" in page and "Afventer godkendelse" in page
    assert "Carl Christensen" not in page
    logged = set(ReadLogSubject.objects.values_list("object_id", flat=True))
    assert {ow.person_a.pk, ow.person_a2.pk} <= logged


def test_the_leaders_navigation_entry_opens_their_institution(client, ow):
    client.force_login(ow.users.leader)
    response = client.get(reverse("core:my_institution"))
    assert response.url == reverse("core:institution_overview", args=[ow.school_a.pk])


def test_the_institution_page_links_to_its_overview(client, ow):
    client.force_login(ow.users.leader)
    page = client.get(reverse("organisation:institution_detail", args=[ow.school_a.pk]))
    assert reverse("core:institution_overview", args=[ow.school_a.pk]) in page.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(owx) -> None:
    """More of everything the pages count: four more schools with a teacher
    on Hold 1, a second rollout target (Matematik), and two more cohorts with
    a survey each (one of them with school A's new teachers)."""
    for n in range(4):
        school = make_institution(owx.ishoj, f"Skole {n}")
        enrol(owx.cohort, make_person(school, first="Ny", last=f"{n}"), "requested")
    rollouts.rollout_set(
        actor=owx.users.consultant,
        initiative=owx.math,
        target_roles=[JobRole.objects.get(name="Lærer"), JobRole.objects.get(name="Pædagog")],
        first_school_year=current_school_year(),
        school_years=2,
    )
    for n in range(2):
        cohort = make_cohort(owx.math, f"Ekstra {n}", school_year=current_school_year())
        people = [make_person(owx.school_a, first="Ekstra", last=f"{n}{m}") for m in range(3)]
        for person in people:
            enrol(cohort, person, "enrolled")
        survey(cohort, "formative", owx.templates["formative"], None, people, 3)


#: The administration overview's queries (session, user, the page's counts,
#: the open surveys, the rollout targets with their roles, employments and
#: enrolments, the coverage report, the shell), whatever the number of
#: institutions, rollout targets and surveys.
ADMINISTRATION_QUERIES = 23


def test_the_administration_overview_has_a_fixed_number_of_queries(client, owx):
    client.force_login(owx.users.admin)
    url = reverse("core:overview")
    small = _queries(client, url)
    _grow(owx)
    assert _queries(client, url) == small == ADMINISTRATION_QUERIES


#: The institution overview's queries for a school (with the read log): the
#: rollouts are four (targets, roles, employments, enrolments), the evaluations one.
INSTITUTION_QUERIES = 25


def test_the_institution_overview_has_a_fixed_number_of_queries(client, owx):
    client.force_login(owx.users.leader)
    url = reverse("core:institution_overview", args=[owx.school_a.pk])
    small = _queries(client, url)
    for n in range(4):
        enrol(owx.cohort, make_person(owx.school_a, first="Ny", last=f"{n}"), "enrolled")
    _grow(owx)
    assert _queries(client, url) == small == INSTITUTION_QUERIES


def test_a_leader_of_two_institutions_can_go_to_the_other(client, ow):
    ow.users.leader.institutions.add(ow.school_b)
    client.force_login(ow.users.leader)
    page = client.get(reverse("core:institution_overview", args=[ow.school_a.pk])).content
    assert reverse("core:institution_overview", args=[ow.school_b.pk]) in page.decode()


def test_the_institution_overview_shows_the_evaluations_and_rollouts(owx):
    overview = overviews.institution_overview(user=owx.users.leader, institution=owx.school_a)
    rows = [
        (s.cohort.name, s.kind, s.sent, s.is_open, s.shown, s.responses)
        for s in overview.evaluations
    ]
    # Hold 1's midway survey: Bo and Carl, 1 answer (hidden, no count);
    # Hold 2's end survey: six sent, 5 answers, closed.
    assert rows == [
        ("Hold 1", "formative", 2, True, False, 0),
        ("Hold 2", "summative", 6, False, True, 5),
    ]
    assert overview.open_evaluations == 1
    [(target, reach)] = overview.rollouts
    assert target == owx.target
    # Anne and Bo are the school's teachers; Bo is enrolled on Hold 1.
    assert (reach.population, reach.reached, reach.plan) == (2, 1, Decimal("0.5"))


def test_the_institution_page_shows_counts_and_the_hidden_state(client, owx):
    client.force_login(owx.users.leader)
    page = client.get(reverse("core:institution_overview", args=[owx.school_a.pk])).content.decode()
    assert "1 evaluering af medarbejdernes hold er åben" in page
    assert "færre end 5 svar" in page and "For få svar til at vise resultater" in page
    assert reverse("evaluation:cohort_results", args=[owx.second.pk]) in page
    assert reverse("evaluation:cohort_results", args=[owx.cohort.pk]) not in page
    assert "Læsning" in page and "Udrulning" in page


def test_the_administration_overview_counts_open_evaluations_and_rollouts(owx):
    _year, _coverage_year, rows = overviews.administration_overview(user=owx.users.admin)
    by_name = {r.institution.name: r for r in rows}
    a, b, daycare = by_name["Skole A"], by_name["Skole B"], by_name["Børnehuset"]
    # Hold 1's midway survey is open (Bo at A, Carl at B); Hold 2's closed.
    assert (a.open_surveys, b.open_surveys, daycare.open_surveys) == (1, 1, 0)
    [(target, reach_a)], [(_, reach_b)] = a.rollouts, b.rollouts
    assert reach_a is not None and reach_b is not None
    assert (reach_a.reached, reach_a.population, reach_a.plan) == (1, 2, Decimal("0.5"))
    assert (reach_b.reached, reach_b.population, reach_b.plan) == (1, 1, Decimal("0.3"))
    assert daycare.rollouts == [(owx.target, None)] and not daycare.in_rollouts
    assert target == owx.target
    assert overviews.totals(rows)["open_surveys"] == 2


def test_the_administration_page_shows_the_new_columns(client, owx):
    client.force_login(owx.users.admin)
    page = client.get(reverse("core:overview")).content.decode()
    assert "1 af 2 (plan 1)" in page and "1 af 1 (plan 0)" in page  # plans 0.5 and 0.3
    assert "Børnehuset" not in page[page.index('id="administration-rollouts"') :]
    assert "Evalueringer" in page


def test_a_rollout_not_in_its_period_is_left_out_of_the_administration_overview(owx):
    owx.target.first_school_year = "2015/16"
    owx.target.save()
    _year, _coverage_year, rows = overviews.administration_overview(user=owx.users.admin)
    assert all(r.rollouts == [] for r in rows)


def test_the_institution_overview_shows_last_and_this_school_years_evaluations(owx):
    assert overviews.evaluation_years("2025/26") == ["2024/25", "2025/26"]
    start = int(current_school_year()[:4])
    for years_back, shown in ((1, True), (2, False)):
        owx.second.school_year = f"{start - years_back}/{(start - years_back + 1) % 100:02d}"
        owx.second.save()
        overview = overviews.institution_overview(user=owx.users.leader, institution=owx.school_a)
        assert ("Hold 2" in [s.cohort.name for s in overview.evaluations]) is shown
