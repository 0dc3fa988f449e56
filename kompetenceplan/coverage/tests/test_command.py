"""``manage.py coverage`` (JSON and text)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from kompetenceplan.coverage.tests.test_computation import competent, klass, teach, teacher
from kompetenceplan.testing.factories import make_institution, make_municipality


@pytest.fixture
def town(db):
    municipality = make_municipality("183", "Ishøj")
    alfa = make_institution(municipality, "Alfa Skole", number="100001")
    beta = make_institution(municipality, "Beta Skole", number="100002")
    anne, bo = teacher(alfa, "E001"), teacher(alfa, "E002")
    competent(anne, "dansk")
    competent(bo, "matematik", level="assessed")
    fourth = klass(alfa, "4.A", 4, year="2025/26")
    teach(fourth, "dansk", anne, 200)  # guideline 210
    teach(fourth, "matematik", bo, 150)  # guideline 150
    tenth = klass(alfa, "10.A", 10, year="2025/26")
    teach(tenth, "engelsk", anne, "82.5")  # no table hours: 82.5 planned
    klass(beta, "1.A", 1, year="2025/26")  # Beta: classes only, estimated
    return municipality


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("coverage", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json(town):
    out, err = run("--municipality", "183", "--school-year", "2025/26", "--format", "json")
    data = json.loads(out)
    # 210 formal + 150 assessed of 210 + 150 + 82.5 = 442.5 (Alfa); Beta's
    # estimate has hours but no teachers, so nothing covered.
    alfa = {
        "institution_number": "100001",
        "name": "Alfa Skole",
        "hours": 442.5,
        "covered_hours": 360,
        "coverage": 81.4,
        "subjects": [
            {"subject": "Dansk", "hours": 210, "covered_hours": 210, "coverage": 100.0},
            {"subject": "Engelsk", "hours": 82.5, "covered_hours": 0, "coverage": 0.0},
            {"subject": "Matematik", "hours": 150, "covered_hours": 150, "coverage": 100.0},
        ],
    }
    assert data["schools"][0] == alfa
    beta = data["schools"][1]
    assert beta["name"] == "Beta Skole" and beta["covered_hours"] == 0
    # 1st grade in the 2025/26 table: dansk, matematik, natur/teknologi, idræt, musik
    assert beta["hours"] == 330 + 150 + 30 + 60 + 60
    assert set(data) == {"municipality", "schools"}
    assert set(beta) == set(alfa)
    municipality = data["municipality"]
    assert set(municipality) == {"hours", "covered_hours", "coverage", "formal", "assessed"}
    assert municipality["hours"] == 442.5 + beta["hours"]
    assert municipality["covered_hours"] == 360
    assert municipality["formal"] == round(210 / municipality["hours"] * 100, 1)
    assert "foreløbige" in err and "Beta Skole" in err


def test_text(town):
    out, _err = run("--municipality", "183", "--school-year", "2025/26", "--format", "text")
    assert "Kompetencedækning 2025/26, Ishøj" in out
    assert "foreløbige" in out
    assert "Alfa Skole (100001)" in out and "81,4 %" in out
    assert "Beta Skole (100002) – skøn" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "999", "--school-year", "2025/26"], "kommunekoden"),
        (["--municipality", "183", "--school-year", "2025/27"], "2025/26"),
        (["--municipality", "183", "--school-year", "2025/26", "--format", "xml"], "format"),
    ],
)
def test_errors(town, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
