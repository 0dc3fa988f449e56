"""The permission matrix of core's pages (kompetenceplan/testing/matrix.py):
the front page greets every signed-in user, the accessibility statement is public."""

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
    Case(
        "core:accessibility",
        url="/tilgaengelighed/",
        public=True,
        allowed=dict.fromkeys(ALL_ROLES, "<h1>Tilgængelighedserklæring</h1>"),
        contains="<h1>Tilgængelighedserklæring</h1>",
    ),
]


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, world, case):
    assert_matrix(client, world, case)
