"""The overviews in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_institution_overview_as_leader(page, live_server, owx):
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("core:my_institution"))
    main = page.inner_text("main")
    assert "Institutionens overblik: Skole A" in main
    assert "1 tilmelding afventer godkendelse" in main
    assert "Bo Bach" in main
    assert "1 evaluering af medarbejdernes hold er åben" in main
    assert "For få svar til at vise resultater" in page.inner_text("#overview-evaluations")
    assert "Læsning" in page.inner_text("#overview-rollouts")
    check_page(page, "institution-overview")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "institution-overview-narrow")


def test_administration_overview_as_consultant(page, live_server, owx):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("core:overview"))
    assert "Børnehuset" in page.inner_text("main")
    assert "1 af 2 (plan 1)" in page.inner_text("#administration-rollouts")
    check_page(page, "administration-overview")
    page.set_viewport_size({"width": 390, "height": 844})
    check_page(page, "administration-overview-narrow")
