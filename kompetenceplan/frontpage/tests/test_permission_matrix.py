"""The permission matrix of the front page and the overviews
(kompetenceplan/testing/matrix.py, docs/overviews.md):

- the front page greets every signed-in user, and one without a municipality
  sees only the greeting;
- the evaluations and rollouts on the overviews are counts only (owx);
- the institution overview: planners any institution of the municipality, a
  leader their own (another institution: 404); other roles 403; another
  municipality's institution 404; the people shown are in the read log;
- the administration overview: administrators and consultants; others 403.
"""

import pytest
from django.urls import reverse

from kompetenceplan.testing.matrix import (
    ALL_ROLES,
    OTHER_MUNICIPALITY_ADMIN,
    Case,
    assert_matrix,
    matrix_params,
)

pytestmark = pytest.mark.django_db

PLANNERS = {"admin", "consultant"}
READERS = {"admin", "consultant", "leader"}

CASES = [
    Case(
        "core:home",
        url="/",
        allowed={role: f"Velkommen, {role}" for role in (*ALL_ROLES, OTHER_MUNICIPALITY_ADMIN)},
        without_municipality=200,  # a greeting and nothing else: no plans, no people
    ),
    Case(
        "core:institution_overview",
        url=lambda o: reverse("core:institution_overview", args=[o.school_a.pk]),
        allowed=READERS,
        forbidden=ALL_ROLES - READERS,
        contains="Anne Andersen",
        # The evaluation of Hold 1 shows no answer count (1 answer).
        absent=["Carl Christensen", "Dorte Dam", "<td>1</td>"],
        other_municipality_url=lambda o: reverse("core:institution_overview", args=[o.school_h.pk]),
        other_institution_url=lambda o: reverse("core:institution_overview", args=[o.school_b.pk]),
    ),
    Case(
        "core:my_institution",
        url=reverse("core:my_institution"),
        allowed={"leader"},
        ok_status=302,
        forbidden=ALL_ROLES - {"leader"},
    ),
    Case(
        "core:overview",
        url=reverse("core:overview"),
        allowed=PLANNERS,
        forbidden=ALL_ROLES - PLANNERS,
        contains="Børnehuset",
        absent=["Horsens Skole", "Anne Andersen"],
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, owx, case):
    assert_matrix(client, world, case, owx)
