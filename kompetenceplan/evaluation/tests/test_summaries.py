"""initiative_summaries: the status report's evaluation of many initiatives at
once, behind the same anonymity rule as group_result and evaluation_summary,
in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kompetenceplan.cohorts.tests.factories import make_cohort, make_target_initiative
from kompetenceplan.evaluation.choices import SurveyKind
from kompetenceplan.evaluation.models import Survey
from kompetenceplan.evaluation.selectors import (
    evaluation_summary,
    group_result,
    group_results,
    initiative_summaries,
)

from .factories import LIKERT, answer, make_eval_world

pytestmark = pytest.mark.django_db


def _survey(o, initiative, name, answers, value, *, school_year="2025/26", kind=None):
    kind = kind or SurveyKind.SUMMATIVE
    cohort = make_cohort(initiative, name, capacity=25, school_year=school_year)
    survey = Survey.objects.create(
        municipality=o.plan.municipality, cohort=cohort, kind=kind, template=o.templates[kind]
    )
    answer(survey, answers, value=value)
    return survey


def _world(world):
    """2.2 (make_eval_world): 5 answers of 4, plus a cohort of 3 answers of 1
    (left out: under five on its own). 3.1: 6 answers of 2 and 7 of 5 in two
    cohorts -> (6*2 + 7*5) / 13 = 3.6. 3.2: 4 answers (hidden). 3.3: no
    survey. 3.4: 9 answers, but of the formative survey and of 2024/25 only."""
    o = make_eval_world(world, answers=5)
    _survey(o, o.initiative, "Lille hold", 3, 1)
    one = make_target_initiative(o.plan, "3.1", title="En")
    _survey(o, one, "En A", 6, 2)
    _survey(o, one, "En B", 7, 5)
    two = make_target_initiative(o.plan, "3.2", title="To")
    _survey(o, two, "To A", 4, 5)
    three = make_target_initiative(o.plan, "3.3", title="Tre")
    four = make_target_initiative(o.plan, "3.4", title="Fire")
    _survey(o, four, "Fire A", 9, 5, kind=SurveyKind.FORMATIVE)
    _survey(o, four, "Fire B", 9, 5, school_year="2024/25")
    return o, [o.initiative, one, two, three, four]


def test_the_summaries_are_the_hand_computed_ones(world):
    o, initiatives = _world(world)
    ids = [i.pk for i in initiatives]
    with CaptureQueriesContext(connection) as queries:
        summaries = initiative_summaries(ids, school_year="2025/26")
    assert len(queries) == 4  # responses, answer counts, questions, free texts
    first, one, two, three, four = (summaries[pk] for pk in ids)
    assert (first.responses, first.mean, first.questions) == (5, 4.0, [(LIKERT, 4.0)])
    assert (one.responses, one.mean) == (13, 3.6)
    assert two is None and three is None and four is None
    # The same as evaluation_summary one initiative at a time.
    for initiative in initiatives:
        assert summaries[initiative.pk] == evaluation_summary(
            initiative=initiative, school_year="2025/26"
        )


def test_group_results_are_group_result_per_group(world):
    o, initiatives = _world(world)
    surveys = Survey.objects.filter(kind=SurveyKind.SUMMATIVE, cohort__school_year="2025/26")
    groups = group_results(surveys, by="cohort__initiative_id", kind=SurveyKind.SUMMATIVE)
    for initiative in initiatives:
        alone = group_result(
            surveys.filter(cohort__initiative=initiative), kind=SurveyKind.SUMMATIVE
        )
        got = groups.get(initiative.pk)
        if got is None:
            assert not alone.shown
        else:
            assert got == alone
    assert groups[o.initiative.pk].left_out is True  # the cohort of three


def test_nothing_shown_is_one_query(world):
    o = make_eval_world(world, answers=4)
    with CaptureQueriesContext(connection) as queries:
        assert initiative_summaries([o.initiative.pk], school_year="2025/26") == {
            o.initiative.pk: None
        }
    assert len(queries) == 1
    assert initiative_summaries([], school_year="2025/26") == {}
