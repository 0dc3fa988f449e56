"""The overviews' small world (docs/overviews.md)."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from kompetenceplan.cohorts.models import Enrolment
from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.coverage.selectors import current_school_year
from kompetenceplan.funding.tests.factories import make_initiative, make_plan
from kompetenceplan.support.tests.conftest import make_application, make_request
from kompetenceplan.testing.factories import make_institution


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
