"""The budget pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from kompetenceplan.funding.services import allocation_create
from kompetenceplan.testing.browser import check_page, log_in

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
    # The sources table fits at desktop width: no scroll hint; the chart draws
    # three datasets (amount, allocated, spent).
    assert page.is_hidden("#sources-hint")
    assert page.evaluate("Chart.getChart('budget-chart').data.datasets.map(d => d.label)") == [
        "Beløb",
        "Bevilget",
        "Forbrugt",
    ]
    # On a phone the numbers scroll: the hint says so, the source stays in view.
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.is_visible("#sources-hint")
    assert "rul vandret" in page.inner_text("#sources-hint")
    assert (
        page.eval_on_selector(
            "#sources-table th[scope=rowgroup]", "th => getComputedStyle(th).position"
        )
        == "sticky"
    )
    check_page(page, "budget-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
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


def test_source_admin_pages(page, live_server, world, budget):
    """The administrator creates a source, adds and corrects amounts and
    earmarks; refusals are shown with their figures."""
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("funding:overview"))
    page.click("text=Ny finansieringskilde")
    assert page.inner_text("h1") == "Ny finansieringskilde"
    check_page(page, "source-create")
    page.fill("#id_name", "Fondspuljen")
    page.select_option("#id_kind", "foundation")
    page.fill("#id_description", "Tilsagn fra fonden, december 2025.")
    page.click("main button[type=submit]")
    assert page.inner_text("h1") == "Fondspuljen"
    assert "Finansieringskilden er oprettet." in page.inner_text("main")

    page.click("text=Nyt beløb")
    assert page.inner_text("h1") == "Nyt beløb"
    check_page(page, "budget-create")
    page.fill("#id_year", "2026")
    page.fill("#id_amount", "250.000")
    page.click("main button[type=submit]")
    assert "250.000 kr." in page.inner_text("#budgets-table")

    page.click("text=Ny øremærkning")
    check_page(page, "earmark-create")
    page.select_option("#id_kind", "allowed_purposes")
    page.fill("#id_purposes", "Klasseledelse\nInklusion")
    page.click("main button[type=submit]")
    assert "Inklusion" in page.inner_text("#oeremaerkning + ul")
    check_page(page, "source-admin")

    page.click("text=Redigér kilde")
    check_page(page, "source-edit")

    # Lowering Puljen's 2025 below what is allocated: refused with the figures.
    b2025 = budget.source.budgets.get(year=2025)
    page.goto(live_server.url + reverse("funding:budget_edit", args=[b2025.pk]))
    page.fill("#id_amount", "50.000")
    page.click("main button[type=submit]")
    alert = page.inner_text("main [role=alert]")
    assert "2025: 105.000 kr. bevilget af 50.000 kr." in alert
    check_page(page, "budget-edit-refused")

    page.goto(live_server.url + reverse("funding:budget_delete", args=[b2025.pk]))
    check_page(page, "budget-delete")
    page.click("main button[type=submit]")
    assert "Uden dette beløb" in page.inner_text("main [role=alert]")
    check_page(page, "budget-delete-refused")

    share = budget.source.earmarks.get()
    page.goto(live_server.url + reverse("funding:earmark_edit", args=[share.pk]))
    check_page(page, "earmark-edit")
    page.goto(live_server.url + reverse("funding:earmark_delete", args=[share.pk]))
    check_page(page, "earmark-delete")
