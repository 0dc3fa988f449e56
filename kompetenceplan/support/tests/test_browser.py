"""The support pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.support import services
from kompetenceplan.testing.browser import check_page, log_in

from .conftest import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_pages_as_leader(page, live_server, world, sw):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("support:request_list"))
    check_page(page, "support-requests")
    page.goto(live_server.url + reverse("support:request_create"))
    check_page(page, "support-request-form")
    page.fill("#id_title", "Uklar henvendelse")
    page.click("button[name=send]")
    assert "Voksenteamet er enheden" in page.inner_text("main")
    check_page(page, "support-request-form-errors")
    incomplete = make_request(world.school_a, world.users.leader, adult_team="")
    page.goto(live_server.url + reverse("support:request_detail", args=[incomplete.pk]))
    assert "Før henvendelsen kan sendes" in page.inner_text("main")
    check_page(page, "support-request-draft")
    page.goto(live_server.url + reverse("support:request_submit", args=[sw.draft.pk]))
    check_page(page, "support-request-submit")
    page.goto(live_server.url + reverse("support:request_edit", args=[sw.draft.pk]))
    assert page.input_value("#id_title") == "Kladden"
    check_page(page, "support-request-edit")


def test_request_steps_as_consultant(page, live_server, world, sw):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("support:request_accept", args=[sw.sent_b.pk]))
    check_page(page, "support-request-accept")
    page.click("main button[type=submit]")
    assert "Henvendelsen er accepteret." in page.inner_text("main")
    page.goto(live_server.url + reverse("support:request_plan", args=[sw.sent_b.pk]))
    check_page(page, "support-request-plan")
    page.select_option("#id_cohort", str(sw.cohort.pk))
    page.click("main button[type=submit]")
    assert "Forløbet er planlagt." in page.inner_text("main")
    check_page(page, "support-request-planned")
    page.goto(live_server.url + reverse("support:request_complete", args=[sw.sent_b.pk]))
    check_page(page, "support-request-complete")
    page.goto(live_server.url + reverse("support:request_decline", args=[sw.draft.pk]))
    check_page(page, "support-request-decline")


def test_application_pages(page, live_server, world, sw):
    services.application_approve(
        actor=world.users.admin,
        application=sw.coordinator_application,
        source=sw.source,
        initiative=sw.initiative,
        year=2026,
    )
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("support:application_list"))
    check_page(page, "support-applications")
    page.goto(live_server.url + reverse("support:application_detail", args=[sw.application.pk]))
    check_page(page, "support-application")
    page.goto(live_server.url + reverse("support:application_approve", args=[sw.application.pk]))
    check_page(page, "support-application-approve")
    page.goto(live_server.url + reverse("support:application_reject", args=[sw.application.pk]))
    check_page(page, "support-application-reject")
    url = reverse("support:application_detail", args=[sw.coordinator_application.pk])
    page.goto(live_server.url + url)
    assert "Vikarpuljen, 2026" in page.inner_text("main")
    check_page(page, "support-application-approved")


def test_application_form_as_coordinator(page, live_server, world, sw):
    log_in(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("support:application_create"))
    check_page(page, "support-application-form")


def test_local_plan_pages(page, live_server, world, lp):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("support:local_plan_detail", args=[lp.own.pk]))
    assert "Vores læringsmiljø" in page.inner_text("main")
    check_page(page, "support-local-plan")
    page.goto(live_server.url + reverse("support:local_plan_edit", args=[lp.own.pk]))
    check_page(page, "support-local-plan-edit")
    page.goto(live_server.url + reverse("support:local_plan_list"))
    check_page(page, "support-local-plans")
