"""The coverage app's permission-matrix cases, one module per part of the app
(kompetenceplan/testing/tests/test_url_coverage.py reads ``CASES`` here)."""

from .test_permission_matrix_planner import CASES as PLANNER_CASES

CASES = [*PLANNER_CASES]
