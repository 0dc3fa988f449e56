"""The permission matrix of the front page (kompetenceplan/testing/matrix.py):
it greets every signed-in user, and one without a municipality sees only
the greeting."""

import pytest

from kompetenceplan.testing.matrix import (
    ALL_ROLES,
    OTHER_MUNICIPALITY_ADMIN,
    Case,
    assert_matrix,
    matrix_params,
)

pytestmark = pytest.mark.django_db

CASES = [
    Case(
        "core:home",
        url="/",
        allowed={role: f"Velkommen, {role}" for role in (*ALL_ROLES, OTHER_MUNICIPALITY_ADMIN)},
        without_municipality=200,  # a greeting and nothing else: no plans, no people
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, case):
    assert_matrix(client, world, case)
