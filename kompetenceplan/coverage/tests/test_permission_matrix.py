"""The permission matrix of every coverage page (kompetenceplan/testing/matrix.py,
docs/permissions.md). Each part of the app keeps its cases in its own module;
``CASES`` (read by kompetenceplan/testing/tests/test_url_coverage.py) joins
them. The dashboard's run here; the planner's and the import's in their own
modules with their own objects."""

from types import SimpleNamespace

import pytest

from kompetenceplan.testing.matrix import assert_matrix, matrix_params

from .dashboard_data import build
from .matrix_dashboard import DASHBOARD_CASES
from .test_permission_matrix_imports import CASES as IMPORT_CASES
from .test_permission_matrix_planner import CASES as PLANNER_CASES

pytestmark = pytest.mark.django_db

CASES = [*DASHBOARD_CASES, *PLANNER_CASES, *IMPORT_CASES]


@pytest.fixture
def objects(world):
    return SimpleNamespace(**vars(world), data=build(world))


@pytest.mark.parametrize("case", matrix_params(DASHBOARD_CASES))
def test_permission_matrix(client, world, objects, case):
    assert_matrix(client, world, case, objects)
