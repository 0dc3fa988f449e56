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
from kompetenceplan.core.permissions import Action, register_scope, shared_data_scope
from kompetenceplan.plans.choices import PlanStatus
from kompetenceplan.plans.permissions import PLANNERS

from .models import Allocation, Earmark, FundingBudget, FundingSource

#: Everyone sees the municipality's sources; administrators change them.
source_scope = register_scope(FundingSource)(shared_data_scope)


def source_part_scope(user: User, action: str) -> Q | None:
    """A source's amounts and earmarks: as the source."""
    q = source_scope(user, action)
    return None if q is None else Q(source__municipality_id=user.municipality_id)


for _model in (FundingBudget, Earmark):
    register_scope(_model)(source_part_scope)


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
