"""Pinned query counts of the evaluation's pages and selectors: they do not
grow with the number of cohorts, questions or answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.evaluation.choices import SurveyKind
from kompetenceplan.evaluation.models import Survey
from kompetenceplan.evaluation.selectors import group_result

from .factories import answer, make_eval_world

pytestmark = pytest.mark.django_db

PAGES = {
    # name: (url builder, role, queries)
    "overview": (lambda o: reverse("evaluation:overview"), "admin", 7),
    "cohort": (lambda o: reverse("evaluation:cohort_results", args=[o.cohort.pk]), "admin", 12),
    "cohort csv": (
        lambda o: reverse("evaluation:cohort_results", args=[o.cohort.pk]) + "?export=csv",
        "admin",
        11,
    ),
    "initiative": (
        lambda o: reverse("evaluation:initiative_results", args=[o.initiative.pk]),
        "leader",
        14,
    ),
    "focus area": (
        lambda o: reverse("evaluation:focus_area_results", args=[o.area.pk]),
        "viewer",
        13,
    ),
    "templates": (lambda o: reverse("evaluation:template_list"), "consultant", 8),
    "template": (
        lambda o: reverse("evaluation:template_detail", args=[o.template.pk]),
        "consultant",
        9,
    ),
    "answer": (lambda o: reverse("evaluation:answer", args=[o.token]), None, 2),
}


def _more(o):
    """More cohorts, surveys and answers: the counts must not move."""
    for index in range(3):
        cohort = make_cohort(o.initiative, f"Ekstra hold {index}", capacity=25)
        for kind in (SurveyKind.SUMMATIVE,):
            survey = Survey.objects.create(
                municipality_id=cohort.municipality_id,
                cohort=cohort,
                kind=kind,
                template=o.templates[kind],
            )
            answer(survey, 6)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("more", [False, True])
def test_page_queries(client, world, django_assert_num_queries, name, more):
    o = make_eval_world(world)
    if more:
        _more(o)
    url, role, count = PAGES[name]
    if role:
        client.force_login(getattr(world.users, role))
    target = url(o)
    client.get(target)  # warm the session and caches
    with django_assert_num_queries(count):
        assert client.get(target).status_code == 200


def test_group_result_queries(world):
    o = make_eval_world(world, answers=4)
    with CaptureQueriesContext(connection) as hidden:
        assert group_result(Survey.objects.filter(pk=o.survey.pk)).shown is False
    assert len(hidden) == 1  # the count only: nothing else is read
    answer(o.survey, 3)
    with CaptureQueriesContext(connection) as shown:
        assert group_result(Survey.objects.filter(pk=o.survey.pk)).shown is True
    assert len(shown) == 4  # count, questions, Likert counts, free texts
