"""Plan pages in a real browser with axe-core (WCAG 2.1 AA)."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_pages(page, live_server, world, ishoj_plans):
    school = ishoj_plans["ishoj-skole-2024-2026"]
    daycare = ishoj_plans["ishoj-dagtilbud-2024-2026"]
    log_in(page, live_server, "admin")
    for name, url in [
        ("plans", reverse("plans:plan_list")),
        ("plan", reverse("plans:plan_detail", args=[school.pk])),
        ("plan-history", reverse("plans:plan_history", args=[school.pk])),
        ("plan-copy", reverse("plans:plan_copy", args=[school.pk])),
        ("catalogue", reverse("plans:catalogue") + "?q=sproglige"),
        (
            "initiative",
            reverse("plans:initiative_detail", args=[daycare.initiatives.get(number="1.3").pk]),
        ),
        (
            "initiative-edit",
            reverse("plans:initiative_edit", args=[school.initiatives.get(number="2.1").pk]),
        ),
    ]:
        page.goto(live_server.url + url)
        check_page(page, name)
    page.goto(live_server.url + reverse("plans:catalogue"))
    page.fill("input[name=q]", "ICDP")
    page.click("main form[role=search] button[type=submit]")
    assert "2 indsatser" in page.inner_text("main")


def test_plan_page_for_a_reader(page, live_server, world, ishoj_plans):
    """The committee's reader: documents, contents and economy, no editing."""
    daycare = ishoj_plans["ishoj-dagtilbud-2024-2026"]
    log_in(page, live_server, "viewer")
    page.goto(live_server.url + reverse("plans:plan_detail", args=[daycare.pk]))
    check_page(page, "plan-reader")
    main = page.inner_text("main")
    assert "Dokumenter" in main and "Økonomisk overblik" in main
    assert "Redigér plan" not in main
    page.click("nav.kp-contents >> text=Økonomisk overblik")
    assert page.url.endswith("#oekonomi")
