"""The permission matrix of the coverage pages (kompetenceplan/testing/matrix.py).
Each part of the app adds its own list to CASES (a union on merge)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompetenceplan.coverage.models import LessonAllocation
from kompetenceplan.testing.matrix import ALL_ROLES, Case, assert_matrix, matrix_params

pytestmark = pytest.mark.django_db

# --- The lesson allocation import (recs): administrators only ---------------------------------

ALLOCATIONS_CSV = (
    "skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer\n"
    "100001;5.A;5;normal;Dansk;A1;210\n"
)


def _allocation_import_cases():
    admins = {"admin"}

    def url(o):
        return reverse("coverage:import_allocations")

    def count(o):
        return LessonAllocation.objects.count()

    def upload(o):
        data = ALLOCATIONS_CSV.encode("utf-8")
        return {
            "file": SimpleUploadedFile("fagfordeling.csv", data, "text/csv"),
            "school_year": "2025/26",
        }

    return [
        Case(
            "coverage:import_allocations",
            url=url,
            allowed=admins,
            forbidden=ALL_ROLES - admins,
            contains="Importér fagfordeling",
        ),
        Case(
            "coverage:import_allocations",
            method="POST",
            label="preview",
            url=url,
            data=upload,
            ok_status=200,
            allowed={"admin": "Skoleår 2025/26, 1 skole(r): 1 nye"},
            forbidden=ALL_ROLES - admins,
            state=count,
        ),
        Case(
            "coverage:import_allocations",
            method="POST",
            label="confirm",
            url=url,
            data={"confirm": "1", "token": "not-pending"},
            allowed=admins,
            forbidden=ALL_ROLES - admins,
            state=count,
        ),
    ]


CASES = [*_allocation_import_cases()]


@pytest.fixture
def objects(world):
    return world


@pytest.mark.parametrize("case", matrix_params(CASES))
def test_permission_matrix(client, objects, case):
    assert_matrix(client, objects, case)
