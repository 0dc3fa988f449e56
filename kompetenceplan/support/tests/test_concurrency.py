"""Approving applications under concurrency, with real threads on PostgreSQL:
the funding source's row lock (taken by ``allocation_create``) makes the second
approval wait for the first and see its allocation, so two approvals at the
same time cannot together overspend the source; an application's own row lock
means it is approved once, however often it is clicked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kompetenceplan.funding.models import Allocation
from kompetenceplan.funding.services import OverspendError
from kompetenceplan.support import services
from kompetenceplan.support.models import SubstituteFundApplication
from kompetenceplan.testing.factories import run_in_threads

from .conftest import make_application

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def approve(world, sw, application):
    def run():
        return services.application_approve(
            actor=world.users.consultant,
            application=application,
            source=sw.source,
            initiative=sw.initiative,
            year=2026,
        ).pk

    return run


def test_two_approvals_at_once_cannot_overspend_a_source(world, sw):
    # The source has 100.000 kr. in 2026; each application asks for 60.000 kr.
    first = make_application(world.school_a, world.users.leader, title="Første", amount=60_000)
    second = make_application(world.school_a, world.users.leader, title="Anden", amount=60_000)
    results, errors = run_in_threads(approve(world, sw, first), approve(world, sw, second))
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], OverspendError)
    assert "100.000 kr." in " ".join(errors[0].messages)
    allocated = Allocation.objects.filter(source=sw.source)
    assert [a.amount for a in allocated] == [60_000]
    statuses = dict(SubstituteFundApplication.objects.values_list("title", "status"))
    assert sorted([statuses["Første"], statuses["Anden"]]) == ["approved", "submitted"]


def test_one_application_is_approved_once(world, sw):
    application = make_application(world.school_a, world.users.leader, amount=10_000)
    results, errors = run_in_threads(*[approve(world, sw, application)] * 3)
    assert len(results) == 1 and len(errors) == 2
    assert all(type(e) is ValidationError for e in errors)
    assert Allocation.objects.filter(source=sw.source).count() == 1


def test_accept_and_decline_at_once_take_one_step(world, sw):
    """Two planners answer the same request at once: one step wins, the other
    is refused with the status it found."""
    admin, consultant = world.users.admin, world.users.consultant
    results, errors = run_in_threads(
        lambda: services.request_accept(actor=admin, request=sw.sent_b).status,
        lambda: services.request_decline(actor=consultant, request=sw.sent_b, reason="Nej").status,
    )
    assert len(results) == 1 and len(errors) == 1
    assert "kan ikke" in errors[0].messages[0]
    sw.sent_b.refresh_from_db()
    assert sw.sent_b.status == results[0]
