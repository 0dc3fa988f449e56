"""The permission matrix of core's pages (kompetenceplan/testing/matrix.py):
the accessibility statement is public. The front page (``core:home``) is the
frontpage app's: its case is in kompetenceplan/frontpage/tests/."""

import pytest

from kompetenceplan.testing.matrix import (
    ALL_ROLES,
    Case,
    assert_matrix,
    matrix_params,
)

pytestmark = pytest.mark.django_db

CASES = [
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
