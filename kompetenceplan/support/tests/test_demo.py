"""The support demo: requests in every state but completed, one approved and
one pending application, a local plan with a change; loading twice changes
nothing."""

import pytest

from kompetenceplan.cohorts.tests.factories import make_cohort
from kompetenceplan.core import registry
from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.tests.factories import make_initiative, make_plan, make_source
from kompetenceplan.support import demo
from kompetenceplan.support.models import LocalPlan, ResourceRequest, SubstituteFundApplication

pytestmark = pytest.mark.django_db


def test_demo_loads_once(world):
    plan = make_plan(world.ishoj, demo.PLAN)
    for number in ("1.1", "1.2", "2.2"):
        initiative = make_initiative(plan, number)
    make_cohort(initiative)
    make_source(world.ishoj, demo.SOURCE, yearly={2026: 1_000_000})
    run = registry.DemoRun(municipalities={"183": world.ishoj})
    demo.load(run)
    statuses = sorted(ResourceRequest.objects.values_list("status", flat=True))
    assert statuses == ["declined", "draft", "planned", "submitted"]
    applications = dict(SubstituteFundApplication.objects.values_list("title", "status"))
    assert sorted(applications.values()) == ["approved", "submitted"]
    approved = SubstituteFundApplication.objects.get(status="approved")
    assert approved.allocation.source.name == demo.SOURCE
    local_plan = LocalPlan.objects.get()
    assert local_plan.institution == world.school_a
    assert local_plan.initiatives.count() == 3 and local_plan.sections.count() == 2
    counts = (
        ResourceRequest.objects.count(),
        SubstituteFundApplication.objects.count(),
        LocalPlan.objects.count(),
        ChangeLogEntry.objects.count(),
    )
    demo.load(run)
    assert counts == (
        ResourceRequest.objects.count(),
        SubstituteFundApplication.objects.count(),
        LocalPlan.objects.count(),
        ChangeLogEntry.objects.count(),
    )
