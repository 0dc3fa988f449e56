"""The administration's follow-up kinds: create, update, delete (or take out
of use), the cadence's rules with their Danish messages, and what a changed
cadence does to the meetings already generated (docs/followup.md)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.followup.models import FollowupKind, FollowupMeeting
from kompetenceplan.followup.services import (
    followup_kind_create,
    followup_kind_delete,
    followup_kind_update,
    followup_meetings_generate,
)

pytestmark = pytest.mark.django_db

NEW = {
    "name": "Strategisamtale",
    "category": "strategy",
    "scope": "per_school",
    "times_min": 2,
    "times_max": 3,
    "duration_minutes": 45,
    "text": " Om virksomhedsstrategien ",
    "active": True,
}


def messages(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}


def test_create_is_logged(world):
    kind = followup_kind_create(actor=world.users.admin, municipality=world.ishoj, **NEW)
    assert (kind.name, kind.times_min, kind.times_max, kind.text) == (
        "Strategisamtale",
        2,
        3,
        "Om virksomhedsstrategien",
    )
    assert kind.cadence_label == "2-3 gange om året"
    entry = ChangeLogEntry.objects.get(object_id=str(kind.pk), action="create")
    assert entry.actor == world.users.admin


def test_one_number_is_both_ends_and_none_is_ongoing(world):
    one = followup_kind_create(
        actor=None, municipality=world.ishoj, **{**NEW, "times_min": None, "times_max": 5}
    )
    assert (one.times_min, one.times_max, one.cadence_label) == (5, 5, "5 gange om året")
    ongoing = followup_kind_create(
        actor=None,
        municipality=world.ishoj,
        **{**NEW, "name": "Sparring", "times_min": None, "times_max": None},
    )
    assert ongoing.cadence_label == "løbende (ingen fast kadence)"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"times_max": 13},
            {"times_max": ["Antal gange om året skal være mellem 1 og 12 (tomt: løbende)."]},
        ),
        (
            {"times_min": 0},
            {"times_min": ["Antal gange om året skal være mellem 1 og 12 (tomt: løbende)."]},
        ),
        (
            {"times_min": 5, "times_max": 4},
            {
                "times_min": [
                    "Mindst antal gange om året kan ikke være højere end højst antal gange."
                ]
            },
        ),
        (
            {"duration_minutes": 5},
            {"duration_minutes": ["Varigheden skal være mellem 15 og 480 minutter."]},
        ),
        (
            {"name": "1:1-SAMTALE"},
            {"name": ["Der findes allerede en opfølgningstype med navnet 1:1-SAMTALE."]},
        ),
    ],
)
def test_create_refusals(world, fw, change, expected):
    before = FollowupKind.objects.count()
    with pytest.raises(ValidationError) as info:
        followup_kind_create(actor=None, municipality=world.ishoj, **{**NEW, **change})
    assert messages(info.value) == expected
    assert FollowupKind.objects.count() == before


def test_the_same_name_in_another_municipality_is_fine(world, fw):
    kind = followup_kind_create(
        actor=None, municipality=world.horsens, **{**NEW, "name": "1:1-samtale"}
    )
    assert kind.municipality == world.horsens


def test_scope_is_fixed_once_meetings_exist(world, fw):
    with pytest.raises(ValidationError) as info:
        followup_kind_update(actor=None, kind=fw.one, scope="municipality")
    assert list(messages(info.value)) == ["scope"]
    fw.one.refresh_from_db()
    assert fw.one.scope == "per_school"
    # Without meetings it may change.
    result = followup_kind_update(actor=None, kind=fw.ongoing, scope="municipality")
    assert result.kind.scope == "municipality"


def _school_year_of_the_future(world, fw):
    """A year whose meetings are all still to come."""
    year = timezone.localdate().year + 1
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=year,
        kinds=[fw.one],
        host=world.users.admin,
    )
    return FollowupMeeting.objects.filter(kind=fw.one, school_year=year).order_by("slot")


def test_lowering_the_cadence_keeps_meetings_with_notes(world, fw):
    future = _school_year_of_the_future(world, fw)
    assert future.count() == 6
    fifth = future.get(slot__endswith=":5")
    fifth.notes = "Aftalt: læsehandleplan"
    fifth.save()
    held = FollowupMeeting.objects.filter(kind=fw.one, school_year=2025)  # all in the past
    assert held.count() == 6
    result = followup_kind_update(actor=world.users.admin, kind=fw.one, times_min=3, times_max=4)
    # The future year: meeting 6 (empty) removed, 5 (notes) kept; 2025/26 is held: kept.
    assert (result.removed, result.kept) == (1, 1 + 2)
    assert sorted(s.rsplit(":", 1)[1] for s in future.values_list("slot", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    assert held.count() == 6
    assert (
        ChangeLogEntry.objects.filter(
            action="delete", note="Kadencen er sat ned til 3-4 gange om året"
        ).count()
        == 1
    )
    # Generating again creates nothing: the kept fifth meeting stays, nothing comes back.
    fw.one.refresh_from_db()
    again = followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=future.first().school_year,
        kinds=[fw.one],
        host=world.users.admin,
    )
    assert (again.created, again.existing) == (0, 4)


def test_raising_the_cadence_adds_meetings_only_when_generated(world, fw):
    result = followup_kind_update(actor=None, kind=fw.team, times_min=3, times_max=3)
    assert (result.removed, result.kept) == (0, 0)
    assert FollowupMeeting.objects.filter(kind=fw.team, school_year=2025).count() == 2
    fw.team.refresh_from_db()
    again = followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=2025,
        kinds=[fw.team],
        host=world.users.admin,
    )
    assert (again.created, again.existing) == (1, 2)


def test_delete_without_meetings_deletes(world, fw):
    assert followup_kind_delete(actor=world.users.admin, kind=fw.ongoing) is True
    assert not FollowupKind.objects.filter(pk=fw.ongoing.pk).exists()
    assert ChangeLogEntry.objects.filter(object_id=str(fw.ongoing.pk), action="delete").exists()


def test_delete_with_meetings_takes_out_of_use(world, fw):
    count = fw.one.meetings.count()
    assert followup_kind_delete(actor=world.users.admin, kind=fw.one) is False
    fw.one.refresh_from_db()
    assert fw.one.active is False
    assert fw.one.meetings.count() == count
    with pytest.raises(ValidationError) as info:
        followup_meetings_generate(
            actor=None,
            municipality=world.ishoj,
            school_year=2026,
            kinds=[fw.one],
            host=world.users.admin,
        )
    assert messages(info.value) == {
        "kinds": ["1:1-samtale er ikke i brug og giver derfor ingen møder."]
    }
    assert FollowupMeeting.objects.filter(school_year=2026).count() == 0


def test_update_is_logged_with_before_and_after(world, fw):
    followup_kind_update(actor=world.users.admin, kind=fw.team, duration_minutes=120)
    entry = ChangeLogEntry.objects.filter(object_id=str(fw.team.pk), action="update").latest("pk")
    assert entry.before["duration_minutes"] == 90
    assert entry.after["duration_minutes"] == 120
    assert dt.timedelta(0) <= timezone.now() - entry.created_at < dt.timedelta(minutes=1)
