"""The overviews' numbers and their pinned query counts (docs/overviews.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.core.models import ReadLogSubject
from kompetenceplan.frontpage import overviews
from kompetenceplan.testing.factories import make_institution, make_person

from .conftest import enrol

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


#: The administration overview's queries (session, user, the page's counts,
#: the coverage report, the shell), whatever the number of institutions.
ADMINISTRATION_QUERIES = 18


def test_the_administration_overview_has_a_fixed_number_of_queries(client, ow):
    client.force_login(ow.users.admin)
    url = reverse("core:overview")
    with_three = _queries(client, url)
    for n in range(4):
        school = make_institution(ow.ishoj, f"Skole {n}")
        enrol(ow.cohort, make_person(school, first="Ny", last=f"{n}"), "requested")
    assert _queries(client, url) == with_three == ADMINISTRATION_QUERIES


#: The institution overview's queries for a school (with the read log).
INSTITUTION_QUERIES = 21


def test_the_institution_overview_has_a_fixed_number_of_queries(client, ow):
    client.force_login(ow.users.leader)
    url = reverse("core:institution_overview", args=[ow.school_a.pk])
    first = _queries(client, url)
    for n in range(4):
        enrol(ow.cohort, make_person(ow.school_a, first="Ny", last=f"{n}"), "enrolled")
    assert _queries(client, url) == first == INSTITUTION_QUERIES


def test_a_leader_of_two_institutions_can_go_to_the_other(client, ow):
    ow.users.leader.institutions.add(ow.school_b)
    client.force_login(ow.users.leader)
    page = client.get(reverse("core:institution_overview", args=[ow.school_a.pk])).content
    assert reverse("core:institution_overview", args=[ow.school_b.pk]) in page.decode()
