"""The follow-up pages and seed 004's plan page in a real browser (Debian's
Chromium via Playwright) with axe-core: rendered, screenshotted
(var/screenshots/followup-*.png), WCAG 2.1 AA."""

import pytest
from django.urls import reverse

from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.services import followup_meetings_generate
from kompetenceplan.followup.views import current_school_year
from kompetenceplan.testing.browser import check_page, log_in
from kompetenceplan.testing.factories import make_municipality, make_user
from kompetenceplan.testing.plans import load_plan_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_followup_pages(page, live_server, world, fw):
    fw.meeting.agenda = "1. Læseresultater\n2. Aftaler"
    fw.meeting.save()
    fw.meeting.initiatives.set([fw.initiative])
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("followup:meeting_list") + "?visning=alle")
    assert "1:1-samtale – Skole A (1/6)" in page.inner_text("main")
    check_page(page, "followup-list")
    page.goto(live_server.url + reverse("followup:meeting_detail", args=[fw.meeting.pk]))
    assert "Læseresultater" in page.inner_text("main")
    check_page(page, "followup-meeting")
    page.goto(live_server.url + reverse("followup:meeting_edit", args=[fw.meeting.pk]))
    check_page(page, "followup-meeting-edit")
    # Cancel a meeting still to come (the confirm page's form and message),
    # then its page shows it as cancelled; reinstate and delete confirm pages.
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=current_school_year() + 1,
        kinds=[fw.one],
        host=world.users.admin,
    )
    coming = FollowupMeeting.objects.filter(school_year=current_school_year() + 1).first()
    # Move it (the edit page's date and time fields), then cancel it.
    page.goto(live_server.url + reverse("followup:meeting_edit", args=[coming.pk]))
    page.fill("#id_date", f"{current_school_year() + 1}-08-20")
    page.fill("#id_starts_at", "08:00")
    page.fill("#id_ends_at", "09:00")
    check_page(page, "followup-meeting-move")
    page.click("main form button[type=submit]")
    assert "Mødet er gemt." in page.inner_text("main")
    coming.refresh_from_db()
    assert coming.sequence == 1
    page.goto(live_server.url + reverse("followup:meeting_cancel", args=[coming.pk]))
    check_page(page, "followup-meeting-cancel")
    page.click("main form button[type=submit]")  # no reason: the service's message
    assert "Skriv kort, hvorfor mødet aflyses." in page.inner_text("main")
    check_page(page, "followup-meeting-cancel-errors")
    page.fill("textarea[name=reason]", "Skolelederen er syg")
    page.click("main form button[type=submit]")
    assert "Mødet er aflyst" in page.inner_text("main")
    assert "Skolelederen er syg" in page.inner_text("main")
    check_page(page, "followup-meeting-cancelled")
    page.goto(live_server.url + reverse("followup:meeting_reinstate", args=[coming.pk]))
    check_page(page, "followup-meeting-reinstate")
    page.goto(live_server.url + reverse("followup:meeting_delete", args=[coming.pk]))
    assert "oprettes mødet på ny" in page.inner_text("main")
    check_page(page, "followup-meeting-delete")
    page.goto(live_server.url + reverse("followup:meeting_list") + "?visning=alle")
    assert page.locator("main del a").count() == 1
    page.goto(live_server.url + reverse("followup:generate"))
    check_page(page, "followup-generate")
    page.click("main form button[type=submit]")  # nothing chosen: the form's messages
    assert "Dette felt er påkrævet" in page.inner_text("main fieldset")
    check_page(page, "followup-generate-errors")


def test_kind_pages(page, live_server, world, fw):
    log_in(page, live_server, "admin")
    page.goto(live_server.url + reverse("followup:kind_list"))
    assert "4-6 gange om året" in page.inner_text("main")
    check_page(page, "followup-kinds")
    page.goto(live_server.url + reverse("followup:kind_detail", args=[fw.one.pk]))
    assert "Møder pr. skoleår" in page.inner_text("main")
    check_page(page, "followup-kind")
    page.click("main form button[type=submit]")  # generate the offered year
    assert "fandtes i forvejen" in page.inner_text("main")
    page.goto(live_server.url + reverse("followup:kind_edit", args=[fw.one.pk]))
    page.fill("input[name=times_max]", "13")
    page.click("main form button[type=submit]")
    assert "mellem 1 og 12" in page.inner_text("main")
    check_page(page, "followup-kind-edit-errors")
    page.goto(live_server.url + reverse("followup:kind_create"))
    check_page(page, "followup-kind-create")
    page.goto(live_server.url + reverse("followup:kind_delete", args=[fw.one.pk]))
    check_page(page, "followup-kind-delete")


def test_seed_004_plan_page(page, live_server, db):
    municipality = make_municipality("998", "Demo-Sjælland")
    plan = load_plan_file("demo-sjaelland-skole-2018-2022")
    make_user(municipality, username="sjaelland")
    log_in(page, live_server, "sjaelland")
    page.goto(live_server.url + reverse("plans:plan_detail", args=[plan.pk]))
    text = page.inner_text("main")
    assert "Strategiske aktiviteter 2020-2022" in text
    assert "4-6 x årligt - skolecenterchefens 1:1-samtaler" in text
    check_page(page, "followup-seed-004-plan")
