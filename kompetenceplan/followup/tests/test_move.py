"""Moving a follow-up meeting to another day or time (docs/followup.md,
"Flyt et møde"): the service's rules and messages, the "(n/N)" following the
new date order, the change log's old and new time in words, the raised
SEQUENCE in the ICS feed, and the edit page's fields and query count."""

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.calendar.services import feed_create
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.followup import selectors
from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.scheduling import COPENHAGEN
from kompetenceplan.followup.services import (
    followup_meeting_cancel,
    followup_meeting_update,
    followup_meetings_generate,
)
from kompetenceplan.followup.views import current_school_year
from kompetenceplan.funding.tests.factories import make_initiative

pytestmark = pytest.mark.django_db
COMING = current_school_year() + 1
BASE = "1:1-samtale – Skole A"


def tuesday() -> dt.date:
    """The first Tuesday from 17 August of the coming school year: before
    its first generated 1:1 talk (about 9 September)."""
    day = dt.date(COMING, 8, 17)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=COPENHAGEN)


@pytest.fixture
def coming(world, fw):
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=COMING,
        kinds=[fw.one],
        host=world.users.admin,
    )
    return list(
        FollowupMeeting.objects.filter(kind=fw.one, school_year=COMING).order_by("starts_at")
    )


def titles_by_pk(user):
    return {m.pk: m.display_title for m in selectors.meetings_of(user=user, school_year=COMING)}


def test_moving_the_third_before_the_first_renumbers(world, coming):
    first, second, third, fourth, fifth, sixth = coming
    moved = followup_meeting_update(
        actor=world.users.leader,
        meeting=third,
        data={"starts_at": at(tuesday(), 8), "ends_at": at(tuesday(), 9)},
    )
    assert moved.sequence == 1
    titles = titles_by_pk(world.users.leader)
    assert [titles[m.pk] for m in (third, first, second, fourth, fifth, sixth)] == [
        f"{BASE} (1/6)",
        f"{BASE} (2/6)",
        f"{BASE} (3/6)",
        f"{BASE} (4/6)",
        f"{BASE} (5/6)",
        f"{BASE} (6/6)",
    ]


def test_the_change_log_has_the_old_and_new_time_in_words(world, coming):
    meeting = coming[2]
    followup_meeting_update(
        actor=world.users.leader,
        meeting=meeting,
        data={"starts_at": at(tuesday(), 8), "ends_at": at(tuesday(), 9)},
    )
    wednesday = tuesday() + dt.timedelta(days=1)
    again = followup_meeting_update(
        actor=world.users.leader,
        meeting=meeting,
        data={
            "starts_at": at(wednesday, 10),
            "ends_at": at(wednesday, 11, 30),
            "agenda": "1. Status",
        },
    )
    assert again.sequence == 2
    entry = ChangeLogEntry.objects.filter(object_id=str(meeting.pk)).latest("pk")
    assert entry.note == (
        f"Mødet er flyttet fra tirsdag {tuesday().day}. august {COMING}, 08.00–09.00 "
        f"til onsdag {wednesday.day}. august {COMING}, 10.00–11.30"
    )
    # The same time again (saving the notes): no move, no new SEQUENCE.
    same = followup_meeting_update(
        actor=world.users.leader,
        meeting=meeting,
        data={"starts_at": at(wednesday, 10), "ends_at": at(wednesday, 11, 30), "notes": "x"},
    )
    assert same.sequence == 2
    assert ChangeLogEntry.objects.filter(object_id=str(meeting.pk)).latest("pk").note == ""


def message(exc) -> str:
    return " ".join(exc.value.messages)


def test_refusals(world, fw, coming):
    meeting = coming[0]
    day = tuesday()
    with pytest.raises(ValidationError) as exc:
        followup_meeting_update(
            actor=None, meeting=meeting, data={"starts_at": at(day, 10), "ends_at": at(day, 10)}
        )
    assert message(exc) == "Mødet skal slutte efter, det starter."
    assert "ends_at" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        followup_meeting_update(
            actor=None,
            meeting=meeting,
            data={"starts_at": at(day, 10) + dt.timedelta(days=365), "ends_at": at(day, 11)},
        )
    assert message(exc) == "Mødet skal slutte efter, det starter."
    outside = dt.date(COMING + 1, 8, 3)
    with pytest.raises(ValidationError) as exc:
        followup_meeting_update(
            actor=None,
            meeting=meeting,
            data={"starts_at": at(outside, 9), "ends_at": at(outside, 10)},
        )
    assert message(exc) == (
        f"Mødet hører til skoleåret {COMING}/{(COMING + 1) % 100:02d} og skal ligge "
        f"mellem 1. august {COMING} og 31. juli {COMING + 1}."
    )
    followup_meeting_cancel(actor=None, meeting=meeting, reason="Sygdom")
    with pytest.raises(ValidationError) as exc:
        followup_meeting_update(
            actor=None, meeting=meeting, data={"starts_at": at(day, 9), "ends_at": at(day, 10)}
        )
    assert message(exc) == (
        "Et aflyst møde kan ikke flyttes. Genoptag det først, hvis det skal holdes."
    )
    # The fixture's 2025/26 is over: its meetings are held.
    held = fw.meeting
    start = held.starts_at + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        followup_meeting_update(
            actor=None,
            meeting=held,
            data={"starts_at": start, "ends_at": start + dt.timedelta(hours=1)},
        )
    assert message(exc) == "Mødet er afholdt (det er begyndt) og kan ikke længere flyttes."
    meeting.refresh_from_db()
    held.refresh_from_db()
    assert meeting.sequence == 1  # the cancellation's only
    assert held.starts_at != start


def test_the_feed_has_the_new_time_and_sequence(client, world, coming):
    meeting = coming[2]
    followup_meeting_update(
        actor=world.users.leader,
        meeting=meeting,
        data={"starts_at": at(tuesday(), 8), "ends_at": at(tuesday(), 9, 15)},
    )
    feed = feed_create(actor=world.users.leader, kind=FeedKind.PERSONAL, institution=None)
    content = client.get(reverse("calendar:feed", args=[feed.token])).content
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    event = events[f"followup-{meeting.pk}@183.kompetenceplan.dk"]
    assert event.decoded("DTSTART") == at(tuesday(), 8)
    assert event.decoded("DTEND") == at(tuesday(), 9, 15)
    assert int(event["SEQUENCE"]) == 1
    assert str(event["SUMMARY"]) == f"{BASE} (1/6)"
    others = [e for uid, e in events.items() if uid.startswith("followup-") and e is not event]
    assert {int(e["SEQUENCE"]) for e in others} == {0}


def test_the_edit_page_moves_and_shows_the_message(
    client, world, fw, coming, django_assert_num_queries
):
    meeting = coming[2]
    path = reverse("followup:meeting_edit", args=[meeting.pk])
    client.force_login(world.users.leader)
    with django_assert_num_queries(11):
        client.get(path)
    for code in ("1.2", "1.3", "2.1"):  # more initiatives to choose: the same count
        make_initiative(fw.initiative.plan, code)
    with django_assert_num_queries(11):
        page = client.get(path).content.decode()
    start = meeting.starts_at.astimezone(COPENHAGEN)
    assert f'value="{start:%Y-%m-%d}"' in page and 'id="id_date"' in page
    assert f'value="{start:%H:%M}"' in page and 'id="id_ends_at"' in page
    data = {"date": tuesday().isoformat(), "starts_at": "14:00", "ends_at": "13:00"}
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Mødet skal slutte efter, det starter." in response.content.decode()
    response = client.post(path, {**data, "ends_at": "15:00", "agenda": "1. Status"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.sequence) == (
        at(tuesday(), 14),
        at(tuesday(), 15),
        1,
    )
    assert meeting.agenda == "1. Status"
    # A held meeting: the time is shown, not taken; its notes can be saved.
    held = reverse("followup:meeting_edit", args=[fw.meeting.pk])
    page = client.get(held).content.decode()
    assert "Et aflyst eller afholdt møde kan ikke flyttes." in page
    assert client.post(held, {**data, "notes": "Referat"}).status_code == 302
    fw.meeting.refresh_from_db()
    assert fw.meeting.notes == "Referat" and fw.meeting.sequence == 0
