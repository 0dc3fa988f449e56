"""The pure first step of the imports: rows in, parsed records and
row-numbered Danish errors out. No database: the services look up the
municipality's institutions and the job roles first and pass them in, then
write what this module parsed (``organisation.services``).

Rules checked here (a row with a problem is reported with its number and
nothing of the file is written):
- texts are required where the column says so, at most their length, and do
  not start like a spreadsheet formula (``core.validators``);
- institutions: a number of letters, digits and hyphens, a known type and
  area, each number once;
- people: a valid e-mail (optional), an institution of the municipality, a
  known job role, a start date (and an end date not before it); one
  employee number with the same names and e-mail in every row; each
  employment (person, institution, job role, start) once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from kompetenceplan.core.tabular import parse_date
from kompetenceplan.core.validators import has_control_characters, starts_like_formula

from .choices import SECTOR_WORDS, InstitutionKind

Rows = Iterable[tuple[int, Mapping[str, str]]]


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ParsedInstitutions:
    """number -> {"row", "name", "kind", "sector"}, and the rows' errors."""

    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ParsedPeople:
    """people: number -> {"row", "values"}; employments: (number,
    institution number, role id, start) -> {"row", "institution", "role",
    "start", "end"}; and the rows' errors."""

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    employments: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _text(
    value: str, label: str, problems: list[str], *, required: bool = True, max_length: int = 150
) -> str:
    value = value.strip()
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
    if len(value) > max_length:
        problems.append(
            _("%(field)s er længere end %(max)d tegn") % {"field": label, "max": max_length}
        )
    return value


def parse_institutions(rows: Rows) -> ParsedInstitutions:
    """Institution rows (institutionsnummer, navn, type, område)."""
    result = ParsedInstitutions()
    kinds = {k.value: k for k in InstitutionKind}
    for row_number, row in rows:
        problems: list[str] = []
        number = _text(
            row.get("institutionsnummer", ""), _("Institutionsnummer"), problems, max_length=10
        )
        if number and not re.fullmatch(r"[0-9A-Za-z-]{1,10}", number):
            problems.append(
                _("Institutionsnummer “%(value)s” er ugyldigt") % {"value": number[:20]}
            )
        name = _text(row.get("navn", ""), _("Navn"), problems)
        kind = kinds.get(row.get("type", "").strip().lower())
        if kind is None:
            problems.append(
                _("Type “%(value)s” er ukendt (brug en af: %(choices)s)")
                % {"value": row.get("type", "")[:30], "choices": ", ".join(kinds)}
            )
        sector = SECTOR_WORDS.get(row.get("område", "").strip().lower())
        if sector is None:
            problems.append(
                _("Område “%(value)s” er ukendt (brug skole, dagtilbud eller tværgående)")
                % {"value": row.get("område", "")[:30]}
            )
        if number in result.institutions:
            problems.append(
                _("Institutionsnummer %(value)s står flere gange i filen") % {"value": number}
            )
        if problems:
            result.errors.append(RowError(row_number, "; ".join(problems)))
            continue
        assert kind is not None and sector is not None
        result.institutions[number] = {
            "row": row_number,
            "name": name,
            "kind": kind.value,
            "sector": sector.value,
        }
    return result


def parse_people(
    rows: Rows, *, institutions: Mapping[str, Any], roles: Mapping[str, Any]
) -> ParsedPeople:
    """People rows (see ``PEOPLE_COLUMNS``). ``institutions``: the
    municipality's institutions by number; ``roles``: the job roles by
    lower-case name (objects with ``number``/``name`` and ``pk``/``name``)."""
    result = ParsedPeople()
    people, employments = result.people, result.employments
    for row_number, row in rows:
        problems: list[str] = []
        number = _text(
            row.get("medarbejdernummer", ""), _("Medarbejdernummer"), problems, max_length=30
        )
        first = _text(row.get("fornavn", ""), _("Fornavn"), problems, max_length=100)
        last = _text(row.get("efternavn", ""), _("Efternavn"), problems, max_length=100)
        email = row.get("email", "").strip()
        if has_control_characters(email):
            problems.append(
                _("%(field)s indeholder et usynligt styretegn") % {"field": _("E-mail")}
            )
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("E-mail “%(value)s” er ugyldig") % {"value": email[:60]})
        institution = institutions.get(row.get("institutionsnummer", "").strip())
        if institution is None:
            problems.append(
                _("Institutionsnummer “%(value)s” findes ikke i kommunen")
                % {"value": row.get("institutionsnummer", "")[:20]}
            )
        role = roles.get(row.get("stilling", "").strip().lower())
        if role is None:
            problems.append(
                _("Stilling “%(value)s” er ukendt") % {"value": row.get("stilling", "")[:40]}
            )
        start = end = None
        try:
            if not row.get("ansat_fra", "").strip():
                problems.append(_("Ansat fra mangler"))
            else:
                start = parse_date(row["ansat_fra"])
        except ValueError as exc:
            problems.append(_("Ansat fra: %(error)s") % {"error": exc})
        try:
            if row.get("ansat_til", "").strip():
                end = parse_date(row["ansat_til"])
        except ValueError as exc:
            problems.append(_("Ansat til: %(error)s") % {"error": exc})
        if start and end and end < start:
            problems.append(_("Ansat til ligger før ansat fra"))
        person_values = {"first_name": first, "last_name": last, "email": email}
        if number in people and people[number]["values"] != person_values and not problems:
            problems.append(
                _(
                    "Medarbejdernummer %(number)s står også i række %(other)d med andre navne eller e-mail"
                )
                % {"number": number, "other": people[number]["row"]}
            )
        if problems:
            result.errors.append(RowError(row_number, "; ".join(problems)))
            continue
        assert institution is not None and role is not None
        people.setdefault(number, {"row": row_number, "values": person_values})
        key = (number, institution.number, role.pk, start)
        if key in employments:
            result.errors.append(
                RowError(
                    row_number,
                    _("Samme ansættelse står også i række %(other)d")
                    % {"other": employments[key]["row"]},
                )
            )
            continue
        employments[key] = {
            "row": row_number,
            "institution": institution,
            "role": role,
            "start": start,
            "end": end,
        }
    return result
