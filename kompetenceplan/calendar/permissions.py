"""Who may use the calendar and which feeds (the gate's scopes).

Everyone signed in within a municipality sees its calendar (the event
sources narrow what each user sees). Feeds: the municipality calendar for
everyone, an institution's calendar for its leaders and the administrators,
the personal calendar for its owner. A user sees, renews and creates only
their own addresses.
"""

from typing import Any

from django.db.models import Q

from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope

from .choices import FeedKind
from .models import CalendarFeed


def feed_kinds_q(user: Any) -> Q:
    """The feeds ``user`` may hold, by kind (and institution)."""
    allowed = Q(kind=FeedKind.MUNICIPALITY) | Q(kind=FeedKind.PERSONAL)
    if user.role == Role.ADMINISTRATOR:
        allowed |= Q(kind=FeedKind.INSTITUTION)
    elif user.role == Role.LEADER:
        allowed |= Q(kind=FeedKind.INSTITUTION, institution_id__in=user.institution_ids)
    return allowed


@register_scope(CalendarFeed)
def calendar_feed_scope(user: Any, action: str) -> Q | None:
    if action == Action.VIEW:
        # The calendar pages are gated on VIEW: everyone in the municipality.
        return municipality_q(user) & Q(owner=user) & feed_kinds_q(user)
    if action in (Action.ADD, Action.CHANGE):
        return municipality_q(user) & Q(owner=user) & feed_kinds_q(user)
    return None
