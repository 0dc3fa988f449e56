"""The permission matrix of the evaluation's pages (kompetenceplan/testing/matrix.py,
docs/permissions.md, docs/evaluation.md):

- results and their exports: administrators, consultants, leaders and viewers
  of the municipality (aggregated and anonymous); staff and coordinators 403;
  Horsens' cohort, initiative and focus area 404;
- survey templates and questions: the planners; the settings: administrators;
- the answer page: public, reached with the personal token (an unknown token 404).
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kompetenceplan.evaluation.models import EvaluationSettings, Question, SurveyTemplate
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

from .factories import LIKERT, SECRET, make_eval_world

pytestmark = pytest.mark.django_db

READERS = {"admin", "consultant", "leader", "viewer"}
PLANNERS = {"admin", "consultant"}


@pytest.fixture
def objects(world):
    return SimpleNamespace(**vars(world), **vars(make_eval_world(world)))


def templates_state(o):
    return (
        list(SurveyTemplate.objects.values_list("name", "kind", "active")),
        list(Question.objects.values_list("text", "kind", "position")),
        list(EvaluationSettings.objects.values_list("transfer_months", flat=True)),
    )


def results_cases(name, url, other, label):
    return [
        Case(
            name,
            url=url,
            allowed=READERS,
            forbidden=ALL_ROLES - READERS,
            contains=SECRET,
            absent=["Horsens "],
            other_municipality_url=other,
        ),
        Case(
            name,
            label="csv",
            url=lambda o: url(o) + "?export=csv",
            allowed=READERS,
            forbidden=ALL_ROLES - READERS,
            contains=LIKERT,
            other_municipality_url=lambda o: other(o) + "?export=csv",
        ),
        Case(
            name,
            label="xlsx",
            url=lambda o: url(o) + "?export=xlsx",
            allowed=READERS,
            forbidden=ALL_ROLES - READERS,
            other_municipality_url=lambda o: other(o) + "?export=xlsx",
        ),
    ]


def template_data(o):
    return {"name": "Nyt skema", "kind": "formative", "intro": "", "transfer_months": ""}


def question_data(o):
    return {"text": "Nyt spørgsmål", "kind": "likert", "required": "on", "position": 3}


CASES = [
    Case(
        "evaluation:overview",
        url=reverse("evaluation:overview"),
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
        contains="Sproghold 1",
        absent=["Horsens-hold"],
    ),
    *results_cases(
        "evaluation:cohort_results",
        lambda o: reverse("evaluation:cohort_results", args=[o.cohort.pk]),
        lambda o: reverse("evaluation:cohort_results", args=[o.h_cohort.pk]),
        "cohort",
    ),
    *results_cases(
        "evaluation:initiative_results",
        lambda o: reverse("evaluation:initiative_results", args=[o.initiative.pk]),
        lambda o: reverse("evaluation:initiative_results", args=[o.h_initiative.pk]),
        "initiative",
    ),
    *results_cases(
        "evaluation:focus_area_results",
        lambda o: reverse("evaluation:focus_area_results", args=[o.area.pk]),
        lambda o: reverse("evaluation:focus_area_results", args=[o.h_area.pk]),
        "focus area",
    ),
    Case(
        "evaluation:template_list",
        url=reverse("evaluation:template_list"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Skema summative",
        absent=["Horsens Skema"],
    ),
    Case(
        "evaluation:template_create",
        url=reverse("evaluation:template_create"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Nyt spørgeskema",
    ),
    Case(
        "evaluation:template_create",
        method="POST",
        url=reverse("evaluation:template_create"),
        data=template_data,
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
    ),
    Case(
        "evaluation:template_detail",
        url=lambda o: reverse("evaluation:template_detail", args=[o.template.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains=LIKERT,
        other_municipality_url=lambda o: reverse(
            "evaluation:template_detail", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:template_edit",
        url=lambda o: reverse("evaluation:template_edit", args=[o.template.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Redigér spørgeskema",
        other_municipality_url=lambda o: reverse(
            "evaluation:template_edit", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:template_edit",
        method="POST",
        url=lambda o: reverse("evaluation:template_edit", args=[o.template.pk]),
        data={"name": "Omdøbt", "kind": "summative", "intro": "", "active": "on"},
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
        other_municipality_url=lambda o: reverse(
            "evaluation:template_edit", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:template_delete",
        url=lambda o: reverse("evaluation:template_delete", args=[o.templates["formative"].pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Vil du slette spørgeskemaet",
        other_municipality_url=lambda o: reverse(
            "evaluation:template_delete", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:template_delete",
        method="POST",
        url=lambda o: reverse("evaluation:template_delete", args=[o.templates["formative"].pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
        other_municipality_url=lambda o: reverse(
            "evaluation:template_delete", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:question_create",
        url=lambda o: reverse("evaluation:question_create", args=[o.templates["formative"].pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Nyt spørgsmål",
        other_municipality_url=lambda o: reverse(
            "evaluation:question_create", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:question_create",
        method="POST",
        url=lambda o: reverse("evaluation:question_create", args=[o.templates["formative"].pk]),
        data=question_data,
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
        other_municipality_url=lambda o: reverse(
            "evaluation:question_create", args=[o.h_template.pk]
        ),
    ),
    Case(
        "evaluation:question_edit",
        url=lambda o: reverse("evaluation:question_edit", args=[o.question.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains=LIKERT,
        other_municipality_url=lambda o: reverse(
            "evaluation:question_edit", args=[o.h_question.pk]
        ),
    ),
    Case(
        "evaluation:question_edit",
        method="POST",
        url=lambda o: reverse("evaluation:question_edit", args=[o.question.pk]),
        data=question_data,
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
        other_municipality_url=lambda o: reverse(
            "evaluation:question_edit", args=[o.h_question.pk]
        ),
    ),
    Case(
        "evaluation:question_delete",
        url=lambda o: reverse("evaluation:question_delete", args=[o.question.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Vil du slette spørgsmålet?",
        other_municipality_url=lambda o: reverse(
            "evaluation:question_delete", args=[o.h_question.pk]
        ),
    ),
    Case(
        "evaluation:question_delete",
        method="POST",
        url=lambda o: reverse("evaluation:question_delete", args=[o.question.pk]),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        state=templates_state,
        other_municipality_url=lambda o: reverse(
            "evaluation:question_delete", args=[o.h_question.pk]
        ),
    ),
    Case(
        "evaluation:settings",
        url=reverse("evaluation:settings"),
        allowed={"admin"},
        forbidden=ALL_ROLES - {"admin"},
        contains="Transferopfølgning",
    ),
    Case(
        "evaluation:settings",
        method="POST",
        url=reverse("evaluation:settings"),
        data={"transfer_months": 6},
        allowed={"admin"},
        forbidden=ALL_ROLES - {"admin"},
        state=templates_state,
    ),
    Case(
        "evaluation:answer",
        url=lambda o: reverse("evaluation:answer", args=[o.token]),
        public=True,
        allowed=ALL_ROLES | {"horsens_admin"},
        contains="Sproghold 1",
    ),
    Case(
        "evaluation:answer",
        method="POST",
        url=lambda o: reverse("evaluation:answer", args=[o.token]),
        data=lambda o: {f"q{q.pk}": "4" for q in o.template.questions.filter(kind="likert")},
        public=True,
        allowed=ALL_ROLES | {"horsens_admin"},
    ),
    Case(
        "evaluation:answer",
        label="unknown token",
        url=reverse("evaluation:answer", args=["ukendt-token"]),
        public=True,
        ok_status=404,
        allowed=ALL_ROLES | {"horsens_admin"},
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
