"""Fixtures for the cohorts tests."""

from types import SimpleNamespace

import pytest

from kompetenceplan.cohorts.choices import EnrolmentMode
from kompetenceplan.funding.tests.factories import make_plan
from kompetenceplan.testing.factories import make_person

from .factories import make_cohort, make_session, make_target_initiative


@pytest.fixture
def cw(world):
    """Ishøj: an adopted plan with the consultant's teachers' course (2.2) and a
    cohort of 2 seats with one session; an approval cohort; a pædagog at school
    A (outside the target group). Horsens: a cohort of its own."""
    plan = make_plan(world.ishoj, "plan-a", title="Plan A")
    initiative = make_target_initiative(plan, responsible_user=world.users.consultant)
    other = make_target_initiative(plan, "2.3", title="Andet kursus")
    cohort = make_cohort(initiative, "Hold 1", capacity=2, place="Ishøjgård")
    session = make_session(cohort)
    approval = make_cohort(initiative, "Hold 2", capacity=2, enrolment_mode=EnrolmentMode.APPROVAL)
    theirs = make_cohort(other, "Andet hold", capacity=5)
    pedagogue = make_person(world.school_a, first="Pia", last="Pædagog", role="Pædagog")
    h_plan = make_plan(world.horsens, "plan-h", title="Horsens-plan")
    h_initiative = make_target_initiative(h_plan, "1.1", title="Horsens-kursus")
    h_cohort = make_cohort(h_initiative, "Horsens-hold")
    h_session = make_session(h_cohort)
    return SimpleNamespace(
        plan=plan,
        initiative=initiative,
        other=other,
        cohort=cohort,
        session=session,
        approval=approval,
        theirs=theirs,
        pedagogue=pedagogue,
        h_cohort=h_cohort,
        h_session=h_session,
    )
