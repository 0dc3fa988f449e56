"""The month, week and list views: ISO week numbers, holidays, today, events
from the registered sources (each called once per page), filters, bad
parameters (a Danish message, status 400) and pinned query counts."""

from datetime import date

import pytest
from django.urls import reverse

from kompetenceplan.calendar.choices import EventStatus
from kompetenceplan.calendar.events import CalendarEvent

from .conftest import at, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def dec(world, source):
    """Three events in December 2025 in Ishøj and one in Horsens."""
    source.add(
        world.ishoj,
        session(
            1,
            at(2025, 12, 3, 9),
            at(2025, 12, 3, 14),
            title="Læsekursus dag 1",
            institution_ids=(world.school_a.pk,),
            sectors=("school",),
            initiative_id=11,
            initiative_title="Læsning",
            link="/x/1/",
        ),
        people=[world.person_a],
    )
    source.add(
        world.ishoj,
        session(
            2,
            at(2025, 12, 10, 15),
            at(2025, 12, 10, 17),
            title="Netværksmøde dagtilbud",
            sectors=("daycare",),
            initiative_id=12,
            initiative_title="Sprog",
            institution_ids=(world.school_b.pk,),
        ),
    )
    source.add(
        world.ishoj,
        session(
            3,
            at(2025, 12, 17, 9),
            at(2025, 12, 17, 12),
            title="Aflyst kursus",
            status=EventStatus.CANCELLED,
            sectors=("school",),
            initiative_id=11,
            initiative_title="Læsning",
        ),
    )
    source.add(
        world.horsens,
        session(
            4,
            at(2025, 12, 3, 9),
            at(2025, 12, 3, 10),
            municipality_code="615",
            title="Horsens-kursus",
        ),
    )
    return source


def get(client, user, name, query=""):
    client.force_login(user)
    return client.get(reverse(name) + query)


def test_month_view(client, world, dec, django_assert_num_queries):
    client.force_login(world.users.consultant)
    # session, user, municipality, the institution filter's choices, the session's save (3).
    with django_assert_num_queries(7):
        response = client.get(reverse("calendar:month") + "?maaned=2025-12")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Kalender: December 2025</h1>" in body
    assert "<caption>December 2025: begivenheder og helligdage pr. dag" in body
    for week in (49, 50, 51, 52, 1):
        assert f'<th scope="row" class="kp-cal-week">uge {week}</th>' in body
    assert "Juledag" in body and "Anden juledag" in body
    assert "Læsekursus dag 1" in body and "Netværksmøde dagtilbud" in body
    assert "Aflyst kursus</a>" not in body and "Aflyst kursus <strong>(aflyst)</strong>" in body
    assert "Horsens-kursus" not in body
    assert '09.00–14.00</span> <a href="/x/1/">Læsekursus dag 1</a>' in body
    # One call per page for the whole grid (1 December is a Monday; 4 January a Sunday).
    assert len(dec.calls) == 1
    call = dec.calls[0]
    assert call["user"] == world.users.consultant and call["personal"] is False
    assert (call["start"].date(), call["end"].date()) == (date(2025, 12, 1), date(2026, 1, 5))
    assert str(call["start"].tzinfo) == "Europe/Copenhagen"


def test_month_marks_today(client, world, source, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 9, 3))
    body = get(client, world.users.staff, "calendar:month").content.decode()
    assert "<h1>Kalender: September 2025</h1>" in body
    assert body.count('aria-current="date"') == 1
    assert "uge 36" in body and "i dag" in body


def test_filters(client, world, dec):
    body = get(
        client, world.users.admin, "calendar:month", "?maaned=2025-12&sector=daycare"
    ).content.decode()
    assert "Netværksmøde dagtilbud" in body and "Læsekursus dag 1" not in body
    body = get(
        client, world.users.admin, "calendar:month", "?maaned=2025-12&initiative=11"
    ).content.decode()
    assert "Læsekursus dag 1" in body and "Netværksmøde dagtilbud" not in body
    assert '<option value="11" selected>Læsning</option>' in body
    assert '<option value="12">Sprog</option>' in body
    response = get(
        client,
        world.users.admin,
        "calendar:month",
        f"?maaned=2025-12&institution={world.school_a.pk}",
    )
    body = response.content.decode()
    assert "Læsekursus dag 1" in body and "Netværksmøde dagtilbud" not in body
    assert dec.calls[-1]["institution"] == world.school_a


@pytest.mark.parametrize(
    "name, query, message",
    [
        ("calendar:month", "?maaned=2025-13", "“2025-13” er ikke en måned."),
        ("calendar:month", "?maaned=abc", "“abc” er ikke en måned."),
        ("calendar:week", "?uge=2025-W54", "“2025-W54” er ikke en uge."),
        ("calendar:list", "?fra=2025-02-30", "“2025-02-30” er ikke en dato."),
    ],
)
def test_bad_period_is_a_danish_message(client, world, source, name, query, message):
    response = get(client, world.users.staff, name, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_bad_filter_is_a_danish_message(client, world, source):
    response = get(
        client,
        world.users.staff,
        "calendar:month",
        f"?maaned=2025-12&institution={world.school_h.pk}&initiative=x",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vælg en institution fra listen." in body
    assert "Vælg en indsats fra listen." in body
    assert "Horsens Skole" not in body


def test_week_view(client, world, dec, django_assert_num_queries):
    client.force_login(world.users.leader)
    # As the month, and the leader's institutions.
    with django_assert_num_queries(8):
        response = client.get(reverse("calendar:week") + "?uge=2025-W52")
    body = response.content.decode()
    assert "<h1>Kalender: Uge 52, 2025</h1>" in body
    assert "Torsdag 25. december" in body and "Juledag" in body
    assert "uge 51" in body and "uge 1" in body  # previous / next
    body = get(client, world.users.leader, "calendar:week", "?uge=2025-W49").content.decode()
    assert "Onsdag 3. december" in body and "Læsekursus dag 1" in body
    assert "Indsats: Læsning" in body


def test_list_view(client, world, dec, django_assert_num_queries):
    client.force_login(world.users.viewer)
    with django_assert_num_queries(7):
        response = client.get(reverse("calendar:list") + "?fra=2025-12-01")
    body = response.content.decode()
    assert "1. december 2025 – 11. januar 2026" in body
    assert "Onsdag 3. december 2025" in body
    assert body.index("Læsekursus dag 1") < body.index("Netværksmøde dagtilbud")
    assert "Nytårsdag" in body


def test_all_day_event_over_several_days(client, world, source):
    source.add(
        world.ishoj,
        CalendarEvent(
            uid="camp-1@183.kompetenceplan.dk",
            title="Lejrskole",
            start=date(2025, 9, 3),
            end=date(2025, 9, 6),
        ),
    )
    body = get(client, world.users.staff, "calendar:week", "?uge=2025-W36").content.decode()
    assert body.count("Lejrskole") == 3


def test_navigation_entry(client, world):
    body = get(client, world.users.staff, "core:home").content.decode()
    assert f'href="{reverse("calendar:month")}"' in body
    assert "Kalender" in body
