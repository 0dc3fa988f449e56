"""Follow-up meetings as calendar events (the calendar's event-source
contract: docs/calendar.md). Private by design (docs/followup.md, "Kalender og
ICS"):

- a meeting is an event only **for its participants**: in their calendar
  pages, their personal feed and their own municipality feed (each user's feed
  address is their own). An administrator who does not take part sees it on
  the follow-up pages, not in the calendar;
- never in an institution's calendar or feed (``institution`` given: a
  calendar shared by the institution's leaders and the administration), and
  never for the system (``user=None``: ``export_calendar`` writes a
  municipality's shared feed);
- a cancelled meeting stays, with STATUS:CANCELLED (its ``sequence`` raised);
- the title's "(n/N)" is computed like the pages' (``selectors.with_numbers``);
- the event carries the title, time, place and a link, never the agenda or the
  notes (a feed address is a capability URL that may be forwarded).

Two queries for any period: the meetings, and their schools' sectors are not
needed (schools only), so the participants' filter is a subquery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from kompetenceplan.calendar.choices import EventStatus
from kompetenceplan.calendar.events import CalendarEvent

from .models import FollowupMeeting
from .permissions import participant_q
from .selectors import with_numbers


def meeting_uid(meeting: FollowupMeeting, municipality_code: str) -> str:
    """Stable across every change of the meeting (Outlook replaces the event)."""
    return f"followup-{meeting.pk}@{municipality_code}.kompetenceplan.dk"


def meeting_events(
    *,
    municipality: Any,
    start: datetime,
    end: datetime,
    user: Any = None,
    person: Any = None,
    institution: Any = None,
    personal: bool = False,
) -> Iterator[CalendarEvent]:
    if user is None or getattr(user, "pk", None) is None or institution is not None:
        return
    meetings = (
        with_numbers(FollowupMeeting.objects.all())
        .filter(
            participant_q(user),
            municipality=municipality,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("kind", "institution")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        yield CalendarEvent(
            uid=meeting_uid(meeting, municipality.code),
            sequence=meeting.sequence,
            title=meeting.display_title,
            status=EventStatus.CANCELLED if meeting.cancelled else EventStatus.CONFIRMED,
            start=meeting.starts_at,
            end=meeting.ends_at,
            location=meeting.location,
            description=_("Opfølgningsmøde (%(kind)s). Dagsorden og noter står på mødesiden.")
            % {"kind": meeting.kind.get_category_display()},
            kind=str(_("Opfølgningsmøde")),
            institution_ids=(meeting.institution_id,) if meeting.institution_id else (),
            sectors=("school",),
            link=reverse("followup:meeting_detail", args=[meeting.pk]),
            last_modified=meeting.updated_at,
        )
