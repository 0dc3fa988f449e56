"""Ordering the committee's document in a real browser, with axe-core."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_order_pdf_and_download(page, live_server, world, plans):
    plan = plans["adopted"]
    log_in(page, live_server, "viewer")
    page.goto(live_server.url + reverse("plans:plan_detail", args=[plan.pk]))
    page.click("form[action$='/pdf/'] button")
    page.wait_for_selector("main a[download]", timeout=20000)
    check_page(page, "document-job")
    with page.expect_download() as info:
        page.click("main a[download]")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_status_report_page_order_and_udvalgsmateriale(page, live_server, world):
    """The status report page (with an evaluation of five answers, its
    initiatives under their focus area's heading row and one under "Uden
    indsatsområde"), its PDF made in the background, and the archive listing
    it, each passing axe."""
    from .test_status_report import NOTE, _two_initiatives

    o = _two_initiatives(world)
    o.initiative.level = "staff"
    o.initiative.save()
    log_in(page, live_server, "viewer")
    page.goto(live_server.url + reverse("reports:status_report", args=[o.plan.pk, 2025]))
    main = page.inner_text("main")
    assert NOTE in main and "125.500 kr." in main and "Gennemsnit 4,0 af 5 (5 svar)" in main
    headings = page.locator("table th[scope=rowgroup]").all_inner_texts()
    assert headings == ["1. Sprog", "Uden indsatsområde"]
    assert page.locator("table tbody").count() == 2
    assert "Medarbejderniveau" in page.inner_text("table tbody >> nth=0")
    check_page(page, "status-report")
    page.click("form[action$='/pdf/'] button")
    page.wait_for_selector("main a[download]", timeout=20000)
    page.goto(live_server.url + reverse("reports:committee_documents"))
    assert "Statusrapport 2025" in page.inner_text("main")
    check_page(page, "committee-documents")
