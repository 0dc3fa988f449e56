"""The coverage dashboard in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA, on a desktop
and a phone-sized screen."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

from .dashboard_data import YEAR, build

# serialized_rollback: the subjects and guideline tables (data migrations) are
# back for the tests that run after this one.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def data(world):
    return build(world)


def pages(world):
    query = f"?school_year={YEAR}"
    return {
        "coverage-dashboard": reverse("coverage:dashboard") + query,
        "coverage-school": reverse("coverage:school", args=[world.school_a.pk]) + query,
        "coverage-drilldown": reverse("coverage:drilldown", args=[world.school_a.pk]) + query,
    }


def test_dashboard_pages_as_leader(page, live_server, world, data):
    log_in(page, live_server, "leader")
    for name, url in pages(world).items():
        page.goto(live_server.url + url)
        check_page(page, name)
    assert "Lærer uden for dine skoler" in page.inner_text("#drilldown")


def test_dashboard_pages_on_a_phone(page, live_server, world, data):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "admin")
    for name, url in pages(world).items():
        page.goto(live_server.url + url)
        check_page(page, f"{name}-phone")
    page.goto(live_server.url + pages(world)["coverage-dashboard"])
    page.select_option("#id_measure", "formel")
    page.click("main form[role=search] button[type=submit]")
    assert "Undervisningskompetence i procent" in page.inner_text("main")
