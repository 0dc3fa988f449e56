"""The cohort pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.cohorts import services
from kompetenceplan.testing.browser import check_page, log_in
from kompetenceplan.testing.factories import make_person

from .factories import aware, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def full(world, cw):
    for person in (world.person_a, world.person_a2, world.person_b, make_person(world.school_b)):
        services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=person)
    cw.session.practice_after = "Afprøv i egen klasse"
    cw.session.save()
    make_session(cw.cohort, aware(2025, 12, 25))
    cw.request = services.enrolment_request(actor=world.users.staff, cohort=cw.approval)
    return cw


def test_cohort_pages_as_consultant(page, live_server, world, full):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("cohorts:cohort_detail", args=[full.cohort.pk]))
    assert page.inner_text("h1").startswith("Hold 1")
    main = page.inner_text("main")
    assert "Juledag" in main and "Prøvehandling" in main
    check_page(page, "cohort")
    page.goto(live_server.url + reverse("cohorts:cohort_list"))
    check_page(page, "cohort-list")
    page.goto(live_server.url + reverse("cohorts:session_edit", args=[full.session.pk]))
    check_page(page, "session-edit")
    page.goto(live_server.url + reverse("cohorts:nominate", args=[full.cohort.pk]))
    check_page(page, "cohort-nominate")
    page.goto(live_server.url + reverse("cohorts:holiday_list"))
    check_page(page, "school-holidays")


def test_cohort_page_as_leader_approves(page, live_server, world, full):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("cohorts:cohort_detail", args=[full.approval.pk]))
    check_page(page, "cohort-approval")
    page.goto(live_server.url + reverse("cohorts:enrolment_approve", args=[full.request.pk]))
    check_page(page, "enrolment-approve")
    page.click("main button[type=submit]")
    assert "Anne Andersen: tilmeldt." in page.inner_text("main")


@pytest.fixture
def own(world, cw, monkeypatch):
    """The own pages' data on 20 August 2025, before the sessions."""
    from django.utils import timezone

    from .test_views_mine import NOW, make_mine

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return make_mine(world, cw)


def test_my_courses_page(page, live_server, world, own):
    log_in(page, live_server, "staff")
    page.goto(live_server.url + reverse("cohorts:my_courses"))
    main = page.inner_text("main")
    assert "nr. 2 på ventelisten" in main and "3. september 2025, uge 36" in main
    check_page(page, "my-courses")
    page.goto(live_server.url + reverse("core:home"))
    assert "Mine næste kursusgange" in page.inner_text("main")
    check_page(page, "home-staff")


def test_leader_and_consultant_own_pages(page, live_server, world, own):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("cohorts:leader_courses"))
    assert "Afventer din godkendelse" in page.inner_text("main")
    check_page(page, "leader-courses")
    page.context.clear_cookies()
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("cohorts:responsible_cohorts"))
    assert "Hold 1" in page.inner_text("main")
    check_page(page, "responsible-cohorts")


def test_attendance_list_as_consultant(page, live_server, world, full):
    services.cohort_update(
        actor=world.users.admin,
        cohort=full.cohort,
        name=full.cohort.name,
        school_year=full.cohort.school_year,
        capacity=5,
    )
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("cohorts:attendance", args=[full.session.pk]))
    assert "4 af 4 til stede" in page.inner_text("main")
    check_page(page, "attendance")
    page.check("text=Bo Bach")
    page.click("main button[type=submit]")
    assert "3 af 4 til stede" in page.inner_text("main")


def test_rollout_pages(page, live_server, world, cw):
    """The rollout page (table, SVG bars), the not-yet list and the form: axe-clean."""
    from kompetenceplan.cohorts.rollouts import rollout_set
    from kompetenceplan.organisation.models import JobRole

    rollout_set(
        actor=None,
        initiative=cw.initiative,
        target_roles=[JobRole.objects.get(name="Lærer")],
        institution_kinds=["skole"],
        first_school_year="2025/26",
        school_years=4,
    )
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_a)
    log_in(page, live_server, "consultant")
    for name, shot in (
        ("cohorts:rollout", "rollout"),
        ("cohorts:rollout_not_yet", "rollout-not-yet"),
        ("cohorts:rollout_edit", "rollout-edit"),
    ):
        page.goto(live_server.url + reverse(name, args=[cw.initiative.pk]))
        check_page(page, shot)


def test_substitute_rate_pages(page, live_server, world):
    """The substitute rates (with their delete links) and the delete confirm page."""
    from decimal import Decimal

    from kompetenceplan.cohorts.services_spending import substitute_rate_set
    from kompetenceplan.organisation.models import JobRole

    rate = substitute_rate_set(
        actor=None,
        municipality=world.ishoj,
        job_role=JobRole.objects.get(name="Lærer"),
        year=2025,
        hourly_rate=Decimal("385.50"),
    )
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("cohorts:substitute_rates"))
    check_page(page, "substitute-rates")
    page.click("text=Slet")
    assert "Vil du slette vikartimesatsen?" in page.inner_text("main")
    check_page(page, "substitute-rate-delete")
    page.click("main button[type=submit]")
    assert "Vikartimesatsen er slettet." in page.inner_text("main")
    assert not type(rate).objects.exists()
