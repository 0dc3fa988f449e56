"""Reading the national reference data files under ``competences/data/``:
the subjects (``subjects.csv``) and the guideline-hours tables
(``guideline_hours_*.csv``, one file a table). Used by the data migrations and
by ``load_reference_data``; kept free of models so a migration can call it
with its historical models."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The combined rows of bilag 1 and the subjects they hold hours for.
COMBINED_ROWS = {"Tysk/fransk": ("Tysk", "Fransk")}


@dataclass(frozen=True)
class SubjectRow:
    code: str
    name: str
    kind: str
    first_grade: int
    last_grade: int
    in_coverage: bool
    sort_order: int


@dataclass
class GuidelineFile:
    name: str
    first_school_year: str
    last_school_year: str
    provisional: bool
    source: str
    notes: str
    #: (subject name, grade) -> (hours, verified)
    hours: dict[tuple[str, int], tuple[Decimal, bool]] = field(default_factory=dict)


def _data_lines(path: Path) -> tuple[list[str], list[str]]:
    comments, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif line.strip():
            rows.append(line)
    return comments, rows


def subjects() -> list[SubjectRow]:
    _comments, lines = _data_lines(DATA_DIR / "subjects.csv")
    reader = csv.DictReader(lines, delimiter=";")
    return [
        SubjectRow(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            first_grade=int(row["first_grade"]),
            last_grade=int(row["last_grade"]),
            in_coverage=row["in_coverage"] == "1",
            sort_order=index,
        )
        for index, row in enumerate(reader, start=1)
    ]


def guideline_file(path: Path) -> GuidelineFile:
    """Parse one table: ``# key: value`` headers (name, first_school_year,
    last_school_year, provisional), further ``#`` lines as the source notes,
    then ``fag;1;2;...`` with hours per grade. A cell ending in ``?`` is a
    figure that could not be verified."""
    comments, lines = _data_lines(path)
    meta: dict[str, str] = {}
    notes: list[str] = []
    for comment in comments:
        key, sep, value = comment.partition(":")
        if sep and key.strip() in {"name", "first_school_year", "last_school_year", "provisional"}:
            meta[key.strip()] = value.strip()
        else:
            notes.append(comment)
    table = GuidelineFile(
        name=meta["name"],
        first_school_year=meta["first_school_year"],
        last_school_year=meta.get("last_school_year", ""),
        provisional=meta.get("provisional", "no").lower() in {"yes", "ja", "true"},
        source="\n".join(notes),
        notes="",
    )
    reader = csv.reader(lines, delimiter=";")
    header = next(reader)
    grades = [int(cell) for cell in header[1:]]
    for row in reader:
        name = row[0].strip()
        for grade, cell in zip(grades, row[1:], strict=False):
            cell = cell.strip()
            if not cell:
                continue
            verified = not cell.endswith("?")
            hours = Decimal(cell.rstrip("?").replace(",", "."))
            for subject_name in COMBINED_ROWS.get(name, (name,)):
                table.hours[(subject_name, grade)] = (hours, verified)
    return table


def guideline_files() -> list[GuidelineFile]:
    return [guideline_file(path) for path in sorted(DATA_DIR.glob("guideline_hours_*.csv"))]
