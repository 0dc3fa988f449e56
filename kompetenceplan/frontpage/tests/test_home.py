"""The front page shows each role what is theirs to do."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.testing.factories import make_person

pytestmark = pytest.mark.django_db


def test_leader_sees_new_hires_of_own_institutions_only(client, world):
    recent = timezone.localdate() - dt.timedelta(days=30)
    make_person(world.school_a, first="Nina", last="Ny", number="N1", start=recent)
    make_person(world.school_b, first="Ole", last="Other", number="N2", start=recent)
    make_person(
        world.school_a,
        first="Gitte",
        last="Gammel",
        number="N3",
        start=recent - dt.timedelta(days=400),
    )
    client.force_login(world.users.leader)
    response = client.get(reverse("core:home"))
    assert [e.person.employee_number for e in response.context["summary"]["new_hires"]] == ["N1"]
    assert "Ny, Nina" in response.content.decode()


def test_consultant_sees_own_initiatives(client, world):
    from kompetenceplan.plans.models import Initiative, Plan

    plan = Plan.objects.create(
        municipality=world.ishoj,
        slug="p",
        title="Plan",
        sectors=["school"],
        period_kind="calendar_years",
        period_start=2025,
        status="adopted",
    )
    Initiative.objects.create(
        plan=plan,
        number="1.1",
        sort_key="0001.0001",
        title="Læsning",
        responsible_user=world.users.consultant,
    )
    Initiative.objects.create(plan=plan, number="1.2", sort_key="0001.0002", title="Matematik")
    client.force_login(world.users.consultant)
    response = client.get(reverse("core:home"))
    assert [i.number for i in response.context["my_initiatives"]] == ["1.1"]
    assert [p.title for p in response.context["plans"]] == ["Plan"]
    html = response.content.decode()
    assert html.index("Dine indsatser") < html.index("1.1 Læsning") < html.index("Planer</h2>")
    client.force_login(world.users.viewer)
    response = client.get(reverse("core:home"))
    assert [template for template, _values in response.context["panels"]] == [
        "organisation/panels/summary.html",
        "plans/panels/plans.html",
    ]
    assert "Dine indsatser" not in response.content.decode()


def test_front_page_panels_in_registered_order(client, world):
    """Organisation's numbers, the user's next sessions and the leader's
    requests awaiting approval, the rollouts at their institutions and their
    overdue mandatory courses, plans' "my initiatives", the consultant's
    cohorts and those below their minimum (shown only when there are any), then the new
    employees, the plans, and the leader's own institutions (the order the
    apps registered)."""
    from kompetenceplan.core import registry

    assert [p.name for p in registry.front_page_panels] == [
        "organisation.summary",
        "cohorts.my_next_sessions",
        "cohorts.pending_approvals",
        "cohorts.leader_rollouts",
        "competences.rules_compliance",
        "networks.my_networks",
        "plans.my_initiatives",
        "cohorts.responsible_cohorts",
        "cohorts.below_minimum",
        "organisation.new_hires",
        "plans.plans",
        "organisation.own",
    ]
    recent = timezone.localdate() - dt.timedelta(days=30)
    make_person(world.school_a, first="Nina", last="Ny", number="N1", start=recent)
    client.force_login(world.users.leader)
    html = client.get(reverse("core:home")).content.decode()
    assert html.index('id="stat-people"') < html.index("Nye medarbejdere det seneste år")
    assert html.index("Nye medarbejdere det seneste år") < html.index("Dine institutioner")


def test_anonymous_goes_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
