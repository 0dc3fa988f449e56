"""Who may see and change funding (the gate's scopes).

- Sources, their amounts and earmarks (the budget pages) are read by everyone
  in the municipality: the amounts are those of the published plans. Only
  administrators change them. (A user without a municipality gets 403.)
- Allocations are read by whoever reads their initiative (everyone in the
  municipality for adopted plans, administrators and consultants for drafts
  too); administrators add, change and delete every allocation, consultants
  those of the initiatives they are responsible for. Balances always count
  every allocation of a source, also those the reader cannot list.
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope
from kompetenceplan.plans.choices import PlanStatus
from kompetenceplan.plans.permissions import PLANNERS

from .models import Allocation, Earmark, FundingBudget, FundingSource


@register_scope(FundingSource)
def source_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT):
        return municipality_q(user)
    if user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None


@register_scope(FundingBudget)
def budget_scope(user: User, action: str) -> Q | None:
    q = source_scope(user, action)
    return None if q is None else Q(source__municipality_id=user.municipality_id)


@register_scope(Earmark)
def earmark_scope(user: User, action: str) -> Q | None:
    q = source_scope(user, action)
    return None if q is None else Q(source__municipality_id=user.municipality_id)


@register_scope(Allocation)
def allocation_scope(user: User, action: str) -> Q | None:
    own = Q(source__municipality_id=user.municipality_id)
    if action in (Action.VIEW, Action.EXPORT):
        if user.role in PLANNERS:
            return own
        return own & Q(initiative__plan__status=PlanStatus.ADOPTED)
    if user.role == Role.ADMINISTRATOR:
        return own
    if user.role == Role.CONSULTANT:
        return own & Q(initiative__responsible_user=user)
    return None
