"""Fixtures for the funding tests."""

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from kompetenceplan.funding.services import allocation_create
from kompetenceplan.plans.choices import PlanStatus

from .factories import make_initiative, make_plan, make_source


@pytest.fixture
def fw(world):
    """Ishøj: plan A (adopted) with 1.1 (the consultant's) and 1.2, a draft
    plan B with 9.1, a capped and an uncapped source; Horsens: the same in small."""
    plan = make_plan(world.ishoj, "plan-a", title="Plan A")
    mine = make_initiative(plan, "1.1", title="Læsning", responsible_user=world.users.consultant)
    theirs = make_initiative(plan, "1.2", title="Matematik")
    draft = make_plan(world.ishoj, "plan-b", title="Plan B", status=PlanStatus.DRAFT)
    secret = make_initiative(draft, "9.1", title="Hemmelig indsats")
    source = make_source(
        world.ishoj, "Puljen", yearly={2025: 100_000, 2026: 50_000}, description="Statens pulje."
    )
    own = make_source(world.ishoj, "Egne midler", capped=False, kind="municipal")
    admin = world.users.admin
    a_mine = allocation_create(
        actor=admin, initiative=mine, source=source, year=2025, amount=D(40_000)
    )
    a_theirs = allocation_create(
        actor=admin, initiative=theirs, source=source, year=2026, amount=D(10_000)
    )
    allocation_create(actor=admin, initiative=secret, source=source, year=2025, amount=D(5_000))
    allocation_create(actor=admin, initiative=mine, source=own, year=None, amount=None)
    h_plan = make_plan(world.horsens, "plan-h", title="Horsens-plan")
    h_initiative = make_initiative(h_plan, "1.1", title="Horsens-indsats")
    h_source = make_source(world.horsens, "Horsens-puljen", yearly={2025: 10_000})
    h_allocation = allocation_create(
        actor=None, initiative=h_initiative, source=h_source, year=2025, amount=D(1_000)
    )
    return SimpleNamespace(
        plan=plan,
        mine=mine,
        theirs=theirs,
        secret=secret,
        source=source,
        own=own,
        a_mine=a_mine,
        a_theirs=a_theirs,
        h_initiative=h_initiative,
        h_source=h_source,
        h_allocation=h_allocation,
    )
