"""The rule and compliance pages: pinned query counts that do not grow with
the number of people and cohorts, the filters, the read log and the
front-page panel."""

import datetime as dt

import pytest
from django.urls import reverse

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.competences.tests.rules_factories import make_rule
from kompetenceplan.core.models import ReadLogSubject
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.testing.factories import make_person

from .rules_factories import make_rules_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def rw(world):
    return make_rules_world(world)


def _more(world, rw, n):
    for i in range(n):
        make_person(world.school_a, first=f"Ny{i}", last="Lærer", start=dt.date(2026, 1, 1 + i))
        make_cohort(rw.initiative, f"Ekstra hold {i}", school_year="2026/27")


#: The compliance list as a leader: session and user (2), the leader's
#: institutions (1), the institution (1), the computation (rules, employments,
#: completions: 3), pending enrolments and open cohorts (2), the reminders sent
#: (1), the municipality (1), the filter's rule choices (1), the read log's two
#: inserts, and the session's save (3 with its savepoint).
COMPLIANCE_LIST_QUERIES = 17


def test_compliance_list_queries_are_pinned_and_do_not_grow(
    client, world, rw, django_assert_num_queries
):
    client.force_login(world.users.leader)
    url = reverse("competences:compliance_list", args=[world.school_a.pk])
    client.get(url)  # warm the per-process caches (content types)
    with django_assert_num_queries(COMPLIANCE_LIST_QUERIES):
        assert client.get(url).status_code == 200
    _more(world, rw, 12)
    with django_assert_num_queries(COMPLIANCE_LIST_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("Ekstra hold 11") == 16  # offered to each one missing


OVERVIEW_QUERIES = 10


def test_compliance_overview_queries_are_pinned_and_do_not_grow(
    client, world, rw, django_assert_num_queries
):
    client.force_login(world.users.consultant)
    url = reverse("competences:compliance_overview")
    client.get(url)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(url)
    _more(world, rw, 12)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(url)


RULE_LIST_QUERIES = 7


def test_rule_list_queries_are_pinned_and_do_not_grow(client, world, rw, django_assert_num_queries):
    client.force_login(world.users.admin)
    url = reverse("competences:rule_list")
    client.get(url)
    with django_assert_num_queries(RULE_LIST_QUERIES):
        client.get(url)
    for i in range(10):
        make_rule(world.ishoj, f"Regel {i}", initiative=rw.initiative)
    with django_assert_num_queries(RULE_LIST_QUERIES):
        assert "Regel 9" in client.get(url).content.decode()


def test_compliance_list_filters_and_logs_whom_it_shows(client, world, rw):
    pedagogues = make_rule(
        world.ishoj,
        "ICDP",
        job_role=JobRole.objects.get(name="Pædagog"),
        qualification_kind="icdp_1",
    )
    client.force_login(world.users.leader)
    url = reverse("competences:compliance_list", args=[world.school_a.pk])
    page = client.get(url, {"rule": pedagogues.pk}).content.decode()
    assert "Pia Pedersen" in page and "Nina Nygaard" not in page
    assert "Kræver ICDP niveau 1" in page
    logged = set(ReadLogSubject.objects.values_list("object_id", flat=True))
    assert logged == {rw.pia.pk}
    page = client.get(url, {"status": "overdue"}).content.decode()
    assert "Ole Olsen" in page and "Pia Pedersen" in page


def test_front_page_panel_for_leaders_only(client, world, rw):
    client.force_login(world.users.leader)
    page = client.get(reverse("core:home")).content.decode()
    assert "Obligatoriske forløb: 4 overskredet" in page
    client.force_login(world.users.consultant)
    assert "overskredet" not in client.get(reverse("core:home")).content.decode()


def test_the_list_shows_when_the_reminder_was_sent_in_local_time(client, world, rw):
    from django.utils import timezone

    from kompetenceplan.competences.models import ComplianceReminder

    ComplianceReminder.objects.create(
        rule=rw.rule,
        person=rw.nina,
        due_on=dt.date(2026, 8, 29),
        sent_at=dt.datetime(2026, 8, 10, 23, 30, tzinfo=dt.UTC),
    )
    assert timezone.localtime(ComplianceReminder.objects.get().sent_at).day == 11
    client.force_login(world.users.leader)
    page = client.get(reverse("competences:compliance_list", args=[world.school_a.pk]))
    assert "Sendt 11. august 2026" in page.content.decode()
