"""The teaching competences import (``import_teaching_competences``): a file
with the columns ``medarbejdernummer;fag;niveau;grundlag;vurderet_af;dato``
read by ``core.tabular.read_table`` (``;`` or ``,``, UTF-8 with or without BOM
or Windows-1252, XLSX, bounded), checked row by row, then written in one
transaction (docs/competences.md, "Import af undervisningskompetencer").

Values are Danish as users write them: ``fag`` by the subject's name (or
code), case-insensitive; ``niveau`` ``undervisningskompetence`` or
``tilsvarende``; ``grundlag`` a word of :data:`BASIS_WORDS`; ``dato``
dd-mm-åååå or åååå-mm-dd. The rules of a competence are the services'
(:func:`competences.services.competence_problems`).

Competences are upserted on (person, fag): a second run of the same file
changes nothing; a competence not in the file is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kompetenceplan.core.changelog import build_entry, log_changes_bulk, snapshot
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import Municipality
from kompetenceplan.core.tabular import Table, parse_date
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import has_control_characters, starts_like_formula
from kompetenceplan.organisation.import_parse import RowError
from kompetenceplan.organisation.models import Person
from kompetenceplan.organisation.services import ImportReport

from .choices import CompetenceBasis, CompetenceLevel
from .models import Subject, TeachingCompetence
from .record_rules import competence_problems

COMPETENCE_COLUMNS = ["medarbejdernummer", "fag", "niveau", "grundlag", "vurderet_af", "dato"]

LEVEL_WORDS: dict[str, str] = {
    "undervisningskompetence": CompetenceLevel.FORMAL,
    "formel": CompetenceLevel.FORMAL,
    "tilsvarende": CompetenceLevel.ASSESSED,
    "tilsvarende kompetence": CompetenceLevel.ASSESSED,
    "tilsvarende kompetencer": CompetenceLevel.ASSESSED,
}

BASIS_WORDS: dict[str, str] = {
    "uddannelse": CompetenceBasis.EDUCATION,
    "læreruddannelse": CompetenceBasis.EDUCATION,
    "læreruddannelsen": CompetenceBasis.EDUCATION,
    "linjefag": CompetenceBasis.EDUCATION,
    "undervisningsfag": CompetenceBasis.EDUCATION,
    "kiu": CompetenceBasis.KIU_COURSE,
    "kiu-forløb": CompetenceBasis.KIU_COURSE,
    "kiu forløb": CompetenceBasis.KIU_COURSE,
    "diplommodul": CompetenceBasis.DIPLOMA_MODULE,
    "diplommoduler": CompetenceBasis.DIPLOMA_MODULE,
    "kompetencemålsprøve": CompetenceBasis.COMPETENCE_EXAM,
    "længerevarende kursus": CompetenceBasis.LONG_COURSE,
    "længerevarende kurser": CompetenceBasis.LONG_COURSE,
    "erfaring": CompetenceBasis.EXPERIENCE,
}

Rows = Iterable[tuple[int, Mapping[str, str]]]


def text_value(
    value: str, label: str, problems: list[str], *, required: bool = True, max_length: int = 150
) -> str:
    """A text cell: refused with a Danish problem when it holds a control
    character (the shared validator), starts like a spreadsheet formula, is
    missing (when required) or too long."""
    value = (value or "").strip()
    if has_control_characters(value):
        problems.append(_("%(field)s indeholder et usynligt styretegn") % {"field": label})
        return value
    if not value:
        if required:
            problems.append(_("%(field)s mangler") % {"field": label})
        return value
    if starts_like_formula(value):
        problems.append(
            _("%(field)s må ikke begynde med =, +, - eller @ (“%(value)s”)")
            % {"field": label, "value": value[:40]}
        )
    elif len(value) > max_length:
        problems.append(
            _("%(field)s er længere end %(max)d tegn") % {"field": label, "max": max_length}
        )
    return value


def subject_lookup() -> dict[str, Subject]:
    """Subjects by lower-case name and code ("fysik/kemi", "fysik-kemi")."""
    lookup: dict[str, Subject] = {}
    for subject in Subject.objects.all():
        lookup[subject.code.lower()] = subject
        lookup[subject.name.lower()] = subject
    return lookup


def find_subject(
    value: str, subjects: Mapping[str, Subject], problems: list[str]
) -> Subject | None:
    text = " ".join((value or "").split()).lower()
    subject = subjects.get(text) or subjects.get(text.replace(" / ", "/"))
    if subject is None:
        if not text:
            problems.append(_("Fag mangler"))
        else:
            problems.append(_("Faget “%(value)s” er ukendt") % {"value": value.strip()[:40]})
    return subject


def find_person(value: str, people: Mapping[str, Person], problems: list[str]) -> Person | None:
    number = text_value(value, _("Medarbejdernummer"), problems, max_length=30)
    if not number or problems:
        return None
    person = people.get(number)
    if person is None:
        problems.append(
            _("Medarbejdernummer “%(value)s” findes ikke i kommunen") % {"value": number[:30]}
        )
    return person


@dataclass
class ParsedCompetences:
    """(person id, subject id) -> values, and the rows' errors."""

    rows: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def parse_competences(
    rows: Rows,
    *,
    people: Mapping[str, Person],
    subjects: Mapping[str, Subject],
    today: dt.date | None = None,
) -> ParsedCompetences:
    result = ParsedCompetences()
    for row_number, row in rows:
        problems: list[str] = []
        person = find_person(row.get("medarbejdernummer", ""), people, problems)
        subject = find_subject(row.get("fag", ""), subjects, problems)
        level_text = " ".join(row.get("niveau", "").split()).lower()
        level = LEVEL_WORDS.get(level_text)
        if level is None:
            problems.append(
                _("Niveau “%(value)s” er ukendt (brug undervisningskompetence eller tilsvarende)")
                % {"value": row.get("niveau", "").strip()[:40]}
            )
        basis_text = " ".join(row.get("grundlag", "").split()).lower()
        if not basis_text and level == CompetenceLevel.FORMAL:
            basis: str | None = CompetenceBasis.EDUCATION
        else:
            basis = BASIS_WORDS.get(basis_text)
            if basis is None:
                problems.append(
                    _(
                        "Grundlag “%(value)s” er ukendt (brug uddannelse, KiU, diplommodul, "
                        "kompetencemålsprøve, længerevarende kursus eller erfaring)"
                    )
                    % {"value": row.get("grundlag", "").strip()[:40]}
                )
        assessor = text_value(
            row.get("vurderet_af", ""), _("Vurderet af"), problems, required=False
        )
        assessed_on = None
        if row.get("dato", "").strip():
            try:
                assessed_on = parse_date(row["dato"])
            except ValueError as exc:
                problems.append(_("Dato: %(error)s") % {"error": exc})
        if level is not None and basis is not None and not problems:
            problems += [
                p.text()
                for p in competence_problems(
                    level=level,
                    basis=basis,
                    assessed_on=assessed_on,
                    assessed_by_name=assessor,
                    today=today,
                )
            ]
        if not problems and person is not None and subject is not None:
            key = (person.pk, subject.pk)
            if key in result.rows:
                problems.append(
                    _("%(person)s og %(subject)s står også i række %(other)d")
                    % {
                        "person": person.employee_number,
                        "subject": subject.name,
                        "other": result.rows[key]["row"],
                    }
                )
        if problems:
            result.errors.append(RowError(row_number, "; ".join(problems)))
            continue
        assert person is not None and subject is not None
        result.rows[(person.pk, subject.pk)] = {
            "row": row_number,
            "person": person,
            "subject": subject,
            "values": {
                "level": level,
                "basis": basis,
                "assessed_by_name": assessor,
                "assessed_on": assessed_on,
            },
        }
    return result


def people_by_number(municipality: Municipality) -> dict[str, Person]:
    return {
        p.employee_number: p
        for p in Person.objects.filter(municipality=municipality).only(
            "id", "employee_number", "first_name", "last_name", "municipality_id"
        )
    }


def teaching_competences_import(
    *, actor: Actor, municipality: Municipality, table: Table, dry_run: bool = False
) -> ImportReport:
    """Upsert teaching competences on (person, subject). Every row is checked
    first; any invalid row means nothing is written. Atomic, under the
    municipality's lock; one change-log entry per new or changed competence."""
    report = ImportReport(dry_run=dry_run, total_rows=len(table.rows))
    parsed = parse_competences(
        table.rows, people=people_by_number(municipality), subjects=subject_lookup()
    )
    report.errors = parsed.errors
    if report.errors:
        return report
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        existing = {
            (c.person_id, c.subject_id): c
            for c in TeachingCompetence.objects.filter(
                municipality=municipality,
                person_id__in={key[0] for key in parsed.rows},
            )
        }
        new, changed, entries = [], [], []
        for key, item in parsed.rows.items():
            current = existing.get(key)
            values = item["values"]
            if current is None:
                new.append(
                    TeachingCompetence(
                        municipality=municipality,
                        person=item["person"],
                        subject=item["subject"],
                        **values,
                    )
                )
                status = "new"
            elif any(getattr(current, k) != v for k, v in values.items()):
                current.person, current.subject = item["person"], item["subject"]
                before = snapshot(current)
                for name, value in values.items():
                    setattr(current, name, value)
                current.assessed_by = None  # the file names the assessor
                changed.append(current)
                entries.append(
                    build_entry(
                        actor=actor,
                        obj=current,
                        action=ChangeAction.IMPORT,
                        before=before,
                        after=snapshot(current),
                        related=item["person"],
                    )
                )
                status = "changed"
            else:
                status = "unchanged"
            report.preview.append(
                {
                    "row": item["row"],
                    "key": item["person"].employee_number,
                    "name": item["person"].full_name,
                    "person": item["person"],
                    "subject": item["subject"].name,
                    "status": status,
                }
            )
        report.created, report.updated = len(new), len(changed)
        report.unchanged = len(parsed.rows) - len(new) - len(changed)
        report.preview.sort(key=lambda p: p["row"])
        if dry_run:
            transaction.set_rollback(True)
            return report
        created = TeachingCompetence.objects.bulk_create(new, batch_size=500)
        if any(c.pk is None for c in created):  # a backend without RETURNING
            keys = {(c.person_id, c.subject_id) for c in new}
            created = [
                c
                for c in TeachingCompetence.objects.filter(
                    municipality=municipality, person_id__in={k[0] for k in keys}
                ).select_related("person", "subject")
                if (c.person_id, c.subject_id) in keys
            ]
        TeachingCompetence.objects.bulk_update(
            changed, ["level", "basis", "assessed_by_name", "assessed_on", "assessed_by"], 500
        )
        entries += [
            build_entry(
                actor=actor,
                obj=c,
                action=ChangeAction.IMPORT,
                after=snapshot(c),
                related=c.person,
            )
            for c in created
        ]
        log_changes_bulk(entries)
    return report
