"""Calendar invitations through the outbox: one REQUEST per coming session when
a person gets a seat, a higher SEQUENCE when a session moves, CANCEL when the
seat or the session goes; sent once, never for a rolled-back write."""

import datetime as dt
import io
import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from kompetenceplan.cohorts import services
from kompetenceplan.cohorts.calendar_events import session_uid
from kompetenceplan.cohorts.invitations import deliver
from kompetenceplan.cohorts.models import Session
from kompetenceplan.cohorts.outbox import Invitation
from kompetenceplan.cohorts.tasks import send_invitation

from .factories import make_session

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    settings.TASKS = IMMEDIATE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def coming(world, cw):
    """Two coming sessions of the cohort (the fixture's own is in the past);
    the consultant is responsible for the cohort (the ORGANIZER)."""
    world.users.consultant.email = "konsulent@ishoj.dk"
    world.users.consultant.save()
    cw.cohort.responsible_user = world.users.consultant
    cw.cohort.save()
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    first = make_session(cw.cohort, start=start)
    second = make_session(cw.cohort, start=start + dt.timedelta(days=7), place="Rådhuset")
    return [first, second]


def ics_of(message):
    (content, mimetype) = message.alternatives[0]
    assert mimetype.startswith("text/calendar; method=")
    cal = Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    return cal, event


def nominate(world, cw, person, callbacks):
    with callbacks(execute=True):
        return services.enrolment_nominate(
            actor=world.users.consultant, cohort=cw.cohort, person=person
        )


def test_a_seat_sends_one_request_per_coming_session(
    world, cw, coming, django_capture_on_commit_callbacks
):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    uids = set()
    for message, session in zip(mail.outbox, coming, strict=True):
        assert message.to == [world.person_a.email]
        assert message.subject.startswith(f"Invitation: {cw.cohort.name} – ")
        cal, event = ics_of(message)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == session_uid(session, world.ishoj.code)
        assert int(event["SEQUENCE"]) == 0
        assert str(event["ORGANIZER"]) == "mailto:konsulent@ishoj.dk"
        assert str(event["ATTENDEE"]) == f"mailto:{world.person_a.email}"
        uids.add(str(event["UID"]))
        raw = message.message().as_string()
        assert 'Content-Type: text/calendar; method="REQUEST"; charset="utf-8"' in raw
    assert len(uids) == 2
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2


def test_a_moved_session_sends_a_request_with_a_higher_sequence(
    world, cw, coming, django_capture_on_commit_callbacks
):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    session = coming[0]
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=world.users.consultant,
            session=session,
            starts_at=session.starts_at + dt.timedelta(hours=1),
            ends_at=session.ends_at + dt.timedelta(hours=1),
            place="Ishøjgård",
        )
    (message,) = mail.outbox
    cal, event = ics_of(message)
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == session_uid(session, world.ishoj.code)
    assert int(event["SEQUENCE"]) == 1
    assert message.subject.startswith("Ændret: ")
    # A change that is neither time nor place tells nobody.
    mail.outbox.clear()
    session.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=world.users.consultant,
            session=session,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            place=session.place,
            practice_after="Læs kapitel 2.",
        )
    assert mail.outbox == []


def test_cancel_sends_cancel_with_a_higher_sequence_and_the_next_gets_requests(
    world, cw, coming, django_capture_on_commit_callbacks
):
    enrolment = nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    nominate(world, cw, world.person_a2, django_capture_on_commit_callbacks)
    nominate(world, cw, world.person_b, django_capture_on_commit_callbacks)  # waitlisted
    assert {m.to[0] for m in mail.outbox} == {world.person_a.email, world.person_a2.email}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=world.users.consultant, enrolment=enrolment)
    cancels = [m for m in mail.outbox if m.to == [world.person_a.email]]
    promoted = [m for m in mail.outbox if m.to == [world.person_b.email]]
    assert len(cancels) == 2 and len(promoted) == 2
    for message in cancels:
        cal, event = ics_of(message)
        assert str(cal["METHOD"]) == "CANCEL"
        assert int(event["SEQUENCE"]) == 1  # the REQUEST had 0
        assert message.subject.startswith("Aflyst: ")
    assert {str(ics_of(m)[0]["METHOD"]) for m in promoted} == {"REQUEST"}


def test_sequence_rises_for_every_message_to_a_person(
    world, cw, coming, django_capture_on_commit_callbacks
):
    enrolment = nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=world.users.consultant, enrolment=enrolment)
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    uid = session_uid(coming[0], world.ishoj.code)
    history = list(
        Invitation.objects.filter(uid=uid, person=world.person_a).values_list("method", "sequence")
    )
    assert history == [("REQUEST", 0), ("CANCEL", 1), ("REQUEST", 2)]


def test_a_deleted_session_sends_cancel_to_the_seated(
    world, cw, coming, django_capture_on_commit_callbacks
):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    uid = session_uid(coming[1], world.ishoj.code)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_delete(actor=world.users.consultant, session=coming[1])
    (message,) = mail.outbox
    cal, event = ics_of(message)
    assert (str(cal["METHOD"]), str(event["UID"]), int(event["SEQUENCE"])) == ("CANCEL", uid, 1)
    assert Invitation.objects.get(method="CANCEL").session is None


def test_a_new_session_invites_the_seated(world, cw, coming, django_capture_on_commit_callbacks):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    start = coming[1].starts_at + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_create(
            actor=world.users.consultant,
            cohort=cw.cohort,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=3),
        )
    (message,) = mail.outbox
    assert str(ics_of(message)[0]["METHOD"]) == "REQUEST"


def test_sent_once_however_often_the_task_runs(
    world, cw, coming, django_capture_on_commit_callbacks
):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    for row in Invitation.objects.all():
        assert deliver(row.pk) is False
        send_invitation.enqueue(row.pk)
    assert len(mail.outbox) == 2


def test_a_failed_send_is_kept_and_can_be_sent_later(
    world, cw, coming, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "kompetenceplan.cohorts.tests.test_invitations.BrokenBackend"
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    row = Invitation.objects.first()
    assert row.sent_at is None and "nede" in row.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(row.pk) is True
    row.refresh_from_db()
    assert row.sent_at is not None and row.error == ""


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP-serveren er nede")


def test_a_rolled_back_write_sends_nothing(world, cw, coming, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.enrolment_nominate(
            actor=world.users.consultant, cohort=cw.cohort, person=world.person_a
        )
        raise RuntimeError("rollback")
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_waitlisted_and_people_without_email_get_nothing(
    world, cw, coming, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO, logger="kompetenceplan.cohorts.invitations")
    world.person_a.email = ""
    world.person_a.save()
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert "no e-mail address" in caplog.text
    nominate(world, cw, world.person_a2, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    nominate(world, cw, world.person_b, django_capture_on_commit_callbacks)  # waitlisted
    assert mail.outbox == []


def test_past_sessions_are_not_sent(world, cw, django_capture_on_commit_callbacks):
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    assert mail.outbox == []


# --- re-sending: manage.py send_pending_invitations ------------------------------------


def resend(*args):
    out = io.StringIO()
    call_command("send_pending_invitations", *args, stdout=out)
    return out.getvalue().strip()


def age(minutes=10, **filters):
    """Make the outbox rows older (as the cron job would find them later)."""
    Invitation.objects.filter(**filters).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes)
    )


def test_failed_and_never_sent_invitations_are_sent_once(
    world, cw, coming, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "kompetenceplan.cohorts.tests.test_invitations.BrokenBackend"
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)  # failed
    with django_capture_on_commit_callbacks(execute=False):  # the task never ran
        services.enrolment_nominate(
            actor=world.users.consultant, cohort=cw.cohort, person=world.person_a2
        )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    rows = Invitation.objects.order_by("pk")
    assert [(r.person_id, bool(r.error), r.sent_at) for r in rows] == [
        (world.person_a.pk, True, None),
        (world.person_a.pk, True, None),
        (world.person_a2.pk, False, None),
        (world.person_a2.pk, False, None),
    ]
    # Just written: left to the queue.
    assert resend() == "0 kalenderinvitationer sendt, 0 fejlede igen, 0 opgivet (ældre end 7 dage)."
    age()
    assert resend("--dry-run") == "4 kalenderinvitationer venter på at blive sendt."
    assert mail.outbox == []
    assert resend() == "4 kalenderinvitationer sendt, 0 fejlede igen, 0 opgivet (ældre end 7 dage)."
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.person_a.email] * 2 + [world.person_a2.email] * 2
    )
    assert not Invitation.objects.filter(sent_at__isnull=True).exists()
    assert set(Invitation.objects.values_list("error", flat=True)) == {""}
    # A second run sends nothing, and neither does the task.
    assert resend() == "0 kalenderinvitationer sendt, 0 fejlede igen, 0 opgivet (ældre end 7 dage)."
    for row in Invitation.objects.all():
        send_invitation.enqueue(row.pk)
    assert len(mail.outbox) == 4


def test_a_failing_resend_is_counted_and_kept(
    world, cw, coming, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "kompetenceplan.cohorts.tests.test_invitations.BrokenBackend"
    nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    age()
    assert resend() == "0 kalenderinvitationer sendt, 2 fejlede igen, 0 opgivet (ældre end 7 dage)."
    assert Invitation.objects.filter(sent_at__isnull=True, error__contains="nede").count() == 2
    # A week later it is given up, not sent.
    age(minutes=8 * 24 * 60)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert resend() == "0 kalenderinvitationer sendt, 0 fejlede igen, 2 opgivet (ældre end 7 dage)."
    assert mail.outbox == []


def test_only_the_latest_message_of_a_change_is_resent(
    world, cw, coming, django_capture_on_commit_callbacks, settings
):
    """Invited and cancelled while the mail was down: only the CANCELs go (the
    REQUESTs are out of date); a session that is over gets nothing."""
    settings.EMAIL_BACKEND = "kompetenceplan.cohorts.tests.test_invitations.BrokenBackend"
    enrolment = nominate(world, cw, world.person_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_cancel(actor=world.users.consultant, enrolment=enrolment)
    nominate(world, cw, world.person_a2, django_capture_on_commit_callbacks)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Anne's REQUEST 0 and CANCEL 1 for both sessions; Bo's REQUEST 0 for both.
    assert Invitation.objects.filter(sent_at__isnull=True).count() == 6
    age()
    # The second session is over by now (moved into the past): nothing about it.
    Session.objects.filter(pk=coming[1].pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert resend() == "2 kalenderinvitationer sendt, 0 fejlede igen, 0 opgivet (ældre end 7 dage)."
    sent = sorted(
        (m.to[0], str(ics_of(m)[0]["METHOD"]), int(ics_of(m)[1]["SEQUENCE"])) for m in mail.outbox
    )
    assert sent == sorted(
        [
            (world.person_a.email, "CANCEL", 1),
            (world.person_a2.email, "REQUEST", 0),
        ]
    )
    assert resend() == "0 kalenderinvitationer sendt, 0 fejlede igen, 0 opgivet (ældre end 7 dage)."
