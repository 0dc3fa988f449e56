"""The networks' pages in a real browser (Debian's /usr/bin/chromium via
Playwright) with axe-core: rendered, screenshotted, WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.testing.browser import check_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_network_pages_as_coordinator(page, live_server, world, nw):
    log_in(page, live_server, "coordinator")
    page.goto(live_server.url + reverse("networks:network_list"))
    check_page(page, "network-list")
    page.goto(live_server.url + reverse("networks:network_detail", args=[nw.network.pk]))
    assert page.inner_text("h1") == "Læsevejledernetværk"
    assert "Anne Andersen" in page.inner_text("main")
    check_page(page, "network")
    page.goto(live_server.url + reverse("networks:wheel", args=[nw.network.pk]) + "?aar=2026-27")
    assert "Læseevaluering" in page.inner_text("#wheel-table")
    check_page(page, "network-wheel")
    page.goto(live_server.url + reverse("networks:meeting_create", args=[nw.network.pk]))
    check_page(page, "network-meeting-create")
    page.fill("#id_date", "2027-03-10")
    page.fill("#id_starts_at", "14:00")
    page.fill("#id_ends_at", "16:00")
    page.fill("#id_place", "Ishøjgård")
    page.click("main button[type=submit]")
    assert "er oprettet, og medlemmerne er inviteret" in page.inner_text("main")
    page.goto(live_server.url + reverse("networks:meeting_cancel", args=[nw.meeting.pk]))
    check_page(page, "network-meeting-cancel")
    page.goto(live_server.url + reverse("networks:meeting_edit", args=[nw.meeting.pk]))
    assert page.input_value("#id_starts_at")
    check_page(page, "network-meeting-edit")
    page.goto(live_server.url + reverse("networks:network_edit", args=[nw.network.pk]))
    assert page.input_value("#id_name") == "Læsevejledernetværk"
    check_page(page, "network-edit")
    page.goto(
        live_server.url
        + reverse("networks:wheel_entry", args=[nw.network.pk])
        + "?aar=2026-27&maaned=9"
    )
    check_page(page, "network-wheel-entry")
    page.goto(live_server.url + reverse("networks:wheel_entry_delete", args=[nw.entry.pk]))
    check_page(page, "network-wheel-entry-delete")


def test_network_forms_as_consultant(page, live_server, world, nw):
    log_in(page, live_server, "consultant")
    page.goto(live_server.url + reverse("networks:network_create"))
    check_page(page, "network-create")
    page.goto(live_server.url + reverse("networks:member_add", args=[nw.network.pk]))
    check_page(page, "network-member-add")
    page.goto(live_server.url + reverse("networks:member_remove", args=[nw.member_b.pk]))
    check_page(page, "network-member-remove")
    page.goto(live_server.url + reverse("networks:network_delete", args=[nw.network.pk]))
    check_page(page, "network-delete")
