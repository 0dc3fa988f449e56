"""Who may see and order documents (the gate's scopes).

Anyone who may view a plan may order a document of it. A job is seen by users
of its own municipality who may still view its plan, so a job for a draft plan
stays hidden from those who cannot read drafts.
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.permissions import Action, municipality_q, register_scope, restrict
from kompetenceplan.plans.models import Plan

from .models import DocumentJob


@register_scope(DocumentJob)
def document_job_scope(user: User, action: str) -> Q | None:
    if action == Action.VIEW:
        visible_plans = restrict(Plan.objects.all(), user, Action.VIEW).values("pk")
        return municipality_q(user) & Q(plan__in=visible_plans)
    if action == Action.ADD:
        # Narrowed further by the plan: the view fetches it through the gate.
        return municipality_q(user)
    return None
