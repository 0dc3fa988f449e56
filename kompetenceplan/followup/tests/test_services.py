"""Generating a school year's follow-up meetings, and editing a meeting: the
rules (refused with Danish messages), idempotence, Copenhagen times, days off."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kompetenceplan.cohorts.models import SchoolHoliday
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.followup import scheduling
from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.services import followup_meeting_update, followup_meetings_generate

from .conftest import YEAR

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


def test_generates_per_school_and_for_all_leaders(world, fw):
    meetings = FollowupMeeting.objects.filter(municipality=world.ishoj)
    # Only school A has a leader user: 6 + 2 + 1 with school A, 1 for all leaders.
    assert meetings.filter(kind=fw.one, institution=world.school_a).count() == 6
    assert meetings.filter(kind=fw.team).count() == 2
    assert meetings.filter(kind=fw.local).count() == 1
    municipal = meetings.get(kind=fw.municipal)
    assert municipal.institution is None
    for meeting in meetings:
        assert set(meeting.participants.values_list("username", flat=True)) == {
            "admin",
            "leader",
        }
    # The number is not stored: it is computed for display (selectors.with_numbers).
    assert fw.meeting.title == "1:1-samtale – Skole A"


def test_generating_again_changes_nothing(world, fw):
    fw.meeting.agenda = "Skrevet af lederen"
    fw.meeting.save()
    before = sorted(FollowupMeeting.objects.values_list("pk", "starts_at", "agenda"))
    entries = ChangeLogEntry.objects.count()
    result = followup_meetings_generate(
        actor=world.users.admin,
        municipality=world.ishoj,
        school_year=YEAR,
        kinds=[fw.one, fw.team, fw.local, fw.municipal],
        host=world.users.admin,
    )
    assert (result.created, result.existing) == (0, 10)
    assert sorted(FollowupMeeting.objects.values_list("pk", "starts_at", "agenda")) == before
    assert ChangeLogEntry.objects.count() == entries


def test_times_are_copenhagen_working_days_without_overlap(world, fw):
    meetings = list(FollowupMeeting.objects.filter(municipality=world.ishoj).order_by("starts_at"))
    for meeting in meetings:
        local = meeting.starts_at.astimezone(CPH)
        assert local.weekday() < 5
        assert dt.date(YEAR, 8, 1) <= local.date() <= dt.date(YEAR + 1, 6, 30)
        if meeting.kind_id == fw.one.pk:
            assert (local.hour, local.minute) == (9, 0)  # summer and winter time alike
    offsets = {m.starts_at.astimezone(CPH).utcoffset() for m in meetings}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    for first, second in zip(meetings, meetings[1:], strict=False):
        assert first.ends_at <= second.starts_at


def test_public_and_school_holidays_are_avoided(world, fw):
    # The yearly evaluation aims at 20 May 2027; make that week a school holiday.
    SchoolHoliday.objects.create(
        municipality=world.ishoj,
        name="Maj-ferie",
        start=dt.date(2027, 5, 17),
        end=dt.date(2027, 5, 21),
    )
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=2026,
        kinds=[fw.local],
        host=world.users.admin,
    )
    meeting = FollowupMeeting.objects.get(kind=fw.local, school_year=2026)
    assert meeting.starts_at.astimezone(CPH).date() == dt.date(2027, 5, 24)


def test_working_day_skips_public_holidays():
    off = {dt.date(2025, 12, 24), dt.date(2025, 12, 25), dt.date(2025, 12, 26)}

    def is_off(day):
        return day.weekday() >= 5 or day in off

    assert scheduling.working_day(dt.date(2025, 12, 24), is_off) == dt.date(2025, 12, 29)
    # Nothing free within two weeks: the day itself ("where possible").
    assert scheduling.working_day(dt.date(2025, 12, 24), lambda d: True) == dt.date(2025, 12, 24)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"school_year": 1999}, "school_year"),
        ({"kinds": []}, "no_kinds"),
        ({"kinds": "ongoing"}, "no_cadence"),
        ({"kinds": "h_kind"}, "other_municipality"),
        ({"host": "leader"}, "host_role"),
    ],
)
def test_generate_refuses(world, fw, change, code):
    arguments = {
        "actor": world.users.admin,
        "municipality": world.ishoj,
        "school_year": 2026,
        "kinds": [fw.one],
        "host": world.users.admin,
    }
    if change.get("kinds") in ("ongoing", "h_kind"):
        change = {"kinds": [getattr(fw, change["kinds"])]}
    if change.get("host") == "leader":
        change = {"host": world.users.leader}
    arguments.update(change)
    count = FollowupMeeting.objects.count()
    with pytest.raises(ValidationError) as caught:
        followup_meetings_generate(**arguments)
    assert code in {e.code for errors in caught.value.error_dict.values() for e in errors}
    assert FollowupMeeting.objects.count() == count


def test_a_kind_outside_its_plan_period_is_refused(world, fw):
    fw.one.first_year, fw.one.last_year, fw.one.period = 2020, 2021, "2020-2022"
    fw.one.save()
    with pytest.raises(ValidationError, match="gælder ikke i skoleåret 2026/27"):
        followup_meetings_generate(
            actor=None,
            municipality=world.ishoj,
            school_year=2026,
            kinds=[fw.one],
            host=world.users.admin,
        )


def test_no_leaders_no_meetings(world, fw):
    world.users.leader.institutions.clear()
    with pytest.raises(ValidationError, match="Ingen skoler har en leder"):
        followup_meetings_generate(
            actor=None,
            municipality=world.ishoj,
            school_year=2026,
            kinds=[fw.one],
            host=world.users.admin,
        )


def test_meeting_update_logs_and_raises_the_sequence_on_a_new_place(world, fw):
    meeting = followup_meeting_update(
        actor=world.users.leader,
        meeting=fw.meeting,
        data={
            "agenda": "1. Status",
            "notes": "Aftalt: ny læseplan",
            "goals": "Læsning",
            "location": "Skole A, mødelokale 2",
            "initiatives": [fw.initiative],
        },
    )
    assert meeting.sequence == 1
    assert list(meeting.initiatives.all()) == [fw.initiative]
    entry = ChangeLogEntry.objects.filter(object_id=str(meeting.pk)).latest("pk")
    assert entry.actor == world.users.leader


def test_meeting_update_refuses_another_municipalitys_initiative(world, fw):
    with pytest.raises(ValidationError, match="anden kommune"):
        followup_meeting_update(
            actor=world.users.admin, meeting=fw.meeting, data={"initiatives": [fw.h_initiative]}
        )
    assert not fw.meeting.initiatives.exists()
