"""Who may see and change funding (the gate's scopes)."""

from django.db.models import Q

from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope

from .models import Allocation, Earmark, FundingBudget, FundingSource


@register_scope(FundingSource)
def source_scope(user, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return municipality_q(user)
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None


@register_scope(FundingBudget)
def budget_scope(user, action: str) -> Q | None:
    q = source_scope(user, action)
    return None if q is None else Q(source__municipality_id=user.municipality_id)


@register_scope(Earmark)
def earmark_scope(user, action: str) -> Q | None:
    q = source_scope(user, action)
    return None if q is None else Q(source__municipality_id=user.municipality_id)


@register_scope(Allocation)
def allocation_scope(user, action: str) -> Q | None:
    own = Q(source__municipality_id=user.municipality_id)
    if action in (Action.VIEW, Action.EXPORT):
        return own
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.CONSULTANT:
        return own & Q(initiative__responsible_user=user)
    return None
