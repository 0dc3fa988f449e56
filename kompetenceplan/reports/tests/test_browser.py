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
