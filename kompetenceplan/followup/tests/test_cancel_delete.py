"""Cancelling, reinstating and deleting a single meeting, what generating the
year again does with them, and the "(n/N)" computed for display
(docs/followup.md, "Aflysning, sletning og nummerering")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.calendar.services import feed_create
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.followup import selectors
from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.services import (
    followup_kind_update,
    followup_meeting_cancel,
    followup_meeting_delete,
    followup_meeting_reinstate,
    followup_meeting_update,
    followup_meetings_generate,
)
from kompetenceplan.followup.views import current_school_year

pytestmark = pytest.mark.django_db
#: The next school year: every meeting still to come, and within the feeds'
#: two years ahead (the fixture's 2025/26 is over: every meeting held).
COMING = current_school_year() + 1
BASE = "1:1-samtale – Skole A"


@pytest.fixture
def coming(world, fw):
    followup_meetings_generate(
        actor=None,
        municipality=world.ishoj,
        school_year=COMING,
        kinds=[fw.one],
        host=world.users.admin,
    )
    return list(FollowupMeeting.objects.filter(kind=fw.one, school_year=COMING).order_by("slot"))


def titles(user):
    return [m.display_title for m in selectors.meetings_of(user=user, school_year=COMING)]


def test_numbers_are_computed_in_date_order(world, coming):
    assert [m.title for m in coming] == [BASE] * 6
    assert titles(world.users.leader) == [f"{BASE} ({n}/6)" for n in range(1, 7)]
    # A kind met once a year has no number.
    assert selectors.meetings_of(user=world.users.leader, school_year=2025).filter(
        kind__times_max=1
    )[0].display_title in ("Lokal evaluering – Skole A", "Kommunal evaluering")


def test_lowered_cadence_cancel_delete_and_regenerate_renumber(world, fw, coming):
    admin = world.users.admin
    first, second, third, fourth, fifth, sixth = coming
    followup_meeting_update(actor=admin, meeting=fifth, data={"notes": "Aftalt"})
    # 6 -> 4: this year's sixth (empty, coming) goes, its fifth (notes) stays,
    # as do 2025/26's fifth and sixth (held): 1 removed, 3 kept.
    result = followup_kind_update(actor=admin, kind=fw.one, times_min=4, times_max=4)
    assert (result.removed, result.kept) == (1, 3)
    assert titles(admin) == [f"{BASE} ({n}/5)" for n in range(1, 6)]
    # Cancelled: no number of its own, the others close ranks.
    followup_meeting_cancel(actor=admin, meeting=second, reason="Sygdom")
    assert titles(admin) == [
        f"{BASE} (1/4)",
        BASE,
        f"{BASE} (2/4)",
        f"{BASE} (3/4)",
        f"{BASE} (4/4)",
    ]
    followup_meeting_delete(actor=admin, meeting=third)
    assert titles(admin) == [f"{BASE} (1/3)", BASE, f"{BASE} (2/3)", f"{BASE} (3/3)"]
    # Generating again: the cancelled slot counts as existing (not recreated),
    # the deleted one is created anew, the kept fifth beyond the cadence stays.
    again = followup_meetings_generate(
        actor=admin, municipality=world.ishoj, school_year=COMING, kinds=[result.kind], host=admin
    )
    assert (again.created, again.existing) == (1, 3)
    slots = sorted(
        FollowupMeeting.objects.filter(kind=fw.one, school_year=COMING).values_list(
            "slot", "cancelled"
        )
    )
    assert [(s.rsplit(":", 1)[1], c) for s, c in slots] == [
        ("1", False),
        ("2", True),
        ("3", False),
        ("4", False),
        ("5", False),
    ]
    assert titles(admin) == [
        f"{BASE} (1/4)",
        BASE,
        f"{BASE} (2/4)",
        f"{BASE} (3/4)",
        f"{BASE} (4/4)",
    ]


def test_cancel_and_reinstate(world, coming):
    meeting = coming[0]
    with pytest.raises(ValidationError, match="Skriv kort, hvorfor mødet aflyses"):
        followup_meeting_cancel(actor=world.users.leader, meeting=meeting, reason="  ")
    with pytest.raises(ValidationError, match="Mødet er ikke aflyst"):
        followup_meeting_reinstate(actor=world.users.leader, meeting=meeting)
    done = followup_meeting_cancel(actor=world.users.leader, meeting=meeting, reason="Sygdom")
    assert (done.cancelled, done.cancel_reason, done.sequence) == (True, "Sygdom", 1)
    with pytest.raises(ValidationError, match="Mødet er allerede aflyst"):
        followup_meeting_cancel(actor=world.users.leader, meeting=meeting, reason="Igen")
    back = followup_meeting_reinstate(actor=world.users.admin, meeting=meeting)
    assert (back.cancelled, back.cancel_reason, back.sequence) == (False, "", 2)
    entries = ChangeLogEntry.objects.filter(object_id=str(meeting.pk)).order_by("pk")
    assert [e.note for e in entries][-2:] == ["Mødet er aflyst", "Aflysningen er fortrudt"]


def test_held_meetings_cannot_be_cancelled_or_deleted(world, fw):
    held = fw.meeting  # 2025/26: over
    with pytest.raises(ValidationError, match="afholdt .* kan ikke længere aflyses"):
        followup_meeting_cancel(actor=world.users.admin, meeting=held, reason="Sygdom")
    with pytest.raises(ValidationError, match="afholdt .* kan ikke længere slettes"):
        followup_meeting_delete(actor=world.users.admin, meeting=held)
    assert FollowupMeeting.objects.filter(pk=held.pk, cancelled=False).exists()


def test_delete_refuses_a_meeting_with_contents(world, fw, coming):
    meeting = coming[0]
    followup_meeting_update(
        actor=world.users.admin,
        meeting=meeting,
        data={"notes": "Aftalt", "initiatives": [fw.initiative]},
    )
    with pytest.raises(ValidationError) as caught:
        followup_meeting_delete(actor=world.users.admin, meeting=meeting)
    assert caught.value.messages == [
        "Mødet kan ikke slettes, fordi det har noter og tilknyttede indsatser. "
        "Aflys mødet i stedet, så det bliver stående som aflyst."
    ]
    empty = coming[1]
    followup_meeting_cancel(actor=world.users.admin, meeting=empty, reason="Sygdom")
    followup_meeting_delete(actor=world.users.admin, meeting=empty)
    assert not FollowupMeeting.objects.filter(pk=empty.pk).exists()
    assert ChangeLogEntry.objects.filter(object_id=str(empty.pk), action="delete").exists()


def test_cancelled_meeting_in_the_feed_and_the_pages(client, world, coming):
    meeting = coming[0]
    followup_meeting_cancel(actor=world.users.admin, meeting=meeting, reason="Sygdom")
    feed = feed_create(actor=world.users.leader, kind=FeedKind.PERSONAL, institution=None)
    ics = client.get(reverse("calendar:feed", args=[feed.token])).content.decode()
    uid = f"UID:followup-{meeting.pk}@183.kompetenceplan.dk"
    unfolded = ics.replace("\r\n ", "")
    block = next(b for b in unfolded.split("BEGIN:VEVENT") if uid in b)
    assert "STATUS:CANCELLED" in block
    assert "SEQUENCE:1" in block
    # The others are confirmed, numbered without the cancelled one.
    assert unfolded.count("STATUS:CANCELLED") == 1
    assert f"SUMMARY:{BASE} (1/5)" in unfolded
    client.force_login(world.users.leader)
    listing = client.get(reverse("followup:meeting_list") + f"?skoleaar={COMING}")
    assert f'<del><a href="/opfoelgning/{meeting.pk}/">{BASE}</a></del>' in listing.content.decode()
    page = client.get(reverse("followup:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Mødet er aflyst" in page and "Sygdom" in page
    assert "Genoptag mødet" in page and "Aflys mødet</a>" not in page


def test_confirm_pages_and_messages(client, world, fw, coming, django_assert_num_queries):
    client.force_login(world.users.leader)
    meeting = coming[0]
    for name in ("followup:meeting_cancel", "followup:meeting_delete"):
        with django_assert_num_queries(10):
            page = client.get(reverse(name, args=[meeting.pk]))
        assert page.status_code == 200
    assert "oprettes mødet på ny" in page.content.decode()
    refused = client.post(reverse("followup:meeting_cancel", args=[meeting.pk]), {"reason": ""})
    assert "Skriv kort, hvorfor mødet aflyses." in refused.content.decode()
    followup_meeting_update(actor=world.users.admin, meeting=meeting, data={"goals": "Trivsel"})
    refused = client.post(reverse("followup:meeting_delete", args=[meeting.pk]))
    assert "fordi det har mål. Aflys mødet i stedet" in refused.content.decode()
    done = client.post(reverse("followup:meeting_cancel", args=[meeting.pk]), {"reason": "Syg"})
    assert done.status_code == 302
    with django_assert_num_queries(10):
        page = client.get(reverse("followup:meeting_reinstate", args=[meeting.pk]))
    assert "Syg" in page.content.decode()
    deleted = client.post(reverse("followup:meeting_delete", args=[coming[1].pk]))
    assert deleted.url == reverse("followup:meeting_list")
