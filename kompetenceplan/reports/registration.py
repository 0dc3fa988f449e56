"""What reports contributes to core (called from ReportsConfig.ready()):
the document buttons on the plan page."""

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry
from kompetenceplan.plans.models import Plan


def plan_document_buttons_context(request, plan: Plan) -> dict:
    return {"plan": plan}


def register() -> None:
    from .models import DocumentJob

    registry.contribute(
        navigation=[
            (
                "committee_documents",
                _("Udvalgsmateriale"),
                "reports:committee_documents",
                900,
                "plan",
                DocumentJob,
            )
        ],
        object_panels=[
            (
                "reports.plan_documents",
                Plan,
                "documents",
                "reports/includes/plan_document_buttons.html",
                plan_document_buttons_context,
                100,
            )
        ],
    )
