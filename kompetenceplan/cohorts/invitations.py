"""Calendar invitations by e-mail (issue 8, item 8), through the outbox
(:class:`~kompetenceplan.cohorts.outbox.Invitation`).

The cohorts' services call the ``record_*`` functions inside their
transaction; each writes the outbox rows (subject, body and the .ics rendered
now) and asks ``transaction.on_commit`` to enqueue ``send_invitation`` for
them. A rolled-back write therefore sends nothing, and :func:`deliver` sends a
row only once (row lock, ``sent_at``).

- a person gets a seat (enrolled, approved, promoted): METHOD:REQUEST for each
  of the cohort's coming sessions;
- a seated person is cancelled (or declined): METHOD:CANCEL for each coming
  session they hold an invitation to;
- a session is added, or moved (new time or place, ``sequence`` raised):
  REQUEST to every seated participant; a session is deleted: CANCEL to those
  who hold its invitation.

SEQUENCE: the first message about a session to a person carries the session's
``sequence``; every later one ``max(session.sequence, last sent + 1)``, so it
rises with every message to that person for that UID. People without an e-mail
address are skipped (and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetenceplan.accounts.models import User
from kompetenceplan.calendar.events import CalendarEvent
from kompetenceplan.calendar.ics import Party, invitation
from kompetenceplan.core.formatting import long_date
from kompetenceplan.organisation.models import Person

from .calendar_events import session_uid
from .choices import SEATED_STATUSES
from .models import Cohort, Enrolment, Session
from .outbox import Invitation, InvitationMethod

logger = logging.getLogger(__name__)

#: Notice kinds that give the person a seat, and those that take it away.
SEAT_GIVEN = ("enrolled", "promoted")
SEAT_TAKEN = ("cancelled", "declined")

REQUEST, CANCEL = InvitationMethod.REQUEST, InvitationMethod.CANCEL


# --- recording (inside the service's transaction) -------------------------------------


def record_for_enrolment(kind: str, enrolment: Enrolment) -> list[Invitation]:
    """A REQUEST per coming session when ``kind`` seats the person, a CANCEL
    per coming session they were invited to when it unseats them."""
    if kind not in SEAT_GIVEN and kind not in SEAT_TAKEN:
        return []
    cohort = Cohort.objects.select_related("municipality", "initiative", "responsible_user").get(
        pk=enrolment.cohort_id
    )
    # Locked like session_update locks them, so the SEQUENCEs read below cannot
    # be raced by a concurrent move of the same session.
    sessions = list(
        Session.objects.select_for_update()
        .filter(cohort=cohort, ends_at__gt=timezone.now())
        .order_by("starts_at", "pk")
    )
    person = Person.objects.get(pk=enrolment.person_id)
    method = REQUEST if kind in SEAT_GIVEN else CANCEL
    reason = "" if method == REQUEST else "unenrolled"
    return _record(cohort, sessions, [person], method, reason)


def record_for_session(session: Session) -> list[Invitation]:
    """A new or moved session: REQUEST to every seated participant."""
    if session.ends_at <= timezone.now():
        return []
    cohort = _cohort(session)
    return _record(cohort, [session], _seated(cohort), REQUEST, "")


def record_for_session_delete(session: Session) -> list[Invitation]:
    """A deleted session: CANCEL to everyone holding its invitation (call
    before the delete)."""
    if session.ends_at <= timezone.now():
        return []
    cohort = _cohort(session)
    holders = Person.objects.filter(
        pk__in=Invitation.objects.filter(uid=_uid(session, cohort)).values("person_id")
    ).order_by("pk")
    return _record(cohort, [session], list(holders), CANCEL, "deleted")


def _cohort(session: Session) -> Cohort:
    return Cohort.objects.select_related("municipality", "initiative", "responsible_user").get(
        pk=session.cohort_id
    )


def _seated(cohort: Cohort) -> list[Person]:
    return list(
        Person.objects.filter(
            enrolments__cohort=cohort, enrolments__status__in=SEATED_STATUSES
        ).order_by("pk")
    )


def _uid(session: Session, cohort: Cohort) -> str:
    return session_uid(session, cohort.municipality.code)


def _last_sent(uids: Iterable[str], person_ids: Iterable[int]) -> dict[tuple[str, int], Invitation]:
    """The latest outbox row per (uid, person): one query."""
    last: dict[tuple[str, int], Invitation] = {}
    rows = Invitation.objects.filter(uid__in=list(uids), person_id__in=list(person_ids)).order_by(
        "sequence", "id"
    )
    for row in rows:
        last[row.uid, row.person_id] = row
    return last


def _record(
    cohort: Cohort, sessions: list[Session], people: list[Person], method: str, reason: str
) -> list[Invitation]:
    if not sessions or not people:
        return []
    with_email = [p for p in people if p.email]
    skipped = len(people) - len(with_email)
    if skipped:
        logger.warning(
            "cohort %s: %s calendar %s skipped, %s people have no e-mail address",
            cohort.pk,
            len(sessions) * skipped,
            method,
            skipped,
        )
    uids = {s.pk: _uid(s, cohort) for s in sessions}
    last = _last_sent(uids.values(), [p.pk for p in with_email])
    organizer = _organizer(cohort)
    now = timezone.now()
    created = []
    for session in sessions:
        uid = uids[session.pk]
        for person in with_email:
            previous = last.get((uid, person.pk))
            if method == CANCEL and (previous is None or previous.method != REQUEST):
                continue  # they do not have it in their calendar
            sequence = next_sequence(session.sequence, previous)
            changed = previous is not None and previous.method == REQUEST
            row = _render(
                cohort, session, person, method, uid, sequence, organizer, now, reason, changed
            )
            row.save()
            created.append(row)
    if created:
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: enqueue(ids))
    return created


# --- shared with the other apps that send invitations (networks) ---------------------


def next_sequence(current: int, previous: Invitation | None) -> int:
    """The SEQUENCE of a new message: the event's own, and always above the
    last one the recipient got, so Outlook replaces rather than duplicates."""
    return current if previous is None else max(current, previous.sequence + 1)


def enqueue(ids: list[int]) -> None:
    """Hand the recorded invitations to the task queue (call after commit)."""
    from .tasks import send_invitation

    for pk in ids:
        send_invitation.enqueue(pk)


def organizer_party(user: User | None) -> Party:
    """The ORGANIZER: the responsible user when they have an e-mail address,
    else the installation's sender."""
    if user is not None and user.email:
        return Party(user.email, user.get_full_name() or user.username)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Party(address, name or "Kompetenceplan")


def time_span(starts_at: datetime, ends_at: datetime) -> str:
    """'3. marts 2027 kl. 09.00–15.00' in Danish time."""
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    text = f"{long_date(start.date())} kl. {start:%H.%M}–"
    if end.date() != start.date():
        text += f"{long_date(end.date())} kl. "
    return text + f"{end:%H.%M}"


def compose(
    event: CalendarEvent,
    *,
    municipality_id: int,
    session: Session | None,
    person: Person,
    method: str,
    organizer: Party,
    now: datetime,
    subject: str,
    lead: str,
) -> Invitation:
    """The unsaved invitation of ``person`` to ``event``: the .ics (REQUEST, or
    CANCEL) and the Danish letter around ``lead``. Cohorts and networks write
    only their subject and lead; the letter and the outbox row are this."""
    with translation.override(settings.LANGUAGE_CODE):
        ics = invitation(
            event,
            organizer=organizer,
            attendees=[Party(person.email, person.full_name)],
            cancel=method == CANCEL,
            now=now,
        )
        body = "\n\n".join(
            [
                _("Hej %(name)s") % {"name": person.first_name},
                lead,
                _("Invitationen er vedhæftet, så din kalender opdateres."),
                _("Venlig hilsen\nKompetenceplan"),
            ]
        )
    return Invitation(
        municipality_id=municipality_id,
        session=session,
        person=person,
        email=person.email,
        method=method,
        uid=event.uid,
        sequence=event.sequence,
        subject=subject[:255],
        body=body,
        ics=ics.decode("utf-8"),
    )


def _organizer(cohort: Cohort) -> Party:
    return organizer_party(cohort.responsible_user)


def _when(session: Session) -> str:
    return time_span(session.starts_at, session.ends_at)


def _render(
    cohort: Cohort,
    session: Session,
    person: Person,
    method: str,
    uid: str,
    sequence: int,
    organizer: Party,
    now: datetime,
    reason: str,
    changed: bool,
) -> Invitation:
    initiative = cohort.initiative
    description = initiative.title
    if session.practice_after:
        description += "\n\n" + session.practice_after
    event = CalendarEvent(
        uid=uid,
        sequence=sequence,
        title=cohort.name,
        start=session.starts_at,
        end=session.ends_at,
        location=session.place or cohort.place,
        online_url=session.online_url,
        description=description,
        kind=str(session.get_kind_display()),
        initiative_id=initiative.pk,
        initiative_title=initiative.title,
    )
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "cohort": cohort.name,
            "date": long_date(timezone.localtime(session.starts_at).date()),
            "when": _when(session),
            "place": event.location or _("ikke oplyst"),
            "initiative": initiative.title,
            "name": person.first_name,
        }
        if method == CANCEL:
            subject = _("Aflyst: %(cohort)s – %(date)s") % values
            if reason == "deleted":
                lead = _("Kursusgangen %(when)s på %(cohort)s er aflyst.") % values
            else:
                lead = (
                    _(
                        "Du er ikke længere tilmeldt %(cohort)s, så kursusgangen %(when)s "
                        "er taget ud af din kalender."
                    )
                    % values
                )
        else:
            if changed:
                subject = _("Ændret: %(cohort)s – %(date)s") % values
                lead = _("Kursusgangen på %(cohort)s er flyttet eller ændret.") % values
            else:
                subject = _("Invitation: %(cohort)s – %(date)s") % values
                lead = _("Du er tilmeldt %(cohort)s (%(initiative)s).") % values
            lead += "\n\n" + _("Tid: %(when)s\nSted: %(place)s") % values
    return compose(
        event,
        municipality_id=cohort.municipality_id,
        session=session,
        person=person,
        method=method,
        organizer=organizer,
        now=now,
        subject=subject,
        lead=lead,
    )


def deliver(invitation_id: int) -> bool:
    """Send one outbox row unless it was sent already; True when sent now.
    The row stays locked while the mail goes out, so two workers cannot both
    send it; a failure is kept in ``error`` and the row stays unsent."""
    with transaction.atomic():
        row = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if row is None or row.sent_at is not None:
            return False
        message = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.email],
            headers={"Content-Class": "urn:content-classes:calendarmessage"},
        )
        # Outlook reads the invitation from a text/calendar part with the method.
        message.attach_alternative(row.ics, f"text/calendar; method={row.method}")
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - any transport error is kept on the row
            logger.exception("invitation %s to %s not sent", row.pk, row.email)
            row.error = str(exc)[:2000] or exc.__class__.__name__
            row.save(update_fields=["error"])
            return False
        row.sent_at = timezone.now()
        row.error = ""
        row.save(update_fields=["sent_at", "error"])
    return True


# --- re-sending (manage.py send_pending_invitations, from cron) ------------------------

#: Rows younger than this are left to the task their commit enqueued.
RESEND_AFTER = timedelta(minutes=5)
#: Rows older than this are given up: reported, never sent.
RESEND_WITHIN = timedelta(days=7)


def pending_invitations(
    *,
    now: datetime | None = None,
    min_age: timedelta = RESEND_AFTER,
    max_age: timedelta = RESEND_WITHIN,
) -> QuerySet[Invitation]:
    """The outbox rows to send again, oldest first: not sent (failed, or their
    task never ran), written between ``max_age`` and ``min_age`` ago, about a
    session that is not over (a deleted session's CANCEL counts), and not
    superseded by a later message to the person about the same event (a
    higher SEQUENCE: that one carries the news, the old one would be out of
    date)."""
    moment = now or timezone.now()
    later = Invitation.objects.filter(
        uid=OuterRef("uid"), person_id=OuterRef("person_id"), sequence__gt=OuterRef("sequence")
    )
    return (
        Invitation.objects.filter(
            sent_at__isnull=True,
            created_at__lte=moment - min_age,
            created_at__gt=moment - max_age,
        )
        .filter(Q(session__isnull=True) | Q(session__ends_at__gt=moment))
        .exclude(Exists(later))
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class ResendResult:
    sent: int  # sent now
    failed: int  # tried and still unsent (the error is on the row)
    given_up: int  # unsent and older than max_age: not tried


def send_pending_invitations(
    *,
    now: datetime | None = None,
    min_age: timedelta = RESEND_AFTER,
    max_age: timedelta = RESEND_WITHIN,
) -> ResendResult:
    """Send the :func:`pending_invitations` now, one by one through
    :func:`deliver` (row lock, ``sent_at``): a row a worker sends meanwhile is
    not sent again, and a second run finds nothing left to send."""
    moment = now or timezone.now()
    ids = list(
        pending_invitations(now=moment, min_age=min_age, max_age=max_age).values_list(
            "pk", flat=True
        )
    )
    sent = sum(1 for pk in ids if deliver(pk))
    failed = Invitation.objects.filter(pk__in=ids, sent_at__isnull=True).count()
    given_up = Invitation.objects.filter(
        sent_at__isnull=True, created_at__lte=moment - max_age
    ).count()
    if failed or given_up:
        logger.warning(
            "invitations: %s re-sent, %s failed again, %s unsent older than %s",
            sent,
            failed,
            given_up,
            max_age,
        )
    return ResendResult(sent=sent, failed=failed, given_up=given_up)
