"""Expenses under concurrency, with real threads on PostgreSQL: the
allocation's row lock makes simultaneous expenses see each other, so the one
that takes the allocation over its amount is warned."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection

from kompetenceplan.cohorts.models import Expense
from kompetenceplan.cohorts.services_spending import expense_create
from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.tests.factories import make_plan, make_source
from kompetenceplan.testing.factories import run_in_threads

from .factories import make_cohort, make_target_initiative

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def test_simultaneous_expenses_on_one_allocation(world):
    initiative = make_target_initiative(make_plan(world.ishoj))
    cohort = make_cohort(initiative)
    source = make_source(world.ishoj, "Puljen", yearly={2025: 100_000})
    allocation = Allocation.objects.create(
        source=source, initiative=initiative, year=2025, amount=D(40_000)
    )

    def spend():
        return expense_create(
            actor=None,
            cohort=cohort,
            allocation=allocation,
            kind="provider_fee",
            amount=D("25000.00"),
            date=dt.date(2025, 9, 1),
        ).warnings

    results, errors = run_in_threads(spend, spend, spend)
    assert errors == []
    assert Expense.objects.count() == 3
    # 25.000 fits; the second and the third each take it further over.
    assert sorted(len(w) for w in results) == [0, 1, 1]
    assert sorted(w[0] for w in results if w) == [
        "Forbruget 50.000 kr. overstiger bevillingen 40.000 kr. med 10.000 kr.",
        "Forbruget 75.000 kr. overstiger bevillingen 40.000 kr. med 35.000 kr.",
    ]
