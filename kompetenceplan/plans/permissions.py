"""Who may see and change plans and initiatives (the gate's scopes).

Administrators and consultants see every plan of their municipality, drafts
included; everyone else reads adopted plans. Consultants edit the initiatives
they are responsible for; administrators edit everything.
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import (
    Action,
    municipality_q,
    register_scope,
    shared_data_scope,
)

from .choices import PlanStatus
from .models import Beacon, FocusArea, Initiative, Method, Plan, PlanSection, Policy, Principle

PLANNERS = (Role.ADMINISTRATOR, Role.CONSULTANT)


def _plan_q(user: User, prefix: str = "") -> Q:
    own = municipality_q(user, f"{prefix}municipality")
    if user.role in PLANNERS:
        return own
    return own & Q(**{f"{prefix}status": PlanStatus.ADOPTED})


@register_scope(Plan)
def plan_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return _plan_q(user)
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None


@register_scope(Initiative)
def initiative_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return _plan_q(user, "plan__")
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user, "plan__municipality")
    if user.role == Role.CONSULTANT and action == Action.CHANGE:
        return municipality_q(user, "plan__municipality") & Q(responsible_user=user)
    return None


def _child_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return _plan_q(user, "plan__")
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user, "plan__municipality")
    return None


for _model in (FocusArea, Beacon, Principle, PlanSection):
    register_scope(_model)(_child_scope)


#: The municipality's policies: everyone reads them; administrators change them.
register_scope(Policy)(shared_data_scope)


#: The municipality's methods, as its policies: never another municipality's (ADR 0013).
register_scope(Method)(shared_data_scope)
