"""Money under concurrency, with real threads on PostgreSQL."""

from decimal import Decimal as D

import pytest
from django.db import connection

from kompetenceplan.core.models import ChangeLogEntry
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.selectors import source_balance
from kompetenceplan.funding.services import OverspendError, allocation_create, allocation_update
from kompetenceplan.testing.factories import run_in_threads

from .factories import make_initiative, make_plan, make_source

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def test_two_simultaneous_allocations_cannot_overspend(world):
    plan = make_plan(world.ishoj)
    first = make_initiative(plan, "1.1")
    second = make_initiative(plan, "1.2")
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})

    def allocate(initiative):
        return lambda: allocation_create(
            actor=world.users.admin,
            initiative=initiative,
            source=source,
            year=2025,
            amount=D(60_000),
        )

    results, errors = run_in_threads(allocate(first), allocate(second))
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], OverspendError), errors
    assert "2025: 120.000 kr. bevilget af 100.000 kr." in errors[0].messages[0]
    assert Allocation.objects.count() == 1
    assert source_balance(source).total_allocated == D(60_000)
    assert ChangeLogEntry.objects.filter(content_type__model="allocation").count() == 1


def test_simultaneous_raise_and_new_allocation_cannot_overspend(world):
    """An edit that raises an amount races a new allocation on the same source."""
    plan = make_plan(world.ishoj)
    first = make_initiative(plan, "1.1")
    second = make_initiative(plan, "1.2")
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    existing = allocation_create(
        actor=None, initiative=first, source=source, year=2025, amount=D(40_000)
    )

    def raise_it():
        return allocation_update(
            actor=world.users.admin, allocation=existing, year=2025, amount=D(70_000)
        )

    def add():
        return allocation_create(
            actor=world.users.admin, initiative=second, source=source, year=2025, amount=D(50_000)
        )

    results, errors = run_in_threads(raise_it, add)
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], OverspendError)
    assert source_balance(source).total_allocated <= D(100_000)


def test_lowering_an_amount_races_a_new_allocation(world):
    """An administrator lowers 2025 to 50.000 kr. while 30.000 kr. more is
    allocated (40.000 kr. already): either order, one of them is refused."""
    from kompetenceplan.funding.services import budget_set

    plan = make_plan(world.ishoj)
    first = make_initiative(plan, "1.1")
    second = make_initiative(plan, "1.2")
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    allocation_create(actor=None, initiative=first, source=source, year=2025, amount=D(40_000))

    def lower():
        return budget_set(actor=world.users.admin, source=source, year=2025, amount=D(50_000))

    def add():
        return allocation_create(
            actor=world.users.admin, initiative=second, source=source, year=2025, amount=D(30_000)
        )

    results, errors = run_in_threads(lower, add)
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], OverspendError)
    assert not source_balance(source).problems()
