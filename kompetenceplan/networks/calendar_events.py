"""The network meetings as calendar events (the calendar's event-source
contract: docs/calendar.md). Three queries for any period, whatever the number
of meetings: the meetings, the institutions their members represent, and the
institutions their members work at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse

from kompetenceplan.calendar.events import CalendarEvent
from kompetenceplan.core.permissions import Action, restrict
from kompetenceplan.organisation.permissions import current_employments_q

from .invitations import meeting_event, meeting_uid
from .models import Meeting, Membership


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
    meetings = Meeting.objects.filter(
        network__municipality=municipality, starts_at__lt=end, ends_at__gt=start
    ).select_related("network")
    if user is not None:
        meetings = restrict(meetings, user, Action.VIEW)
    if personal:
        mine = Q(pk__in=[])
        if person is not None:
            mine |= Q(network__memberships__person=person)
        if user is not None and getattr(user, "pk", None) is not None:
            mine |= Q(network__coordinator=user)
        meetings = meetings.filter(mine).distinct()
    rows = list(meetings.order_by("starts_at", "pk"))
    if not rows:
        return
    institutions = network_institutions({m.network_id for m in rows})
    for meeting in rows:
        network = meeting.network
        ids = tuple(sorted(institutions[network.pk]))
        if institution is not None and institution.pk not in ids:
            continue
        event = meeting_event(
            meeting,
            network,
            uid=meeting_uid(meeting, municipality.code),
            sequence=meeting.sequence,
        )
        yield replace(
            event,
            institution_ids=ids,
            link=reverse("networks:network_detail", args=[network.pk]),
        )


def network_institutions(network_ids: set[int]) -> dict[int, set[int]]:
    """The institutions a network concerns: those its members represent and
    those they work at now."""
    found: dict[int, set[int]] = defaultdict(set)
    for network_id, institution_id in Membership.objects.filter(
        network_id__in=network_ids, institution__isnull=False
    ).values_list("network_id", "institution_id"):
        found[network_id].add(institution_id)
    for network_id, institution_id in (
        Membership.objects.filter(
            current_employments_q("person__employments__"), network_id__in=network_ids
        )
        .values_list("network_id", "person__employments__institution_id")
        .distinct()
    ):
        found[network_id].add(institution_id)
    return found
