"""The network meetings in the shared calendar (month view), the ICS feeds
(municipality, the members' institutions, the personal feed of members and
coordinator) and ``manage.py export_calendar``; parsed with icalendar."""

import icalendar
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.calendar.services import feed_create
from kompetenceplan.networks import services
from kompetenceplan.testing.factories import make_institution, make_person

from .conftest import soon

pytestmark = pytest.mark.django_db


def uid(meeting, code="183"):
    return f"network-meeting-{meeting.pk}@{code}.kompetenceplan.dk"


def vevents(content):
    calendar = icalendar.Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def feed(client, user, kind, institution=None):
    token = feed_create(actor=user, kind=kind, institution=institution).token
    response = client.get(reverse("calendar:feed", args=[token]))
    assert response.status_code == 200
    return vevents(response.content)


def test_a_meeting_is_in_the_municipality_feed_with_time_place_and_agenda(client, world, nw):
    events = feed(client, world.users.admin, "municipality")
    event = events[uid(nw.meeting)]
    assert str(event["SUMMARY"]) == "Læsevejledernetværk"
    assert str(event["LOCATION"]) == "Ishøj Rådhus"
    assert str(event["DESCRIPTION"]) == "1. Læsetest"
    assert str(event["CATEGORIES"].cats[0]) == "Netværksmøde"
    assert event["DTSTART"].dt == nw.meeting.starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert int(event["SEQUENCE"]) == 0
    assert uid(nw.other_meeting) in events
    assert not [u for u in events if u.endswith("@615.kompetenceplan.dk")]


def test_a_moved_and_a_cancelled_meeting_keep_their_uid(client, world, nw):
    services.meeting_update(
        actor=None, meeting=nw.meeting, starts_at=soon(33), ends_at=soon(33, 16), place="Ishøjgård"
    )
    event = feed(client, world.users.admin, "municipality")[uid(nw.meeting)]
    assert int(event["SEQUENCE"]) == 1 and str(event["LOCATION"]) == "Ishøjgård"
    services.meeting_cancel(actor=None, meeting=nw.meeting)
    event = feed(client, world.users.admin, "municipality")[uid(nw.meeting)]
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"


def test_the_institution_feed_holds_the_meetings_of_its_members_networks(client, world, nw):
    school_a = feed(client, world.users.admin, "institution", world.school_a)
    assert uid(nw.meeting) in school_a and uid(nw.other_meeting) not in school_a
    school_b = feed(client, world.users.admin, "institution", world.school_b)
    assert {uid(nw.meeting), uid(nw.other_meeting)} <= set(school_b)


def test_the_personal_feed_holds_the_members_and_the_coordinators_meetings(client, world, nw):
    anne = feed(client, world.users.staff, "personal")  # a member of the reading network
    assert set(anne) == {uid(nw.meeting)}
    coordinator = feed(client, world.users.coordinator, "personal")
    assert set(coordinator) == {uid(nw.meeting)}
    assert feed(client, world.users.consultant, "personal") == {}


def test_a_user_sees_only_the_meetings_of_networks_they_may_open(client, world, nw):
    staff = feed(client, world.users.staff, "municipality")
    assert uid(nw.meeting) in staff and uid(nw.other_meeting) not in staff


def test_the_month_view_shows_the_meeting(client, world, nw):
    client.force_login(world.users.staff)
    day = nw.meeting.starts_at
    page = client.get(reverse("calendar:month") + f"?maaned={day:%Y-%m}").content.decode()
    assert "Læsevejledernetværk" in page
    assert "Matematikvejledernetværk" not in page


def test_export_calendar_includes_the_meetings(world, nw, tmp_path):
    out = tmp_path / "kalender.ics"
    call_command("export_calendar", "--municipality", "183", "-o", str(out))
    events = vevents(out.read_bytes())
    assert {uid(nw.meeting), uid(nw.other_meeting)} <= set(events)
    assert uid(nw.h_meeting, "615") not in events
    out_a = tmp_path / "a.ics"
    call_command(
        "export_calendar", "--municipality", "183", "--institution", "100001", "-o", str(out_a)
    )
    assert set(vevents(out_a.read_bytes())) == {uid(nw.meeting)}


def test_the_feed_makes_a_fixed_number_of_queries(client, world, nw):
    """Six more networks with a member and a meeting each: the same queries."""
    token = feed_create(actor=world.users.admin, kind="municipality").token
    url = reverse("calendar:feed", args=[token])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(6):
        extra = services.network_create(actor=None, municipality=world.ishoj, name=f"Netværk {n}")
        person = make_person(make_institution(world.ishoj, f"Skole {n}"), first=f"P{n}")
        services.membership_add(actor=None, network=extra, person=person)
        services.meeting_create(
            actor=None, network=extra, starts_at=soon(20 + n), ends_at=soon(20 + n, 16)
        )
    with CaptureQueriesContext(connection) as after:
        events = vevents(client.get(url).content)
    assert len([u for u in events if u.startswith("network-meeting-")]) == 2 + 6
    assert len(after.captured_queries) == len(before.captured_queries)
