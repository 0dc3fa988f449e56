"""Generating the same school year twice at the same moment, with real threads
on PostgreSQL: the municipality's row lock makes the second run find the
first run's meetings, so nothing is doubled and nothing fails."""

import pytest
from django.db import connection

from kompetenceplan.followup.choices import FollowupCategory
from kompetenceplan.followup.models import FollowupMeeting
from kompetenceplan.followup.services import followup_meetings_generate
from kompetenceplan.testing.factories import run_in_threads

from .conftest import make_kind

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")


def test_four_threads_generate_one_year_once(world):
    kind = make_kind(world.ishoj, "1:1-samtale", FollowupCategory.ONE_TO_ONE, 4, 6)

    def generate():
        return followup_meetings_generate(
            actor=world.users.admin,
            municipality=world.ishoj,
            school_year=2026,
            kinds=[kind],
            host=world.users.admin,
        ).created

    results, errors = run_in_threads(*([generate] * 4))
    assert errors == []
    assert sorted(results) == [0, 0, 0, 6]
    assert FollowupMeeting.objects.filter(kind=kind).count() == 6
