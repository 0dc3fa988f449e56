"""The planner's pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import importlib
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

from .planner_fixtures import YEAR, planner_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_data(db):
    """A transactional test flushes the data migrations' subjects: load them again."""
    from django.apps import apps

    loader = importlib.import_module(
        "kompetenceplan.competences.migrations.0002_subjects_and_guideline_hours"
    )
    loader.load(apps, None)


def test_planner_pages_as_consultant(page, live_server, world):
    planner_world(world)
    log_in(page, live_server, "consultant")
    query = urlencode({"school_year": YEAR, "school": "", "target": "100", "budget": "50.000"})
    page.goto(f"{live_server.url}{reverse('coverage:planner')}?{query}")
    main = page.inner_text("main")
    assert "Uddan Anne Andersen i dansk (KiU, 45.000 kr.)" in main
    assert "Byt: Bo Bach overtager historie i 5.a" in main
    check_page(page, "coverage-planner")
    page.click("text=Indstil Anne Andersen til kurset")
    check_page(page, "coverage-planner-nominate")
    page.click("main button[type=submit]")
    assert "Anne Andersen er indstillet til Dansk." in page.inner_text("body")
    check_page(page, "coverage-planner-nominations")
    page.click("#nominations-table a")
    check_page(page, "coverage-planner-nomination-status")
    page.goto(live_server.url + reverse("coverage:course_options"))
    check_page(page, "coverage-course-options")
    page.goto(live_server.url + reverse("coverage:course_option_add"))
    check_page(page, "coverage-course-option-add")


def test_planner_form_as_leader(page, live_server, world):
    planner_world(world)
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("coverage:planner"))
    check_page(page, "coverage-planner-form")
