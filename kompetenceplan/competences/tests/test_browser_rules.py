"""The mandatory rules' and compliance pages in a real browser (Debian's
/usr/bin/chromium via Playwright) with axe-core: rendered, screenshotted,
WCAG 2.1 AA; the leader enrols a teacher from the list."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

from .rules_factories import make_rules_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rw(world):
    return make_rules_world(world)


def test_rule_pages_as_consultant(page, live_server, world, rw):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("competences:rule_list"))
    assert "Ordblindekursus for nye lærere" in page.inner_text("main")
    check_page(page, "rules-list")
    page.goto(live_server.url + reverse("competences:rule_create"))
    check_page(page, "rules-create")
    page.fill("input[name=name]", "ICDP for pædagoger")
    page.select_option("select[name=job_role]", label="Pædagog")
    page.check("input[name=trigger][value=role_start]")
    page.fill("input[name=deadline_days]", "365")
    page.select_option("select[name=qualification_kind]", value="icdp_1")
    page.click("main button[type=submit]")
    assert "Reglen er oprettet." in page.inner_text("main")
    page.goto(live_server.url + reverse("competences:rule_edit", args=[rw.rule.pk]))
    page.fill("input[name=deadline_days]", "99999")
    page.click("main button[type=submit]")
    assert "Fristen skal være mellem 0 og 3650 dage." in page.inner_text("main")
    check_page(page, "rules-edit-error")
    page.goto(live_server.url + reverse("competences:rule_delete", args=[rw.rule.pk]))
    check_page(page, "rules-delete")


def test_compliance_pages_as_leader(page, live_server, world, rw):
    log_in(page, live_server, "leader")
    assert "Obligatoriske forløb: 4 overskredet" in page.inner_text("main")
    check_page(page, "home-leader-compliance")
    page.goto(live_server.url + reverse("competences:compliance_overview"))
    check_page(page, "compliance-overview")
    page.goto(live_server.url + reverse("competences:compliance_list", args=[world.school_a.pk]))
    main = page.inner_text("main")
    assert "Nina Nygaard" in main and "29. august 2026" in main
    check_page(page, "compliance-list")
    page.click("#compliance-table tr:has-text('Nina Nygaard') button[type=submit]")
    assert "Nina Nygaard er tilmeldt Ordblindekursus vinter 2027" in page.inner_text("main")
    check_page(page, "compliance-list-enrolled")
