"""The ICS renderer (calendar/ics.py): valid RFC 5545 read back by two
independent parsers (icalendar and vobject), Europe/Copenhagen with its
summer time, stable UIDs with a rising SEQUENCE, cancellations, and iTIP
invitations (METHOD REQUEST / CANCEL)."""

from datetime import UTC, date, datetime

import icalendar
import pytest
import vobject

from kompetenceplan.calendar import ics
from kompetenceplan.calendar.choices import EventStatus
from kompetenceplan.calendar.events import CalendarEvent

from .conftest import at, session

NOW = datetime(2025, 8, 1, 12, 0, tzinfo=UTC)


def winter_and_summer():
    return [
        # Summer time (CEST, UTC+2): 09:00 local is 07:00 UTC.
        session(
            1,
            at(2025, 9, 3, 9),
            at(2025, 9, 3, 14),
            location="Ishøj Rådhus",
            description="Første kursusdag.",
            initiative_id=7,
            initiative_title="Læsning i indskolingen",
            link="/forloeb/1/",
            last_modified=datetime(2025, 7, 1, 10, 0, tzinfo=UTC),
            kind="Kursusdag",
        ),
        # Winter time (CET, UTC+1): 09:00 local is 08:00 UTC.
        session(2, at(2025, 11, 12, 9), at(2025, 11, 12, 12), online_url="https://teams.example/x"),
        CalendarEvent(
            uid="learning-day-5@183.kompetenceplan.dk",
            title="Læringsdag",
            start=date(2025, 10, 8),
            end=date(2025, 10, 9),
        ),
    ]


def render(events=None, **kwargs):
    return ics.feed_calendar(
        events if events is not None else winter_and_summer(),
        name="Kompetenceplan – Ishøj Kommune",
        base_url="https://kp.example.dk/",
        now=NOW,
        **kwargs,
    )


def test_feed_header_and_timezone():
    text = render().decode()
    cal = icalendar.Calendar.from_ical(text)
    assert cal["PRODID"] == ics.PRODID
    assert cal["VERSION"] == "2.0"
    assert cal["CALSCALE"] == "GREGORIAN"
    assert cal["METHOD"] == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Kompetenceplan – Ishøj Kommune"
    assert cal["X-WR-TIMEZONE"] == "Europe/Copenhagen"
    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Copenhagen"]
    # Summer and winter time, with their offsets.
    assert {str(c.name) for c in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert "TZOFFSETTO:+0200" in text and "TZOFFSETTO:+0100" in text
    assert "\r\n" in text  # CRLF line endings
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT4H\r\n" in text
    assert "X-PUBLISHED-TTL:PT4H\r\n" in text


def test_events_carry_tzid_and_local_times_across_dst():
    text = render().decode()
    assert "DTSTART;TZID=Europe/Copenhagen:20250903T090000" in text
    assert "DTEND;TZID=Europe/Copenhagen:20250903T140000" in text
    assert "DTSTART;TZID=Europe/Copenhagen:20251112T090000" in text
    assert "DTSTART;VALUE=DATE:20251008" in text
    cal = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    summer = events["session-1@183.kompetenceplan.dk"]["DTSTART"].dt
    winter = events["session-2@183.kompetenceplan.dk"]["DTSTART"].dt
    assert summer.astimezone(UTC) == datetime(2025, 9, 3, 7, 0, tzinfo=UTC)
    assert winter.astimezone(UTC) == datetime(2025, 11, 12, 8, 0, tzinfo=UTC)


def test_event_fields():
    cal = icalendar.Calendar.from_ical(render())
    event = next(e for e in cal.walk("VEVENT") if e["UID"] == "session-1@183.kompetenceplan.dk")
    assert str(event["SUMMARY"]) == "Kursusdag i læsning"
    assert str(event["LOCATION"]) == "Ishøj Rådhus"
    assert str(event["DESCRIPTION"]) == "Første kursusdag.\n\nIndsats: Læsning i indskolingen"
    assert str(event["URL"]) == "https://kp.example.dk/forloeb/1/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["DTSTAMP"].dt == NOW
    assert event["LAST-MODIFIED"].dt == datetime(2025, 7, 1, 10, 0, tzinfo=UTC)
    online = next(e for e in cal.walk("VEVENT") if e["UID"] == "session-2@183.kompetenceplan.dk")
    assert str(online["URL"]) == "https://teams.example/x"


def test_second_parser_reads_the_feed():
    parsed = vobject.readOne(render().decode())
    assert parsed.method.value == "PUBLISH"
    uids = sorted(e.uid.value for e in parsed.vevent_list)
    assert uids == [
        "learning-day-5@183.kompetenceplan.dk",
        "session-1@183.kompetenceplan.dk",
        "session-2@183.kompetenceplan.dk",
    ]
    first = next(e for e in parsed.vevent_list if e.uid.value.startswith("session-1"))
    assert first.dtstart.value.utcoffset().total_seconds() == 2 * 3600
    assert first.dtstart.value.astimezone(UTC) == datetime(2025, 9, 3, 7, 0, tzinfo=UTC)
    assert first.summary.value == "Kursusdag i læsning"
    day = next(e for e in parsed.vevent_list if e.uid.value.startswith("learning-day"))
    assert day.dtstart.value == date(2025, 10, 8)


def test_update_keeps_uid_with_higher_sequence_and_cancel():
    before = session(1, at(2025, 9, 3, 9), at(2025, 9, 3, 14), sequence=0)
    moved = session(1, at(2025, 9, 4, 9), at(2025, 9, 4, 14), sequence=1)
    cancelled = session(
        1, at(2025, 9, 4, 9), at(2025, 9, 4, 14), sequence=2, status=EventStatus.CANCELLED
    )
    read = []
    for version in (before, moved, cancelled):
        event = icalendar.Calendar.from_ical(render([version])).walk("VEVENT")[0]
        read.append((str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])))
    assert read == [
        ("session-1@183.kompetenceplan.dk", 0, "CONFIRMED"),
        ("session-1@183.kompetenceplan.dk", 1, "CONFIRMED"),
        ("session-1@183.kompetenceplan.dk", 2, "CANCELLED"),
    ]
    assert "STATUS:CANCELLED" in render([cancelled]).decode()


def test_invitation_request_and_cancel():
    event = session(
        9, at(2026, 3, 30, 15), at(2026, 3, 30, 17), sequence=3, title="Eftermiddagsmøde"
    )
    organizer = ics.Party("kursus@ishoj.dk", "Kursussekretariatet")
    attendees = [ics.Party("anne@ishoj.dk", "Anne Andersen"), ics.Party("bo@ishoj.dk")]
    request = ics.invitation(event, organizer=organizer, attendees=attendees, now=NOW)
    cal = icalendar.Calendar.from_ical(request)
    assert cal["METHOD"] == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["ORGANIZER"]) == "mailto:kursus@ishoj.dk"
    assert vevent["ORGANIZER"].params["CN"] == "Kursussekretariatet"
    attendee_list = vevent["ATTENDEE"]
    assert [str(a) for a in attendee_list] == ["mailto:anne@ishoj.dk", "mailto:bo@ishoj.dk"]
    assert attendee_list[0].params["PARTSTAT"] == "NEEDS-ACTION"
    assert vevent["SEQUENCE"] == 3
    assert "DTSTART;TZID=Europe/Copenhagen:20260330T150000" in request.decode()
    assert vobject.readOne(request.decode()).method.value == "REQUEST"

    cancel = ics.invitation(
        CalendarEvent(**{**event.__dict__, "sequence": 4, "status": EventStatus.CANCELLED}),
        organizer=organizer,
        attendees=attendees,
        now=NOW,
    )
    cal = icalendar.Calendar.from_ical(cancel)
    assert cal["METHOD"] == "CANCEL"
    vevent = cal.walk("VEVENT")[0]
    assert (str(vevent["STATUS"]), vevent["SEQUENCE"]) == ("CANCELLED", 4)
    assert str(vevent["UID"]) == "session-9@183.kompetenceplan.dk"
    assert vobject.readOne(cancel.decode()).vevent.status.value == "CANCELLED"


def test_empty_feed_is_valid():
    cal = icalendar.Calendar.from_ical(render([]))
    assert cal.walk("VEVENT") == []
    assert len(cal.walk("VTIMEZONE")) == 1
    assert vobject.readOne(render([]).decode()).method.value == "PUBLISH"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"uid": "no-domain"}, "uid"),
        ({"start": datetime(2025, 9, 3, 9)}, "aware"),
        ({"end": at(2025, 9, 3, 8)}, "before"),
        ({"status": "tentative"}, "status"),
    ],
)
def test_calendar_event_validates(kwargs, message):
    values = {
        "uid": "x@183.kompetenceplan.dk",
        "title": "T",
        "start": at(2025, 9, 3, 9),
        "end": at(2025, 9, 3, 10),
        **kwargs,
    }
    with pytest.raises(ValueError, match=message):
        CalendarEvent(**values)
