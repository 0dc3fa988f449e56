"""Follow-up meetings in the calendar and the ICS feeds are private
(followup/calendar_events.py, docs/followup.md "Kalender og ICS"): only the
participants get them (calendar pages, personal feed, their own municipality
feed); never a non-participant administrator, an institution's calendar or
feed, or ``export_calendar``; and no feed carries the agenda or the notes."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompetenceplan.calendar import selectors as calendar
from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.calendar.services import feed_create
from kompetenceplan.core.choices import Role
from kompetenceplan.followup.calendar_events import meeting_events
from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.services import followup_meeting_update, followup_meetings_generate
from kompetenceplan.followup.views import current_school_year
from kompetenceplan.testing.factories import make_user

pytestmark = pytest.mark.django_db
SECRET = "Fortroligt referat om skolelederen"


@pytest.fixture
def year(world, fw):
    """This school year's 1:1 talks, with a secret in the notes."""
    school_year = current_school_year()
    other_admin = make_user(world.ishoj, Role.ADMINISTRATOR, username="admin2")
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=school_year,
        kinds=[fw.one],
        host=world.users.admin,
    )
    meetings = FollowupMeeting.objects.filter(school_year=school_year, kind=fw.one)
    for meeting in meetings:
        followup_meeting_update(
            actor=None, meeting=meeting, data={"notes": SECRET, "agenda": SECRET}
        )
    return school_year, list(meetings), other_admin


def _span(school_year):
    start = timezone.make_aware(dt.datetime(school_year, 8, 1))
    return start, start + dt.timedelta(days=365)


def _uids(**kwargs):
    return {e.uid for e in calendar.events(**kwargs) if e.uid.startswith("followup-")}


def test_participants_see_their_meetings_others_do_not(world, year):
    school_year, meetings, other_admin = year
    start, end = _span(school_year)
    expected = {f"followup-{m.pk}@183.kompetenceplan.dk" for m in meetings}
    common = {"municipality": world.ishoj, "start": start.date(), "end": end.date()}
    assert _uids(user=world.users.leader, **common) == expected
    assert _uids(user=world.users.admin, **common) == expected
    for user in (other_admin, world.users.consultant, world.users.staff, world.users.viewer):
        assert _uids(user=user, **common) == set()
    # The system's export and the institution calendar never have them.
    assert _uids(user=None, **common) == set()
    assert _uids(user=world.users.leader, institution=world.school_a, **common) == set()
    # Another municipality's user of the same name pattern: nothing.
    assert _uids(user=world.users.horsens_admin, **common) == set()


def test_source_makes_one_query(world, year, django_assert_num_queries):
    school_year, _meetings, _admin = year
    start, end = _span(school_year)
    with django_assert_num_queries(1):
        events = list(
            meeting_events(municipality=world.ishoj, start=start, end=end, user=world.users.leader)
        )
    assert len(events) == 6
    assert all(SECRET not in e.description for e in events)


def _feed(client, user, kind, institution=None):
    feed = feed_create(actor=user, kind=kind, institution=institution)
    return client.get(reverse("calendar:feed", args=[feed.token])).content.decode()


def test_feeds_respect_the_participants(client, world, year):
    _school_year, meetings, other_admin = year
    uid = f"followup-{meetings[0].pk}@183.kompetenceplan.dk"
    personal = _feed(client, world.users.leader, FeedKind.PERSONAL)
    assert uid in personal
    assert SECRET not in personal
    # Each user's municipality feed is their own: the participant's has it,
    # another administrator's does not.
    assert uid in _feed(client, world.users.leader, FeedKind.MUNICIPALITY)
    assert uid not in _feed(client, other_admin, FeedKind.MUNICIPALITY)
    assert uid not in _feed(client, world.users.consultant, FeedKind.MUNICIPALITY)
    # The institution's feed is shared by its leaders and the administration.
    assert uid not in _feed(client, world.users.leader, FeedKind.INSTITUTION, world.school_a)
    assert uid not in _feed(client, world.users.admin, FeedKind.INSTITUTION, world.school_a)


def test_export_calendar_has_no_follow_up(world, year, tmp_path):
    out = tmp_path / "kalender.ics"
    call_command("export_calendar", "--municipality", "183", "-o", str(out))
    text = out.read_text()
    assert "followup-" not in text
    assert SECRET not in text
