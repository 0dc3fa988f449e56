"""The overviews' small world (docs/overviews.md)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kompetenceplan.cohorts import rollouts
from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.coverage.selectors import current_school_year
from kompetenceplan.evaluation.models import Survey, SurveyLink
from kompetenceplan.evaluation.tests.factories import answer, make_templates
from kompetenceplan.funding.tests.factories import make_initiative, make_plan
from kompetenceplan.organisation.models import JobRole
from kompetenceplan.support.tests.conftest import make_application, make_request
from kompetenceplan.testing.factories import make_institution, make_person


def enrol(cohort, person, status):
    return Enrolment.objects.create(
        cohort=cohort, person=person, status=status, status_changed_at=timezone.now()
    )


def make_overview_world(world) -> SimpleNamespace:
    """Ishøj: a cohort this school year with Anne (school A) awaiting approval,
    Bo (school A) and Carl (school B) enrolled; school A has a sent and a draft
    request and an application awaiting review, school B an accepted request;
    a daycare with nothing. Horsens: Dorte enrolled, a sent request."""
    users = world.users
    plan = make_plan(world.ishoj)
    initiative = make_initiative(plan, "1.1", title="Læsning")
    cohort = make_cohort(initiative, "Hold 1", capacity=10, school_year=current_school_year())
    h_plan = make_plan(world.horsens, "plan-h", title="Horsens-plan")
    h_cohort = make_cohort(
        make_initiative(h_plan, "1.1"), "Horsens-hold", school_year=current_school_year()
    )
    return SimpleNamespace(
        cohort=cohort,
        daycare=make_institution(world.ishoj, "Børnehuset", kind="dagtilbud", sector="daycare"),
        anne=enrol(cohort, world.person_a, "requested"),
        bo=enrol(cohort, world.person_a2, "enrolled"),
        carl=enrol(cohort, world.person_b, "enrolled"),
        dorte=enrol(h_cohort, world.person_h, "enrolled"),
        sent_a=make_request(world.school_a, users.leader, "submitted", title="Trivsel A"),
        draft_a=make_request(world.school_a, users.leader, title="Kladde A"),
        accepted_b=make_request(world.school_b, users.admin, "accepted", title="Trivsel B"),
        h_request=make_request(world.school_h, users.horsens_admin, "submitted"),
        application=make_application(world.school_a, users.leader),
    )


@pytest.fixture
def ow(world):
    return SimpleNamespace(**vars(world), **vars(make_overview_world(world)))


def survey(cohort, kind, template, closes_on, participants, answers):
    """A survey with a sent link per participant and ``answers`` responses."""
    made = Survey.objects.create(
        municipality=cohort.initiative.plan.municipality,
        cohort=cohort,
        kind=kind,
        template=template,
        closes_on=closes_on,
    )
    for person in participants:
        SurveyLink.objects.create(survey=made, person=person, sent_at=timezone.now())
    answer(made, answers)
    return made


def add_evaluations_and_rollout(ow) -> SimpleNamespace:
    """On top of :func:`make_overview_world`: "Hold 1" (Læsning) has its
    midway survey open, sent to Bo and Carl, 1 answer (hidden). "Hold 2"
    (Matematik, this school year): Bo and five pædagoger of the daycare
    completed; its end survey closed yesterday, sent to the six, 5 answers
    (shown). Læsning has a rollout target: the schools' teachers, four school
    years from this one (school A: Anne and Bo, Bo reached; school B: Carl,
    reached; the daycare is outside)."""
    today = timezone.localdate()
    templates = make_templates(ow.ishoj)
    math = make_initiative(ow.cohort.initiative.plan, "1.2", title="Matematik")
    second = make_cohort(math, "Hold 2", capacity=10, school_year=current_school_year())
    pedagogues = [
        make_person(ow.daycare, first=f"Pæd{n}", last="Dagtilbud", role="Pædagog") for n in range(5)
    ]
    for person in (ow.person_a2, *pedagogues):
        enrol(second, person, "completed")
    midway = survey(
        ow.cohort,
        "formative",
        templates["formative"],
        today + dt.timedelta(days=10),
        [ow.person_a2, ow.person_b],
        1,
    )
    end = survey(
        second,
        "summative",
        templates["summative"],
        today - dt.timedelta(days=1),
        [ow.person_a2, *pedagogues],
        5,
    )
    target = rollouts.rollout_set(
        actor=ow.users.consultant,
        initiative=ow.cohort.initiative,
        target_roles=[JobRole.objects.get(name="Lærer")],
        institution_kinds=["skole"],
        first_school_year=current_school_year(),
        school_years=4,
    )
    return SimpleNamespace(
        templates=templates,
        math=math,
        second=second,
        pedagogues=pedagogues,
        midway=midway,
        end=end,
        target=target,
    )


@pytest.fixture
def owx(ow):
    return SimpleNamespace(**vars(ow), **vars(add_evaluations_and_rollout(ow)))
