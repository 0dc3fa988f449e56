"""Who may see and change the evaluation (docs/evaluation.md, docs/permissions.md).

- Survey templates and their questions: the planners (administrators and
  consultants) read and manage them.
- The settings (months to the transfer follow-up): planners read them,
  administrators change them.
- Results (Survey: view, export): administrators, consultants, leaders and
  viewers of the municipality. Results are aggregated, and every result of
  fewer than five answers is hidden (selectors.MIN_GROUP).
- The answer links, responses and answers are never listed: the answer page
  is reached with the personal token only.
"""

from django.db.models import Q

from kompetenceplan.accounts.models import User
from kompetenceplan.core.choices import Role
from kompetenceplan.core.permissions import Action, municipality_q, register_scope
from kompetenceplan.plans.permissions import PLANNERS

from .models import (
    Answer,
    EvaluationSettings,
    Question,
    Survey,
    SurveyLink,
    SurveyResponse,
    SurveyTemplate,
)

RESULT_READERS = (*PLANNERS, Role.LEADER, Role.VIEWER)


@register_scope(SurveyTemplate)
def template_scope(user: User, action: str) -> Q | None:
    return municipality_q(user) if user.role in PLANNERS else None


@register_scope(Question)
def question_scope(user: User, action: str) -> Q | None:
    return municipality_q(user, "template__municipality") if user.role in PLANNERS else None


@register_scope(EvaluationSettings)
def settings_scope(user: User, action: str) -> Q | None:
    if action == Action.VIEW and user.role in PLANNERS:
        return municipality_q(user)
    if action == Action.CHANGE and user.role == Role.ADMINISTRATOR:
        return municipality_q(user)
    return None


@register_scope(Survey)
def survey_scope(user: User, action: str) -> Q | None:
    if action in (Action.VIEW, Action.EXPORT) and user.role in RESULT_READERS:
        return municipality_q(user)
    return None


def _nobody(user: User, action: str) -> Q | None:
    return None


for _model in (SurveyLink, SurveyResponse, Answer):
    register_scope(_model)(_nobody)
