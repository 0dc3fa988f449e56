"""Who may see and manage networks (the gate's scopes; docs/permissions.md
and docs/networks.md, "Rettigheder").

- The list of networks (name, kind, coordinator's title): everyone in the
  municipality (``VIEW``), so anyone can find the network of their subject.
- A network's page, its members, meetings and annual wheel (``OPEN``): the
  municipality's administrators and consultants; the network's coordinator;
  its members (a user linked to a member's staff record); leaders of the
  institutions its members represent or work at. Another network answers 404.
- Managing a network (members, meetings, wheel; ``CHANGE``): administrators
  and consultants of the municipality, and the network's coordinator.
- Creating and deleting networks: administrators and consultants.
- The calendar shows a meeting to whoever may open its network.
"""

from __future__ import annotations

from django.db.models import Q, Subquery

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope
from kompetenceplan.organisation.models import Employment
from kompetenceplan.organisation.permissions import current_employments_q
from kompetenceplan.plans.permissions import PLANNERS

from .models import Meeting, Membership, Network, WheelEntry

#: Open a network's page (members, meetings, annual wheel).
OPEN = "open"


def network_open_q(user: User, prefix: str = "") -> Q:
    """The networks whose page ``user`` may open (see the module docstring)."""
    own = municipality_q(user, f"{prefix}municipality")
    if user.role in PLANNERS:
        return own
    mine = Q(coordinator=user)
    if user.person_id:
        mine |= Q(memberships__person_id=user.person_id)
    if user.role == Role.LEADER and user.institution_ids:
        institutions = list(user.institution_ids)
        working_there = Employment.objects.filter(
            current_employments_q(), institution_id__in=institutions
        ).values("person_id")
        mine |= Q(memberships__institution_id__in=institutions) | Q(
            memberships__person_id__in=Subquery(working_there)
        )
    return own & Q(**{f"{prefix}pk__in": Subquery(_ids(mine))})


def _ids(q: Q):
    return Network.objects.filter(q).values("pk")


def network_manage_q(user: User, prefix: str = "") -> Q | None:
    own = municipality_q(user, f"{prefix}municipality")
    if user.role in PLANNERS:
        return own
    if user.role == Role.COORDINATOR:
        return own & Q(**{f"{prefix}coordinator": user})
    return None


@register_scope(Network)
def network_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return municipality_q(user)
    if action == OPEN:
        if user.role == Role.VIEWER:
            return None  # the committee reads the list, not the networks' pages
        return network_open_q(user)
    if action == Action.CHANGE:
        return network_manage_q(user)
    if action in (Action.ADD, Action.DELETE):
        return municipality_q(user) if user.role in PLANNERS else None
    return None


def _part_scope(user: User, action: str) -> Q | None:
    """Members, meetings and wheel entries: seen with their network's page,
    written by those who manage the network."""
    if action in (Action.VIEW, Action.EXPORT, OPEN):
        if user.role == Role.VIEWER:
            return None
        return network_open_q(user, "network__")
    if action in (Action.ADD, Action.CHANGE, Action.DELETE):
        return network_manage_q(user, "network__")
    return None


for _model in (Membership, Meeting, WheelEntry):
    register_scope(_model)(_part_scope)
