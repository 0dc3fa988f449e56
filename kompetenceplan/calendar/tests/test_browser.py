"""The calendar pages in a real browser (Debian's Chromium via Playwright)
with axe-core: rendered, screenshotted (var/screenshots/calendar-*.png),
WCAG 2.1 AA."""

from datetime import date

import pytest
from django.urls import reverse

from kompetenceplan.calendar import services
from kompetenceplan.calendar.choices import EventStatus, FeedKind
from kompetenceplan.calendar.events import CalendarEvent
from kompetenceplan.testing.browser import check_page, log_in

from .conftest import at, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def december(world, source):
    rows = [
        session(
            1,
            at(2025, 12, 2, 9),
            at(2025, 12, 2, 14),
            title="Sprogkursus dag 1",
            kind="Kursusdag",
            location="Ishøj Rådhus",
            initiative_id=1,
            initiative_title="Sprog i dagtilbud",
            sectors=("daycare",),
        ),
        session(
            2,
            at(2025, 12, 9, 15),
            at(2025, 12, 9, 17),
            title="Eftermiddagsmøde: læsning",
            kind="Eftermiddagsmøde",
            online_url="https://teams.example/m",
            initiative_id=2,
            initiative_title="Læsning",
            sectors=("school",),
        ),
        session(
            3,
            at(2025, 12, 16, 9),
            at(2025, 12, 16, 14),
            title="Sprogkursus dag 2",
            status=EventStatus.CANCELLED,
            initiative_id=1,
            initiative_title="Sprog i dagtilbud",
        ),
        CalendarEvent(
            uid="learning-day-1@183.kompetenceplan.dk",
            title="Læringsdag",
            start=date(2025, 12, 18),
            end=date(2025, 12, 19),
            kind="Læringsdag",
        ),
    ]
    for row in rows:
        source.add(world.ishoj, row)
    return source


def test_calendar_pages(page, live_server, world, december):
    services.feed_create(actor=world.users.leader, kind=FeedKind.PERSONAL)
    log_in(page, live_server, "leader")
    page.goto(live_server.url + reverse("calendar:month") + "?maaned=2025-12")
    assert page.inner_text("h1") == "Kalender: December 2025"
    table = page.inner_text("#month-table")
    assert "uge 52" in table and "Juledag" in table and "Sprogkursus dag 1" in table
    check_page(page, "calendar-month")
    page.select_option("#id_initiative", "2")
    page.click("main form[role=search] button[type=submit]")
    table = page.inner_text("#month-table")
    assert "Eftermiddagsmøde: læsning" in table and "Sprogkursus dag 1" not in table
    page.goto(live_server.url + reverse("calendar:week") + "?uge=2025-W51")
    assert page.inner_text("h1") == "Kalender: Uge 51, 2025"
    check_page(page, "calendar-week")
    page.goto(live_server.url + reverse("calendar:list") + "?fra=2025-12-01")
    assert "Torsdag 18. december 2025" in page.inner_text("main")
    check_page(page, "calendar-list")
    page.goto(live_server.url + reverse("calendar:month") + "?maaned=2025-13")
    assert "“2025-13” er ikke en måned." in page.inner_text("main [role=alert]")
    check_page(page, "calendar-bad-month")
    page.goto(live_server.url + reverse("calendar:feeds"))
    assert "/kalender/feed/" in page.input_value(".kp-cal-feed-url")
    check_page(page, "calendar-feeds")
