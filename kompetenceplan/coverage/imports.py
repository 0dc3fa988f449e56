"""The lesson allocation import (``import_lesson_allocations``): fagfordeling
for one school year, a file with the columns
``skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer`` read by
``core.tabular.read_table`` (the people import's file rules), checked row by
row, then written in one transaction (docs/competences.md, "Import af
fagfordeling").

- ``skole``: the school's institution number (a school of the municipality);
- ``klasse``: the class's name at the school (``5.A``); ``klassetrin`` 0-10;
  ``klassetype`` ``normal``, ``special`` or ``modtagelse``; a class has the
  same klassetrin and klassetype in every row;
- ``fag``: the subject's name (or code), case-insensitive;
- ``medarbejdernummer``: a person of the municipality;
- ``timer``: the teacher's planned hours in the class and subject in the school
  year, more than 0, at most two decimals, decimal comma or point (``37,5``);
- each (skole, klasse, fag, medarbejdernummer) once.

Re-importing replaces: for every school in the file, the school year's classes
and allocations become exactly the file's (new ones created, changed hours,
klassetrin and klassetype updated, those not in the file deleted with their
allocations), in one transaction, so a reader sees either the old allocation
or the new one. Schools not in the file and other school years are untouched.
A second run of the same file changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.competences.imports import (
    find_person,
    find_subject,
    people_by_number,
    subject_lookup,
    text_value,
)
from kompetenceplan.competences.models import SCHOOL_YEAR_RE, Subject
from kompetenceplan.core.changelog import build_entry, delete_logged, log_changes_bulk, snapshot
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.tabular import Table
from kompetenceplan.core.types import Actor
from kompetenceplan.organisation.choices import Sector
from kompetenceplan.organisation.import_parse import RowError
from kompetenceplan.organisation.models import Institution, Person
from kompetenceplan.organisation.services import ImportReport

from .choices import ClassKind
from .models import LessonAllocation, SchoolClass

ALLOCATION_COLUMNS = [
    "skole",
    "klasse",
    "klassetrin",
    "klassetype",
    "fag",
    "medarbejdernummer",
    "timer",
]

CLASS_KIND_WORDS: dict[str, str] = {
    "normal": ClassKind.NORMAL,
    "normalklasse": ClassKind.NORMAL,
    "special": ClassKind.SPECIAL,
    "specialklasse": ClassKind.SPECIAL,
    "modtagelse": ClassKind.RECEPTION,
    "modtagelsesklasse": ClassKind.RECEPTION,
}

MAX_HOURS = Decimal("99999.99")  # LessonAllocation.hours: 7 digits, 2 decimals
_HOURS = re.compile(r"^\d+(?:[.,]\d+)?$")

Rows = Iterable[tuple[int, Mapping[str, str]]]


class SchoolYearError(ValueError):
    """The school year argument is not like 2025/26 (Danish message)."""


def check_school_year(value: str) -> str:
    text = (value or "").strip()
    if not re.fullmatch(SCHOOL_YEAR_RE, text) or (int(text[:4]) + 1) % 100 != int(text[5:]):
        raise SchoolYearError(
            _("Skoleåret “%(value)s” er ugyldigt. Skriv det som 2025/26.") % {"value": text}
        )
    return text


def parse_hours(value: str, problems: list[str]) -> Decimal | None:
    text = (value or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        problems.append(_("Timer mangler"))
        return None
    if text.startswith(("-", "−")):
        problems.append(_("Timer kan ikke være negative (“%(value)s”)") % {"value": value.strip()})
        return None
    if not _HOURS.match(text):
        problems.append(
            _("Timer “%(value)s” er ikke et tal (skriv fx 37,5)") % {"value": value.strip()[:20]}
        )
        return None
    try:
        hours = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern allows only numbers
        problems.append(_("Timer “%(value)s” er ikke et tal") % {"value": value.strip()[:20]})
        return None
    if hours <= 0:
        problems.append(_("Timer skal være mere end 0"))
    elif hours > MAX_HOURS:
        problems.append(_("Timer er for mange (%(value)s)") % {"value": value.strip()[:20]})
    elif hours != hours.quantize(Decimal("0.01")):
        problems.append(_("Timer kan have højst to decimaler (“%(value)s”)") % {"value": text})
    return hours


def parse_grade(value: str, problems: list[str]) -> int | None:
    text = (value or "").strip().rstrip(".")
    if not text:
        problems.append(_("Klassetrin mangler"))
        return None
    if not text.isdigit() or not 0 <= int(text) <= 10:
        problems.append(
            _("Klassetrin “%(value)s” er ugyldigt (brug 0-10; 0 er børnehaveklassen)")
            % {"value": value.strip()[:10]}
        )
        return None
    return int(text)


@dataclass
class ParsedAllocations:
    """classes: (school number, class name) -> {"row", "institution", "name",
    "grade", "kind"}; allocations: (school number, class name, subject id,
    person id) -> {"row", "subject", "person", "hours"}; and the rows' errors."""

    classes: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    allocations: dict[tuple[str, str, int, int], dict[str, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def parse_allocations(
    rows: Rows,
    *,
    schools: Mapping[str, Institution],
    people: Mapping[str, Person],
    subjects: Mapping[str, Subject],
) -> ParsedAllocations:
    result = ParsedAllocations()
    for row_number, row in rows:
        problems: list[str] = []
        number = text_value(row.get("skole", ""), _("Skole"), problems, max_length=10)
        school = schools.get(number) if number else None
        if number and school is None and not problems:
            problems.append(_("Skolen “%(value)s” findes ikke i kommunen") % {"value": number})
        elif school is not None and school.sector != Sector.SCHOOL:
            problems.append(
                _("Institution %(value)s (%(name)s) er ikke en skole")
                % {"value": number, "name": school.name}
            )
        name = text_value(row.get("klasse", ""), _("Klasse"), problems, max_length=40)
        grade = parse_grade(row.get("klassetrin", ""), problems)
        kind_text = (row.get("klassetype", "") or "").strip().lower()
        kind = CLASS_KIND_WORDS.get(kind_text)
        if kind is None:
            problems.append(
                _("Klassetype “%(value)s” er ukendt (brug normal, special eller modtagelse)")
                % {"value": row.get("klassetype", "").strip()[:30]}
            )
        subject = find_subject(row.get("fag", ""), subjects, problems)
        person_problems: list[str] = []
        person = find_person(row.get("medarbejdernummer", ""), people, person_problems)
        problems += person_problems
        hours = parse_hours(row.get("timer", ""), problems)
        if problems:
            result.errors.append(RowError(row_number, "; ".join(problems)))
            continue
        assert school is not None and subject is not None and person is not None
        class_key = (school.number, name)
        known = result.classes.get(class_key)
        if known is not None and (known["grade"], known["kind"]) != (grade, kind):
            result.errors.append(
                RowError(
                    row_number,
                    _(
                        "Klasse %(name)s på skole %(school)s har et andet klassetrin eller en "
                        "anden klassetype i række %(other)d"
                    )
                    % {"name": name, "school": school.number, "other": known["row"]},
                )
            )
            continue
        key = (school.number, name, subject.pk, person.pk)
        if key in result.allocations:
            result.errors.append(
                RowError(
                    row_number,
                    _("Samme klasse, fag og medarbejder står også i række %(other)d")
                    % {"other": result.allocations[key]["row"]},
                )
            )
            continue
        if known is None:
            result.classes[class_key] = {
                "row": row_number,
                "institution": school,
                "name": name,
                "grade": grade,
                "kind": kind,
            }
        result.allocations[key] = {
            "row": row_number,
            "subject": subject,
            "person": person,
            "hours": hours,
        }
    return result


@dataclass
class AllocationImportReport(ImportReport):
    """:class:`ImportReport` (allocation rows: created, updated, unchanged)
    plus what the replacement removed and the classes' counts."""

    school_year: str = ""
    schools: int = 0
    removed: int = 0
    classes_created: int = 0
    classes_updated: int = 0
    classes_removed: int = 0


def lesson_allocations_import(
    *,
    actor: Actor,
    municipality: Municipality,
    table: Table,
    school_year: str,
    dry_run: bool = False,
) -> AllocationImportReport:
    """Replace ``school_year``'s classes and lesson allocation for the schools
    in the file (module docstring). Every row is checked first; any invalid row
    means nothing is written."""
    school_year = check_school_year(school_year)
    report = AllocationImportReport(
        dry_run=dry_run, total_rows=len(table.rows), school_year=school_year
    )
    schools = {
        i.number: i
        for i in Institution.objects.filter(municipality=municipality).only(
            "id", "number", "name", "sector", "municipality_id"
        )
    }
    parsed = parse_allocations(
        table.rows,
        schools=schools,
        people=people_by_number(municipality),
        subjects=subject_lookup(),
    )
    report.errors = parsed.errors
    if report.errors:
        return report
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        _replace(
            actor=actor,
            municipality=municipality,
            school_year=school_year,
            parsed=parsed,
            report=report,
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _replace(
    *,
    actor: Actor,
    municipality: Municipality,
    school_year: str,
    parsed: ParsedAllocations,
    report: AllocationImportReport,
) -> None:
    school_ids = {item["institution"].pk for item in parsed.classes.values()}
    report.schools = len(school_ids)
    classes = {
        (c.institution.number, c.name): c
        for c in SchoolClass.objects.filter(
            institution_id__in=school_ids, school_year=school_year
        ).select_related("institution")
    }
    entries = []
    # Classes: removed (with their allocations), changed, new.
    gone: list[SchoolClass] = [c for key, c in classes.items() if key not in parsed.classes]
    report.classes_removed = len(gone)
    report.removed += LessonAllocation.objects.filter(school_class__in=gone).count()
    delete_logged(
        actor=actor,
        objects=gone,
        related=lambda c: cast(SchoolClass, c).institution,
        note=_("Fagfordeling %(year)s importeret igen") % {"year": school_year},
    )
    new_classes, changed_classes = [], []
    for key, item in parsed.classes.items():
        current = classes.get(key)
        if current is None:
            new_classes.append(
                SchoolClass(
                    municipality=municipality,
                    institution=item["institution"],
                    school_year=school_year,
                    name=item["name"],
                    grade=item["grade"],
                    kind=item["kind"],
                )
            )
        elif (current.grade, current.kind) != (item["grade"], item["kind"]):
            before = snapshot(current)
            current.grade, current.kind = item["grade"], item["kind"]
            changed_classes.append(current)
            entries.append(
                build_entry(
                    actor=actor,
                    obj=current,
                    action=ChangeAction.IMPORT,
                    before=before,
                    after=snapshot(current),
                    related=current.institution,
                )
            )
    SchoolClass.objects.bulk_create(new_classes, batch_size=500)
    SchoolClass.objects.bulk_update(changed_classes, ["grade", "kind"], batch_size=500)
    report.classes_created, report.classes_updated = len(new_classes), len(changed_classes)
    classes = {
        (c.institution.number, c.name): c
        for c in SchoolClass.objects.filter(
            institution_id__in=school_ids, school_year=school_year
        ).select_related("institution")
    }
    entries += [
        build_entry(
            actor=actor,
            obj=classes[(c.institution.number, c.name)],
            action=ChangeAction.IMPORT,
            after=snapshot(classes[(c.institution.number, c.name)]),
            related=c.institution,
        )
        for c in new_classes
    ]
    # Allocations of the file's classes: removed, changed, new.
    by_pk = {c.pk: key for key, c in classes.items()}
    current_allocations = {
        (*by_pk[a.school_class_id], a.subject_id, a.person_id): a
        for a in LessonAllocation.objects.filter(school_class_id__in=list(by_pk)).select_related(
            "school_class", "subject", "person"
        )
    }
    stale = [a for key, a in current_allocations.items() if key not in parsed.allocations]
    report.removed += len(stale)
    delete_logged(
        actor=actor,
        objects=stale,
        related=lambda a: cast(LessonAllocation, a).school_class,
        note=_("Fagfordeling %(year)s importeret igen") % {"year": school_year},
    )
    new_allocations, changed_allocations = [], []
    for allocation_key, item in parsed.allocations.items():
        existing = current_allocations.get(allocation_key)
        school_class = classes[(allocation_key[0], allocation_key[1])]
        if existing is None:
            new_allocations.append(
                LessonAllocation(
                    municipality=municipality,
                    school_class=school_class,
                    subject=item["subject"],
                    person=item["person"],
                    hours=item["hours"],
                )
            )
        elif existing.hours != item["hours"]:
            before = snapshot(existing)
            existing.hours = item["hours"]
            changed_allocations.append(existing)
            entries.append(
                build_entry(
                    actor=actor,
                    obj=existing,
                    action=ChangeAction.IMPORT,
                    before=before,
                    after=snapshot(existing),
                    related=school_class,
                )
            )
    created = LessonAllocation.objects.bulk_create(new_allocations, batch_size=1000)
    LessonAllocation.objects.bulk_update(changed_allocations, ["hours"], batch_size=1000)
    report.created, report.updated = len(new_allocations), len(changed_allocations)
    report.unchanged = len(parsed.allocations) - report.created - report.updated
    entries += [
        build_entry(
            actor=actor,
            obj=a,
            action=ChangeAction.IMPORT,
            after=snapshot(a),
            related=a.school_class,
        )
        for a in created
        if a.pk is not None
    ]
    log_changes_bulk(entries)
