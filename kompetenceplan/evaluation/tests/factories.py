"""A small evaluation world for the tests: :func:`make_eval_world`."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from kompetenceplan.cohorts.choices import EnrolmentStatus
from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.tests.factories import (
    aware,
    make_cohort,
    make_session,
    make_target_initiative,
)
from kompetenceplan.evaluation import services, tokens
from kompetenceplan.evaluation.choices import QuestionKind, SurveyKind
from kompetenceplan.evaluation.models import (
    Answer,
    Question,
    Survey,
    SurveyLink,
    SurveyResponse,
    SurveyTemplate,
)
from kompetenceplan.funding.tests.factories import make_plan
from kompetenceplan.plans.models import FocusArea
from kompetenceplan.testing.factories import make_person

SECRET = "Hemmelig fritekst"
LIKERT = "Forløbet var relevant for min praksis."
TEXT = "Hvad tog du med dig?"


def make_templates(municipality, prefix="") -> dict[str, SurveyTemplate]:
    out = {}
    for kind in SurveyKind.values:
        template = SurveyTemplate.objects.create(
            municipality=municipality, name=f"{prefix}Skema {kind}", kind=kind
        )
        Question.objects.create(
            template=template, position=1, kind=QuestionKind.LIKERT, text=f"{prefix}{LIKERT}"
        )
        Question.objects.create(
            template=template, position=2, kind=QuestionKind.TEXT, text=f"{prefix}{TEXT}"
        )
        out[kind] = template
    return out


def enrol(cohort, people, status=EnrolmentStatus.COMPLETED) -> None:
    for person in people:
        Enrolment.objects.create(
            cohort=cohort, person=person, status=status, status_changed_at=timezone.now()
        )


def answer(survey: Survey, count: int, *, texts: int | None = None, value: int = 4) -> None:
    """``count`` anonymous responses; ``texts`` of them (default all) with a free text."""
    likert, text = survey.template.questions.order_by("position")
    texts = count if texts is None else texts
    for index in range(count):
        response = SurveyResponse.objects.create(survey=survey)
        Answer.objects.create(response=response, question=likert, value=value)
        if index < texts:
            Answer.objects.create(response=response, question=text, text=f"{SECRET} {index}")


def make_eval_world(world, answers: int = 5) -> SimpleNamespace:
    """Ishøj's adopted plan with focus area "Sprog" and initiative 2.2, a held
    cohort (two sessions in September 2025) with six participants (Anne and
    five more at school A), the three templates, and its summative survey with
    ``answers`` responses (each with a Likert 4 and a free text). Horsens has
    the same, for the 404s."""
    plan = make_plan(world.ishoj)
    area = FocusArea.objects.create(plan=plan, number="1", title="Sprog")
    initiative = make_target_initiative(plan)
    initiative.focus_area = area
    initiative.save()
    cohort = make_cohort(initiative, "Sproghold 1", capacity=25)
    make_session(cohort, aware(2025, 9, 3))
    make_session(cohort, aware(2025, 9, 24))
    people = [world.person_a] + [
        make_person(world.school_a, first=f"Deltager{i}", last="Dahl") for i in range(5)
    ]
    enrol(cohort, people)
    templates = make_templates(world.ishoj)
    survey = services.survey_create(
        cohort=cohort,
        kind=SurveyKind.SUMMATIVE,
        template=templates[SurveyKind.SUMMATIVE],
        today=dt.date(2025, 9, 24),
    )
    answer(survey, answers)
    link = SurveyLink.objects.filter(survey=survey).order_by("person_id")[0]
    token = tokens.issue_token(link)
    link.save()
    survey.closes_on = None
    survey.save()

    h_plan = make_plan(world.horsens, "plan-h", title="Horsens-plan")
    h_area = FocusArea.objects.create(plan=h_plan, number="1", title="Horsens-område")
    h_initiative = make_target_initiative(h_plan, "1.1", title="Horsens-indsats")
    h_initiative.focus_area = h_area
    h_initiative.save()
    h_cohort = make_cohort(h_initiative, "Horsens-hold", capacity=25)
    make_session(h_cohort, aware(2025, 9, 3))
    h_templates = make_templates(world.horsens, prefix="Horsens ")
    h_survey = Survey.objects.create(
        municipality=world.horsens,
        cohort=h_cohort,
        kind=SurveyKind.SUMMATIVE,
        template=h_templates[SurveyKind.SUMMATIVE],
    )
    answer(h_survey, 6)
    return SimpleNamespace(
        plan=plan,
        area=area,
        initiative=initiative,
        cohort=cohort,
        people=people,
        templates=templates,
        template=templates[SurveyKind.SUMMATIVE],
        question=templates[SurveyKind.FORMATIVE].questions.first(),
        survey=survey,
        link=link,
        token=token,
        h_area=h_area,
        h_initiative=h_initiative,
        h_cohort=h_cohort,
        h_template=h_templates[SurveyKind.SUMMATIVE],
        h_question=h_templates[SurveyKind.FORMATIVE].questions.first(),
        h_survey=h_survey,
    )
