"""The cohorts' sessions in the shared calendar and its ICS feeds: stable UIDs
with a rising SEQUENCE, the personal and institution feeds narrowed to their
people, another municipality's sessions never shown, bounded queries."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.calendar.services import feed_create
from kompetenceplan.cohorts import services
from kompetenceplan.testing.factories import make_user

from .factories import make_session

pytestmark = pytest.mark.django_db


def soon(days, hour=9):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def vevents(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def dated(world, cw):
    """Hold 1 with a session in a month; Anne (school A) is enrolled."""
    session = make_session(cw.cohort, soon(30), place="Ishøjgård")
    services.enrolment_nominate(actor=world.users.admin, cohort=cw.cohort, person=world.person_a)
    cw.dated = session
    cw.uid = f"session-{session.pk}@183.kompetenceplan.dk"
    return cw


def feed_url(user, kind, institution=None):
    feed = feed_create(actor=user, kind=kind, institution=institution)
    return reverse("calendar:feed", args=[feed.token])


def test_session_is_in_the_municipality_feed_with_its_time_and_place(client, world, dated):
    events = vevents(client.get(feed_url(world.users.consultant, "municipality")))
    event = events[dated.uid]
    assert str(event["SUMMARY"]) == "Hold 1"
    assert str(event["LOCATION"]) == "Ishøjgård"
    assert event["DTSTART"].dt == dated.dated.starts_at
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert int(event["SEQUENCE"]) == 0
    # Horsens' session is not in Ishøj's feed.
    assert not [uid for uid in events if uid.endswith("@615.kompetenceplan.dk")]


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(client, world, dated):
    url = feed_url(world.users.consultant, "municipality")
    services.session_update(
        actor=world.users.admin,
        session=dated.dated,
        starts_at=soon(31, 12),
        ends_at=soon(31, 15),
        place="Ishøjgård",
    )
    event = vevents(client.get(url))[dated.uid]
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].dt == soon(31, 12)


def test_personal_feed_holds_only_what_the_person_is_enrolled_in(client, world, dated):
    mine = vevents(client.get(feed_url(world.users.staff, "personal")))  # Anne
    assert list(mine) == [dated.uid]
    bo = make_user(world.ishoj, "staff", person=world.person_a2, username="bo")
    assert vevents(client.get(feed_url(bo, "personal"))) == {}


def test_institution_feed_holds_its_participants_sessions(client, world, dated):
    assert dated.uid in vevents(
        client.get(feed_url(world.users.admin, "institution", world.school_a))
    )
    assert dated.uid not in vevents(
        client.get(feed_url(world.users.admin, "institution", world.school_b))
    )


def test_month_view_shows_sessions_with_bounded_queries(
    client, world, dated, django_assert_num_queries
):
    client.force_login(world.users.staff)
    day = dated.dated.starts_at
    url = reverse("calendar:month") + f"?maaned={day:%Y-%m}"
    client.get(url)  # warm caches (content types, holidays)
    # 13: + 1 for the network meetings' source and + 1 for the follow-up
    # meetings' source (followup.meetings), each one query.
    with django_assert_num_queries(13) as first:
        page = client.get(url).content.decode()
    assert "Hold 1" in page
    for n in range(10):
        make_session(dated.cohort, soon(30 + n % 3, 13 + n % 3), hours=1)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)
