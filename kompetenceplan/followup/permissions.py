"""Who may see and change follow-up (docs/followup.md, docs/permissions.md).

- A meeting is seen by its participants (whatever their role) and by the
  municipality's administrators (the administration); everyone else gets 404.
- Agenda, notes, goals and linked initiatives are edited by the same people.
- Cancelling, reinstating and deleting a meeting (``DELETE``): the same
  people as editing it, i.e. the administration and the meeting's
  participants (its host, an administrator or consultant, and the school's
  leaders) - but only the roles that take part in follow-up at all: staff,
  coordinators and the committee's readers get 403.
- Generating a school year's meetings and the kinds with their cadence are the
  administrators' (``ADD`` on meetings; kinds are read by administrators only).
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope

from .models import FollowupKind, FollowupMeeting

#: Who takes part in follow-up at all (the navigation entry): the
#: administration, consultants and leaders. Staff, coordinators and the
#: committee's readers do not see the entry (the page answers them with an
#: empty list of their own meetings).
PARTICIPATE = "participate"
PARTICIPATING_ROLES = (Role.ADMINISTRATOR, Role.CONSULTANT, Role.LEADER)


def participant_q(user: User, prefix: str = "") -> Q:
    """The meetings ``user`` takes part in (a subquery: no duplicate rows)."""
    through = FollowupMeeting.participants.through
    return Q(
        **{f"{prefix}pk__in": through.objects.filter(user_id=user.pk).values("followupmeeting_id")}
    )


@register_scope(FollowupMeeting)
def meeting_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if action == PARTICIPATE:
        return own if user.role in PARTICIPATING_ROLES else None
    if user.role == Role.ADMINISTRATOR:
        return own
    if action in (Action.VIEW, Action.CHANGE, Action.EXPORT):
        return own & participant_q(user)
    if action == Action.DELETE and user.role in PARTICIPATING_ROLES:
        return own & participant_q(user)
    return None


@register_scope(FollowupKind)
def kind_scope(user: User, action: str) -> Q | None:
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None
