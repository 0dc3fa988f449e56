"""The competences' permission-matrix cases (``CASES``, read by
kompetenceplan/testing/tests/test_url_coverage.py). Each part of the app keeps
its cases and their test in its own module."""

from .test_permission_matrix_records import CASES as RECORDS_CASES
from .test_permission_matrix_rules import CASES as RULES_CASES

CASES = [*RECORDS_CASES, *RULES_CASES]
