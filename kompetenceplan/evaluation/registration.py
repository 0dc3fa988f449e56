"""What evaluation contributes to core: the "Evaluering" and
"Spørgeskemaer" navigation entries and the demo (docs/evaluation.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kompetenceplan.core import registry

from .models import Survey, SurveyTemplate

NAVIGATION = (
    ("evaluation", _("Evaluering"), "evaluation:overview", 420, "followup", Survey),
    (
        "evaluation_templates",
        _("Spørgeskemaer"),
        "evaluation:template_list",
        430,
        "administration",
        SurveyTemplate,
    ),
)


def initiative_evaluation_context(request, initiative) -> dict | None:
    """The initiative page's evaluation panel (slot "cohorts", after the
    cohorts): per school year and kind the number of answers, behind the
    five-answer rule, and a link to the results. Nothing when none."""
    from kompetenceplan.core.permissions import Action, can

    from .selectors import initiative_evaluations

    if not can(request.user, Survey, Action.VIEW):
        return None
    rows = initiative_evaluations(user=request.user, initiative=initiative)
    return {"initiative": initiative, "rows": rows} if rows else None


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def register() -> None:
    from kompetenceplan.plans.models import Initiative

    registry.contribute(
        navigation=NAVIGATION,
        object_panels=[
            (
                "evaluation.initiative_evaluation",
                Initiative,
                "cohorts",
                "evaluation/panels/initiative_evaluation.html",
                initiative_evaluation_context,
                200,
            )
        ],
        demo_loaders=[("evaluation", _load_demo, 900)],
    )
