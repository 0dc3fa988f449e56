"""What evaluation contributes to core: the "Evaluering" and
"Spørgeskemaer" navigation entries, the panels on the initiative and
cohort pages and the demo (docs/evaluation.md)."""

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


def cohort_evaluation_context(request, cohort) -> dict | None:
    """The cohort page's evaluation panel (slot "evaluation"): per survey the
    links sent, when it closes and, from five answers, the number of answers
    and a link to the results. Only for those who may read results; nothing
    when the cohort has no survey. One query."""
    from kompetenceplan.core.permissions import Action, can

    from .selectors import cohort_survey_status

    if not can(request.user, Survey, Action.VIEW):
        return None
    statuses = cohort_survey_status(user=request.user, cohort=cohort)
    return {"cohort": cohort, "statuses": statuses} if statuses else None


def _load_demo(run: registry.DemoRun) -> None:
    from . import demo

    demo.load(run)


def register() -> None:
    from kompetenceplan.cohorts.models import Cohort
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
            ),
            (
                "evaluation.cohort_evaluation",
                Cohort,
                "evaluation",
                "evaluation/panels/cohort_evaluation.html",
                cohort_evaluation_context,
                100,
            ),
        ],
        demo_loaders=[("evaluation", _load_demo, 900)],
    )
