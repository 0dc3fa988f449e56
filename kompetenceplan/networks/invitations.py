"""Calendar invitations for network meetings, through the cohorts' outbox
(:class:`~kompetenceplan.cohorts.outbox.Invitation`, ``session`` left empty)
and its sender (``cohorts.tasks.send_invitation`` -> ``invitations.deliver``,
and ``manage.py send_pending_invitations``). The outbox is generic enough:
a row carries its own UID, SEQUENCE, subject, body and .ics. Only the
recording is the networks' own (this module), as the cohorts' recording reads
sessions and enrolments.

- a meeting is created, moved or its agenda changed: METHOD:REQUEST to every
  member with an e-mail address;
- a meeting is cancelled: METHOD:CANCEL to those who hold its invitation;
- a member joins: REQUEST for each coming meeting; a member leaves: CANCEL
  for each coming meeting they hold.

SEQUENCE follows the cohorts' rule: the first message to a person carries the
meeting's ``sequence``; every later one ``max(meeting.sequence, last + 1)``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetenceplan.calendar.events import CalendarEvent
from kompetenceplan.calendar.ics import Party
from kompetenceplan.cohorts.invitations import (
    compose,
    enqueue,
    next_sequence,
    organizer_party,
    time_span,
)
from kompetenceplan.cohorts.outbox import Invitation, InvitationMethod
from kompetenceplan.core.formatting import long_date
from kompetenceplan.organisation.models import Person

from .models import Meeting, Network

logger = logging.getLogger(__name__)

REQUEST, CANCEL = InvitationMethod.REQUEST, InvitationMethod.CANCEL


def meeting_uid(meeting: Meeting, municipality_code: str) -> str:
    """Stable across every change of the meeting (calendars replace the event)."""
    return f"network-meeting-{meeting.pk}@{municipality_code}.kompetenceplan.dk"


def _members(network: Network) -> list[Person]:
    return list(Person.objects.filter(network_memberships__network=network).order_by("pk"))


def _network(meeting: Meeting) -> Network:
    return Network.objects.select_related("municipality", "coordinator").get(pk=meeting.network_id)


def record_for_meeting(meeting: Meeting) -> list[Invitation]:
    """A new or changed meeting: REQUEST to every member; a cancelled one:
    CANCEL to those holding its invitation."""
    if meeting.ends_at <= timezone.now():
        return []
    network = _network(meeting)
    if meeting.cancelled:
        uid = meeting_uid(meeting, network.municipality.code)
        holders = Person.objects.filter(
            pk__in=Invitation.objects.filter(uid=uid).values("person_id")
        ).order_by("pk")
        return _record(network, [meeting], list(holders), CANCEL)
    return _record(network, [meeting], _members(network), REQUEST)


def record_for_member(network: Network, person: Person, *, joined: bool) -> list[Invitation]:
    """A member joins (REQUEST for each coming meeting) or leaves (CANCEL)."""
    network = Network.objects.select_related("municipality", "coordinator").get(pk=network.pk)
    meetings = list(
        Meeting.objects.filter(network=network, cancelled=False, ends_at__gt=timezone.now())
        .select_for_update()
        .order_by("starts_at", "pk")
    )
    return _record(network, meetings, [person], REQUEST if joined else CANCEL)


def _record(
    network: Network, meetings: list[Meeting], people: list[Person], method: str
) -> list[Invitation]:
    if not meetings or not people:
        return []
    with_email = [p for p in people if p.email]
    if len(with_email) < len(people):
        logger.warning(
            "network %s: %s people have no e-mail address; no calendar %s",
            network.pk,
            len(people) - len(with_email),
            method,
        )
    uids = {m.pk: meeting_uid(m, network.municipality.code) for m in meetings}
    last: dict[tuple[str, int], Invitation] = {}
    for row in Invitation.objects.filter(
        uid__in=list(uids.values()), person_id__in=[p.pk for p in with_email]
    ).order_by("sequence", "id"):
        last[row.uid, row.person_id] = row
    organizer = _organizer(network)
    now = timezone.now()
    created = []
    for meeting in meetings:
        uid = uids[meeting.pk]
        for person in with_email:
            previous = last.get((uid, person.pk))
            if method == CANCEL and (previous is None or previous.method != REQUEST):
                continue  # not in their calendar
            sequence = next_sequence(meeting.sequence, previous)
            changed = previous is not None and previous.method == REQUEST
            row = _render(network, meeting, person, method, uid, sequence, organizer, now, changed)
            row.save()
            created.append(row)
    if created:
        ids = [row.pk for row in created]
        transaction.on_commit(lambda: enqueue(ids))
    return created


def _organizer(network: Network) -> Party:
    return organizer_party(network.coordinator)


def when(meeting: Meeting) -> str:
    return time_span(meeting.starts_at, meeting.ends_at)


def meeting_event(meeting: Meeting, network: Network, *, uid: str, sequence: int) -> CalendarEvent:
    """The meeting as the calendar and the invitations show it."""
    from kompetenceplan.calendar.choices import EventStatus

    return CalendarEvent(
        uid=uid,
        sequence=sequence,
        status=EventStatus.CANCELLED if meeting.cancelled else EventStatus.CONFIRMED,
        title=network.name,
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=meeting.place,
        online_url=meeting.online_url,
        description=meeting.agenda,
        kind=_("Netværksmøde"),
        sectors=(network.sector,),
        last_modified=meeting.updated_at,
    )


def _render(
    network: Network,
    meeting: Meeting,
    person: Person,
    method: str,
    uid: str,
    sequence: int,
    organizer: Party,
    now: datetime,
    changed: bool,
) -> Invitation:
    with translation.override(settings.LANGUAGE_CODE):
        event = meeting_event(meeting, network, uid=uid, sequence=sequence)
        values = {
            "network": network.name,
            "date": long_date(timezone.localtime(meeting.starts_at).date()),
            "when": when(meeting),
            "place": meeting.place or _("ikke oplyst"),
            "name": person.first_name,
        }
        if method == CANCEL:
            subject = _("Aflyst: %(network)s – %(date)s") % values
            if meeting.cancelled:
                lead = _("Netværksmødet %(when)s i %(network)s er aflyst.") % values
            else:
                lead = (
                    _(
                        "Du er ikke længere medlem af %(network)s, så mødet %(when)s "
                        "er taget ud af din kalender."
                    )
                    % values
                )
        else:
            if changed:
                subject = _("Ændret: %(network)s – %(date)s") % values
                lead = _("Netværksmødet i %(network)s er flyttet eller ændret.") % values
            else:
                subject = _("Invitation: %(network)s – %(date)s") % values
                lead = _("Du er medlem af %(network)s og inviteres til netværksmødet.") % values
            lead += "\n\n" + _("Tid: %(when)s\nSted: %(place)s") % values
            if meeting.agenda:
                lead += "\n\n" + _("Dagsorden:") + "\n" + meeting.agenda
    return compose(
        event,
        municipality_id=network.municipality_id,
        session=None,
        person=person,
        method=method,
        organizer=organizer,
        now=now,
        subject=subject,
        lead=lead,
    )
