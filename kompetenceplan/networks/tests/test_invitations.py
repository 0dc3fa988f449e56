"""Invitations to the members on create, change and cancel, through the
cohorts' outbox and sender (networks/invitations.py): one e-mail with an
iTIP .ics per member, the SEQUENCE rising with each message, a member who
joins gets the coming meetings and one who leaves gets them cancelled."""

import pytest
from django.core import mail
from icalendar import Calendar

from kompetenceplan.cohorts.outbox import Invitation
from kompetenceplan.networks import services

from .conftest import soon

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def ics_of(message):
    (content, mimetype) = message.alternatives[0]
    assert mimetype.startswith("text/calendar; method=")
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    return cal, event


def test_a_new_meeting_invites_every_member(world, nw, django_capture_on_commit_callbacks):
    world.users.coordinator.email = "tovholder@ishoj.dk"
    world.users.coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_create(
            actor=world.users.coordinator,
            network=nw.network,
            starts_at=soon(40),
            ends_at=soon(40, 16),
            place="Ishøjgård",
            agenda="1. Læsning i fagene",
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.person_a.email, world.person_b.email]
    )
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation: Læsevejledernetværk – ")
    assert "Sted: Ishøjgård" in message.body and "1. Læsning i fagene" in message.body
    cal, event = ics_of(message)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"network-meeting-{meeting.pk}@183.kompetenceplan.dk"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["ORGANIZER"]) == "mailto:tovholder@ishoj.dk"
    assert Invitation.objects.filter(uid=str(event["UID"]), sent_at__isnull=False).count() == 2


def test_a_change_and_a_cancellation_reach_the_members(
    world, nw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=None,
            meeting=nw.meeting,
            starts_at=soon(35),
            ends_at=soon(35, 16),
            place="Ishøjgård",
        )
    assert len(mail.outbox) == 2
    cal, event = ics_of(mail.outbox[0])
    assert mail.outbox[0].subject.startswith("Ændret: Læsevejledernetværk")
    assert str(cal["METHOD"]) == "REQUEST" and int(event["SEQUENCE"]) == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=None, meeting=nw.meeting)
    assert len(mail.outbox) == 2
    cal, event = ics_of(mail.outbox[0])
    assert mail.outbox[0].subject.startswith("Aflyst: Læsevejledernetværk")
    assert str(cal["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 2


def test_a_member_who_joins_gets_the_coming_meetings_and_who_leaves_loses_them(
    world, nw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_add(
            actor=None, network=nw.network, person=world.person_a2, institution=world.school_a
        )
    (message,) = mail.outbox
    assert message.to == [world.person_a2.email]
    assert str(ics_of(message)[0]["METHOD"]) == "REQUEST"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(actor=None, membership=membership)
    (message,) = mail.outbox
    cal, event = ics_of(message)
    assert str(cal["METHOD"]) == "CANCEL" and int(event["SEQUENCE"]) == 1
    assert "ikke længere medlem" in message.body


def test_a_rolled_back_change_sends_nothing(world, nw, django_capture_on_commit_callbacks):
    from django.db import transaction

    count = Invitation.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.meeting_create(
            actor=None, network=nw.network, starts_at=soon(50), ends_at=soon(50, 16)
        )
        raise RuntimeError
    assert Invitation.objects.count() == count and mail.outbox == []
