"""The budget pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from kompetenceplan.core.browser import check_page, log_in
from kompetenceplan.funding.services import allocation_create

from .factories import add_purposes, add_share, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def budget(fw, world):
    """The small world plus an approved overspend, earmarks and a period amount."""
    allocation_create(
        actor=world.users.admin,
        initiative=fw.theirs,
        source=fw.source,
        year=2025,
        amount=D(60_000),
        override_reason="Udvalget har godkendt",
    )
    uvm = make_source(world.ishoj, "UVM-midler", periods={"2024/2025 og 2025/2026": 586_000})
    add_purposes(uvm, ["Klasseledelse", "Løbende faglig opdatering"], text="Tilskuddet skal ...")
    add_share(fw.source, "Uformel opkvalificering", 10, text="Højst 10 % ...")
    fw.uvm = uvm
    return fw


def test_budget_pages_as_admin(page, live_server, world, budget):
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("funding:overview"))
    assert page.inner_text("h1") == "Budget"
    assert "overskredet" in page.inner_text("#sources-table")
    page.wait_for_function("window.Chart && Chart.getChart('budget-chart') !== undefined")
    assert page.eval_on_selector("#budget-chart", "c => c.width > 0 && c.height > 0")
    check_page(page, "budget")
    page.select_option("#id_year", "2025")
    page.click("main form[role=search] button[type=submit]")
    assert "Kun 2025" in page.inner_text("main")
    check_page(page, "budget-2025")
    page.goto(live_server.url + reverse("funding:source_detail", args=[budget.source.pk]))
    assert "Højst en andel til" in page.inner_text("main")
    check_page(page, "budget-source")
    page.goto(live_server.url + reverse("funding:allocation_delete", args=[budget.a_mine.pk]))
    check_page(page, "allocation-delete")


def test_allocation_form_overspend_and_purpose_swap(page, live_server, world, budget):
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("funding:allocation_edit", args=[budget.a_mine.pk]))
    page.fill("#id_amount", "1.000.000")
    page.click("main button[type=submit]")
    alert = page.inner_text("main [role=alert]")
    assert "Bevillingen overskrider Puljen" in alert and "1.065.000 kr." in alert
    check_page(page, "allocation-overspend")
    page.goto(
        live_server.url + reverse("funding:allocation_create") + f"?initiative={budget.mine.pk}"
    )
    assert page.eval_on_selector("#id_purpose", "e => e.tagName") == "INPUT"
    page.select_option("#id_source", label="UVM-midler")
    page.wait_for_selector("select#id_purpose")
    assert "Klasseledelse" in page.inner_text("#id_purpose")
    check_page(page, "allocation-create")
