"""Fixtures for the competences tests (the cohorts' world of courses too)."""

from kompetenceplan.cohorts.tests.conftest import cw  # noqa: F401
