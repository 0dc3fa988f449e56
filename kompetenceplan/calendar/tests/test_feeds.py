"""Feeds: the personal feed holds only its owner's events, renewing makes the
old address 404, another municipality's token never shows our events, the
addresses follow their owners' rights, the services log (without the token),
and export_calendar writes the same calendar."""

from datetime import date

import icalendar
import pytest
import vobject
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.calendar import services
from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.calendar.models import CalendarFeed
from kompetenceplan.core.models import ChangeLogEntry

from .conftest import at, session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 8, 15))


@pytest.fixture
def events(world, source):
    source.add(
        world.ishoj,
        session(
            1,
            at(2025, 9, 3, 9),
            at(2025, 9, 3, 14),
            title="Annes kursus",
            institution_ids=(world.school_a.pk,),
        ),
        people=[world.person_a],
    )
    source.add(
        world.ishoj,
        session(
            2,
            at(2025, 10, 1, 15),
            at(2025, 10, 1, 17),
            title="Carls kursus",
            institution_ids=(world.school_b.pk,),
        ),
        people=[world.person_b],
    )
    source.add(
        world.horsens,
        session(
            3,
            at(2025, 9, 3, 9),
            at(2025, 9, 3, 10),
            municipality_code="615",
            title="Horsens-kursus",
        ),
    )
    return source


def fetch(client, feed):
    client.logout()
    return client.get(reverse("calendar:feed", args=[feed.token]))


def summaries(response):
    cal = icalendar.Calendar.from_ical(response.content)
    vobject.readOne(response.content.decode())  # the second parser reads it too
    return sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT"))


def test_municipality_feed(client, world, events):
    feed = services.feed_create(actor=world.users.staff, kind=FeedKind.MUNICIPALITY)
    response = fetch(client, feed)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Cache-Control"] == "private, max-age=900"
    assert summaries(response) == ["Annes kursus", "Carls kursus"]
    body = response.content.decode()
    assert "X-WR-CALNAME:Kompetenceplan – Ishøj Kommune" in body
    assert "DTSTART;TZID=Europe/Copenhagen:20250903T090000" in body
    assert "BEGIN:VTIMEZONE" in body
    call = events.calls[-1]
    assert call["user"] == world.users.staff and call["personal"] is False
    assert (call["start"].date(), call["end"].date()) == (date(2024, 8, 15), date(2027, 8, 15))


def test_personal_feed_shows_only_the_owners_events(client, world, events):
    feed = services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL)
    assert summaries(fetch(client, feed)) == ["Annes kursus"]
    call = events.calls[-1]
    assert call["personal"] is True
    assert call["person"] == world.person_a and call["user"] == world.users.staff


def test_institution_feed(client, world, events):
    feed = services.feed_create(
        actor=world.users.leader, kind=FeedKind.INSTITUTION, institution=world.school_a
    )
    response = fetch(client, feed)
    assert summaries(response) == ["Annes kursus"]
    assert "X-WR-CALNAME:Kompetenceplan – Ishøj Kommune – Skole A" in response.content.decode()


def test_institution_feed_only_for_its_leaders_and_admins(world):
    with pytest.raises(Exception) as refused:
        services.feed_create(
            actor=world.users.leader, kind=FeedKind.INSTITUTION, institution=world.school_b
        )
    assert refused.value.code == "feed_institution_not_allowed"
    with pytest.raises(Exception) as refused:
        services.feed_create(
            actor=world.users.staff, kind=FeedKind.INSTITUTION, institution=world.school_a
        )
    assert refused.value.code == "feed_institution_not_allowed"
    with pytest.raises(Exception) as refused:
        services.feed_create(
            actor=world.users.admin, kind=FeedKind.INSTITUTION, institution=world.school_h
        )
    assert refused.value.code == "feed_institution_municipality"
    assert CalendarFeed.objects.count() == 0
    services.feed_create(
        actor=world.users.admin, kind=FeedKind.INSTITUTION, institution=world.school_b
    )
    assert CalendarFeed.objects.count() == 1


def test_feed_create_is_idempotent(world):
    first = services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL)
    again = services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL)
    assert first.pk == again.pk and first.token == again.token
    assert len(first.token) == 43


def test_renewed_token_answers_404_and_the_new_one_200(client, world, events):
    feed = services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL)
    old = feed.token
    client.force_login(world.users.staff)
    response = client.post(reverse("calendar:feed_renew", args=[feed.pk]))
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.token != old and feed.renewed_at is not None
    client.logout()
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[feed.token])).status_code == 200
    # Logged, without the secret.
    entry = ChangeLogEntry.objects.filter(object_id=str(feed.pk)).order_by("-id").first()
    assert entry.action == "update"
    assert "token" not in (entry.before or {}) and "token" not in (entry.after or {})
    assert old not in str(entry.before) + str(entry.after) + entry.note
    assert feed.token not in str(entry.before) + str(entry.after)


def test_other_municipality_token_never_shows_our_events(client, world, events):
    feed = services.feed_create(actor=world.users.horsens_admin, kind=FeedKind.MUNICIPALITY)
    assert summaries(fetch(client, feed)) == ["Horsens-kursus"]
    institution_feed = services.feed_create(
        actor=world.users.horsens_admin, kind=FeedKind.INSTITUTION, institution=world.school_h
    )
    assert summaries(fetch(client, institution_feed)) == []
    assert {c["municipality"] for c in events.calls} == {world.horsens}


def test_feed_follows_its_owner(client, world, events):
    leader = world.users.leader
    feed = services.feed_create(actor=leader, kind=FeedKind.INSTITUTION, institution=world.school_a)
    assert fetch(client, feed).status_code == 200
    leader.institutions.set([world.school_b])
    assert fetch(client, feed).status_code == 404  # no longer leads school A
    personal = services.feed_create(actor=world.users.staff, kind=FeedKind.PERSONAL)
    world.users.staff.is_active = False
    world.users.staff.save()
    assert fetch(client, personal).status_code == 404


def test_feeds_page_lists_the_users_addresses(client, world, django_assert_num_queries):
    feed = services.feed_create(actor=world.users.leader, kind=FeedKind.PERSONAL)
    client.force_login(world.users.leader)
    # session, user, the leader's institutions, the feeds, the institutions,
    # the municipality (base template), the session's save (3).
    with django_assert_num_queries(9):
        response = client.get(reverse("calendar:feeds"))
    body = response.content.decode()
    assert f"http://testserver/kalender/feed/{feed.token}.ics" in body
    assert "Kalender for Skole A" in body and "Skole B" not in body
    assert body.count("Opret adresse") == 2  # the municipality's and school A's
    assert "Forny adresse" in body
    client.force_login(world.users.staff)
    body = client.get(reverse("calendar:feeds")).content.decode()
    assert feed.token not in body and "Kalender for Skole A" not in body


def test_create_other_institution_through_the_page_is_refused(client, world):
    client.force_login(world.users.leader)
    response = client.post(
        reverse("calendar:feed_create"),
        {"kind": FeedKind.INSTITUTION, "institution": world.school_b.pk},
    )
    assert response.status_code == 200
    assert "Vælg en institution fra listen." in response.content.decode()
    assert CalendarFeed.objects.count() == 0


def test_export_calendar_writes_the_same_feed(world, events, tmp_path):
    out = tmp_path / "kalender.ics"
    call_command("export_calendar", "--municipality", "183", "-o", str(out))
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == ["Annes kursus", "Carls kursus"]
    assert cal["METHOD"] == "PUBLISH" and cal.walk("VTIMEZONE")
    vobject.readOne(out.read_text())
    call_command(
        "export_calendar", "--municipality", "183", "--institution", "100002", "-o", str(out)
    )
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Carls kursus"]
    assert str(cal["X-WR-CALNAME"]) == "Kompetenceplan – Ishøj Kommune – Skole B"
    with pytest.raises(CommandError, match="ingen institution med institutionsnummer “200001”"):
        call_command("export_calendar", "--municipality", "183", "--institution", "200001")
    with pytest.raises(CommandError, match="ingen kommune med kommunekoden “999”"):
        call_command("export_calendar", "--municipality", "999")


def test_feed_query_count(client, world, events, django_assert_num_queries):
    """The feed with its owner, person and municipality (1), the owner's right to
    it (1), the leader's institutions (1); the sources add their own (none here)."""
    feed = services.feed_create(
        actor=world.users.leader, kind=FeedKind.INSTITUTION, institution=world.school_a
    )
    with django_assert_num_queries(3):
        response = client.get(reverse("calendar:feed", args=[feed.token]))
    assert response.status_code == 200
    assert len(events.calls) == 1
