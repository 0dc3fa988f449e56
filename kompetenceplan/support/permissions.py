"""Who may see and handle requests to the resource team and substitute-fund
applications (the gate's scopes; docs/permissions.md and docs/support.md).

- Requests: a leader reads and writes those of their own institutions;
  administrators and consultants (the planners) those of the whole
  municipality. Only planners take the resource team's steps (``HANDLE``:
  accept, decline, plan, complete). Others see none. Another institution's or
  municipality's request answers 404.
- Applications: a leader reads those of their institutions and their own; a
  coordinator their own; planners all of the municipality. Leaders and
  coordinators apply (``ADD``); planners decide (``HANDLE``).
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope

from .models import ResourceRequest, SubstituteFundApplication

PLANNERS = (Role.ADMINISTRATOR, Role.CONSULTANT)
#: The resource team's steps on a request; the review of an application.
HANDLE = "handle"


@register_scope(ResourceRequest)
def resource_request_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if action == Action.DELETE:
        return None  # a request is declined or kept, never deleted
    if action == HANDLE:
        return own if user.role in PLANNERS else None
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER:
        return own & Q(institution_id__in=user.institution_ids)
    return None


@register_scope(SubstituteFundApplication)
def application_scope(user: User, action: str) -> Q | None:
    own = municipality_q(user)
    if action in (Action.DELETE, Action.CHANGE):
        return None  # decided through HANDLE, never edited or deleted
    if action == HANDLE:
        return own if user.role in PLANNERS else None
    if action == Action.ADD:
        return own if user.role in (Role.LEADER, Role.COORDINATOR) else None
    if user.role in PLANNERS:
        return own
    if user.role == Role.LEADER:
        return own & (Q(institution_id__in=user.institution_ids) | Q(applicant=user))
    if user.role == Role.COORDINATOR:
        return own & Q(applicant=user)
    return None


from .models import LocalPlan  # noqa: E402


@register_scope(LocalPlan)
def local_plan_scope(user: User, action: str) -> Q | None:
    """The institution's leader writes its local plans; administrators and
    consultants read all of the municipality's; nobody deletes one."""
    own = municipality_q(user)
    if action == Action.DELETE:
        return None
    if user.role == Role.LEADER:
        return own & Q(institution_id__in=user.institution_ids)
    if action in (Action.VIEW, Action.EXPORT) and user.role in PLANNERS:
        return own
    return None
