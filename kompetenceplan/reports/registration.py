"""What reports contributes to core (called from ReportsConfig.ready()):
the document buttons on the plan page."""

from kompetenceplan.core import registry
from kompetenceplan.plans.models import Plan


def plan_document_buttons_context(request, plan: Plan) -> dict:
    return {"plan": plan}


def register() -> None:
    registry.object_panels.register(
        registry.ObjectPanel(
            name="reports.plan_documents",
            model=Plan,
            slot="documents",
            template="reports/includes/plan_document_buttons.html",
            context=plan_document_buttons_context,
            order=100,
        )
    )
