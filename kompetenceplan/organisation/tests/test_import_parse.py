"""The pure parse step of the imports: rows and lookups in, records and
row-numbered Danish errors out. No database."""

import datetime as dt
from types import SimpleNamespace

from kompetenceplan.organisation.import_parse import RowError, parse_institutions, parse_people

SCHOOL = SimpleNamespace(pk=1, number="280001", name="Skole A")
TEACHER = SimpleNamespace(pk=7, name="Lærer")
LOOKUPS = {"institutions": {"280001": SCHOOL}, "roles": {"lærer": TEACHER}}


def person_row(**values):
    row = {
        "medarbejdernummer": "1001",
        "fornavn": "Anna",
        "efternavn": "Hansen",
        "email": "anna@example.dk",
        "institutionsnummer": "280001",
        "stilling": "Lærer",
        "ansat_fra": "01-08-2024",
        "ansat_til": "",
    }
    return {**row, **values}


def test_people_rows_become_people_and_employments():
    parsed = parse_people(
        [(2, person_row()), (3, person_row(institutionsnummer="280001", ansat_fra="01-08-2025"))],
        **LOOKUPS,
    )
    assert parsed.errors == []
    assert parsed.people == {
        "1001": {
            "row": 2,
            "values": {"first_name": "Anna", "last_name": "Hansen", "email": "anna@example.dk"},
        }
    }
    assert parsed.employments == {
        ("1001", "280001", 7, dt.date(2024, 8, 1)): {
            "row": 2,
            "institution": SCHOOL,
            "role": TEACHER,
            "start": dt.date(2024, 8, 1),
            "end": None,
        },
        ("1001", "280001", 7, dt.date(2025, 8, 1)): {
            "row": 3,
            "institution": SCHOOL,
            "role": TEACHER,
            "start": dt.date(2025, 8, 1),
            "end": None,
        },
    }


def test_people_errors_are_row_numbered_and_danish():
    rows = [
        (2, person_row(fornavn="=cmd", email="nej", institutionsnummer="999", stilling="Pilot")),
        (3, person_row(ansat_fra="", ansat_til="31-02-2025")),
        (4, person_row(ansat_fra="01-08-2025", ansat_til="01-08-2024")),
        (5, person_row()),
        (6, person_row()),
        (7, person_row(fornavn="Anne")),
    ]
    assert parse_people(rows, **LOOKUPS).errors == [
        RowError(
            2,
            "Fornavn må ikke begynde med =, +, - eller @ (“=cmd”); E-mail “nej” er ugyldig; "
            "Institutionsnummer “999” findes ikke i kommunen; Stilling “Pilot” er ukendt",
        ),
        RowError(
            3,
            "Ansat fra mangler; Ansat til: “31-02-2025” er ikke en gyldig dato "
            "(brug dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd)",
        ),
        RowError(4, "Ansat til ligger før ansat fra"),
        RowError(6, "Samme ansættelse står også i række 5"),
        RowError(7, "Medarbejdernummer 1001 står også i række 5 med andre navne eller e-mail"),
    ]


def test_institution_rows_and_their_errors():
    parsed = parse_institutions(
        [
            (
                2,
                {
                    "institutionsnummer": "280001",
                    "navn": "Skole A",
                    "type": "skole",
                    "område": "skole",
                },
            ),
            (
                3,
                {
                    "institutionsnummer": "280001",
                    "navn": "Skole B",
                    "type": "skole",
                    "område": "skole",
                },
            ),
            (4, {"institutionsnummer": "x y", "navn": "", "type": "borg", "område": "hav"}),
        ]
    )
    assert parsed.institutions == {
        "280001": {"row": 2, "name": "Skole A", "kind": "skole", "sector": "school"}
    }
    assert [e.row for e in parsed.errors] == [3, 4]
    assert parsed.errors[0].message == "Institutionsnummer 280001 står flere gange i filen"
    assert parsed.errors[1].message.startswith(
        "Institutionsnummer “x y” er ugyldigt; Navn mangler; Type “borg” er ukendt"
    )
