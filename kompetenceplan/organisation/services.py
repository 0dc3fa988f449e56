"""Writes to the organisation: imports, person and team edits (reads of
personal data are logged by core.readlog).

Every function here is atomic, takes the acting user and records the change
log in the same transaction (see docs/development/writes.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models, transaction

from kompetenceplan.core.changelog import (
    build_entry,
    log_changes_bulk,
    log_saved,
    snapshot,
)
from kompetenceplan.core.choices import ChangeAction
from kompetenceplan.core.models import ChangeLogEntry, Municipality
from kompetenceplan.core.tabular import Table
from kompetenceplan.core.types import Actor
from kompetenceplan.core.validators import check_no_formula

from .errors import OrganisationError
from .import_parse import RowError, parse_institutions, parse_people
from .models import Employment, Institution, JobRole, Person, ResourceFunction, Team
from .permissions import current_employments_q

INSTITUTION_COLUMNS = ["institutionsnummer", "navn", "type", "område"]
PEOPLE_COLUMNS = [
    "medarbejdernummer",
    "fornavn",
    "efternavn",
    "email",
    "institutionsnummer",
    "stilling",
    "ansat_fra",
    "ansat_til",
]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


def _import_change(
    obj: models.Model,
    values: dict[str, Any],
    *,
    actor: Actor,
    exclude: Sequence[str] = (),
    related: models.Model | None = None,
) -> ChangeLogEntry | None:
    """Set an import's ``values`` on an existing row (not saved: the import
    saves in bulk); the change-log entry for it, or None when nothing differs."""
    if all(getattr(obj, name) == value for name, value in values.items()):
        return None
    before = snapshot(obj, exclude=exclude)
    for name, value in values.items():
        setattr(obj, name, value)
    return build_entry(
        actor=actor,
        obj=obj,
        action=ChangeAction.IMPORT,
        before=before,
        after=snapshot(obj, exclude=exclude),
        related=related,
    )


# --- Institutions ----------------------------------------------------------------------


def institutions_import(
    *, actor: Actor, municipality: Municipality, table: Table, dry_run: bool = False
) -> ImportReport:
    """Upsert institutions on (municipality, institutionsnummer)."""
    report = ImportReport(dry_run=dry_run, total_rows=len(table.rows))
    result = parse_institutions(table.rows)
    report.errors, parsed = result.errors, result.institutions
    if report.errors:
        return report
    return _institutions_write(
        actor=actor, municipality=municipality, parsed=parsed, report=report, dry_run=dry_run
    )


def _institutions_write(
    *,
    actor: Actor,
    municipality: Municipality,
    parsed: dict[str, dict[str, Any]],
    report: ImportReport,
    dry_run: bool,
) -> ImportReport:
    """The write step of :func:`institutions_import`: one transaction under
    the municipality's lock, upsert, one bulk change log."""
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        existing = {i.number: i for i in Institution.objects.filter(municipality=municipality)}
        to_create, to_update, entries = [], [], []
        for number, values in parsed.items():
            current = existing.get(number)
            fields = {"name": values["name"], "kind": values["kind"], "sector": values["sector"]}
            if current is None:
                to_create.append(Institution(municipality=municipality, number=number, **fields))
                status = "new"
            elif (entry := _import_change(current, fields, actor=actor)) is not None:
                to_update.append(current)
                entries.append(entry)
                status = "changed"
            else:
                status = "unchanged"
            report.preview.append(
                {"row": values["row"], "key": number, "name": values["name"], "status": status}
            )
        report.created, report.updated = len(to_create), len(to_update)
        report.unchanged = len(parsed) - report.created - report.updated
        if dry_run:
            transaction.set_rollback(True)
            return report
        created = Institution.objects.bulk_create(to_create)
        if _connection_lacks_returning_ids(created):
            created = list(
                Institution.objects.filter(
                    municipality=municipality, number__in=[i.number for i in to_create]
                )
            )
        Institution.objects.bulk_update(to_update, ["name", "kind", "sector"])
        entries += [
            build_entry(actor=actor, obj=i, action=ChangeAction.IMPORT, after=snapshot(i))
            for i in created
        ]
        log_changes_bulk(entries)
    return report


def _connection_lacks_returning_ids(objs: list[Any]) -> bool:
    return any(o.pk is None for o in objs)


# --- People ----------------------------------------------------------------------------


def people_import(
    *, actor: Actor, municipality: Municipality, table: Table, dry_run: bool = False
) -> ImportReport:
    """Upsert people on (municipality, medarbejdernummer) and their employments
    on (person, institution, stilling, ansat_fra).

    All rows are validated first; any invalid row means nothing is written.
    Importing the same file twice changes nothing the second time.
    """
    report = ImportReport(dry_run=dry_run, total_rows=len(table.rows))
    # Step 1, pure: parse and check every row against the lookups.
    institutions = {
        i.number: i
        for i in Institution.objects.filter(municipality=municipality).only("id", "number", "name")
    }
    roles = {r.name.lower(): r for r in JobRole.objects.all()}
    result = parse_people(table.rows, institutions=institutions, roles=roles)
    report.errors, people, employments = result.errors, result.people, result.employments
    if report.errors:
        return report
    return _people_write(
        actor=actor,
        municipality=municipality,
        people=people,
        employments=employments,
        report=report,
        dry_run=dry_run,
    )


def _people_write(
    *,
    actor: Actor,
    municipality: Municipality,
    people: dict[str, dict[str, Any]],
    employments: dict[tuple[Any, ...], dict[str, Any]],
    report: ImportReport,
    dry_run: bool,
) -> ImportReport:
    """The write step of :func:`people_import`: one transaction under the
    municipality's lock, upsert people and employments, one bulk change log."""
    with transaction.atomic():
        # One import per municipality at a time: concurrent imports of the same
        # file serialise here instead of racing on the unique constraints.
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        existing = {
            p.employee_number: p
            for p in Person.objects.filter(
                municipality=municipality, employee_number__in=list(people)
            )
        }
        entries = []
        new_people, changed_people = [], []
        status_by_number: dict[str, str] = {}
        for number, item in people.items():
            values = item["values"]
            person = existing.get(number)
            if person is None:
                new_people.append(
                    Person(municipality=municipality, employee_number=number, **values)
                )
                status_by_number[number] = "new"
            elif (
                entry := _import_change(person, values, actor=actor, exclude=["resource_functions"])
            ) is not None:
                changed_people.append(person)
                entries.append(entry)
                status_by_number[number] = "changed"
            else:
                status_by_number[number] = "unchanged"
        Person.objects.bulk_create(new_people, batch_size=500)
        Person.objects.bulk_update(
            changed_people, ["first_name", "last_name", "email"], batch_size=500
        )
        by_number = {
            p.employee_number: p
            for p in Person.objects.filter(
                municipality=municipality, employee_number__in=list(people)
            )
        }
        for person in new_people:
            entries.append(
                build_entry(
                    actor=actor,
                    obj=by_number[person.employee_number],
                    action=ChangeAction.IMPORT,
                    after=snapshot(
                        by_number[person.employee_number], exclude=["resource_functions"]
                    ),
                )
            )
        current_employments = {
            (e.person_id, e.institution_id, e.job_role_id, e.start_date): e
            for e in Employment.objects.filter(person__in=list(by_number.values()))
        }
        new_employments, changed_employments = [], []
        for (number, _inst, _role, start), item in employments.items():
            person = by_number[number]
            key = (person.pk, item["institution"].pk, item["role"].pk, start)
            employment = current_employments.get(key)
            if employment is None:
                new_employments.append(
                    Employment(
                        person=person,
                        institution=item["institution"],
                        job_role=item["role"],
                        start_date=start,
                        end_date=item["end"],
                    )
                )
                row_status = "new" if status_by_number[number] == "new" else "changed"
            elif (
                entry := _import_change(
                    employment, {"end_date": item["end"]}, actor=actor, related=person
                )
            ) is not None:
                changed_employments.append(employment)
                entries.append(entry)
                row_status = "changed"
            else:
                row_status = status_by_number[number]
            if row_status == "changed" and status_by_number[number] == "unchanged":
                status_by_number[number] = "changed"
            report.preview.append(
                {
                    "row": item["row"],
                    "key": number,
                    "name": f"{person.first_name} {person.last_name}",
                    "institution": item["institution"].name,
                    "role": item["role"].name,
                    "status": row_status,
                }
            )
        statuses = list(status_by_number.values())
        report.created = statuses.count("new")
        report.updated = statuses.count("changed")
        report.unchanged = statuses.count("unchanged")
        report.preview.sort(key=lambda p: p["row"])
        if dry_run:
            transaction.set_rollback(True)
            return report
        Employment.objects.bulk_create(new_employments, batch_size=500)
        Employment.objects.bulk_update(changed_employments, ["end_date"], batch_size=500)
        entries += [
            build_entry(
                actor=actor, obj=e, action=ChangeAction.IMPORT, after=snapshot(e), related=e.person
            )
            for e in new_employments
        ]
        log_changes_bulk(entries)
    return report


# --- Single edits ----------------------------------------------------------------------


def person_update(*, actor: Actor, person: Person, data: dict[str, Any]) -> Person:
    """Change a person's names, e-mail and resource functions.

    The row is locked for the duration, so two simultaneous edits are applied
    one after the other and both appear, in order, in the change log.
    """
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        before = snapshot(locked)
        for name in ("first_name", "last_name", "email"):
            if name in data:
                if name != "email":
                    check_no_formula(data[name], field=name)
                setattr(locked, name, data[name])
        locked.full_clean()
        locked.save()
        if "resource_functions" in data:
            functions = list(data["resource_functions"])
            if any(not isinstance(f, ResourceFunction) for f in functions):
                raise TypeError("resource_functions must be ResourceFunction instances")
            if any(f.municipality_id != locked.municipality_id for f in functions):
                raise OrganisationError.FUNCTION_OTHER_MUNICIPALITY.error()
            locked.resource_functions.set(functions)
        log_saved(actor=actor, obj=locked, before=before)
    return locked


def person_functions_assign(
    *, actor: Actor, assignments: dict[Person, list[ResourceFunction]]
) -> int:
    """Add resource functions to people (idempotent). Returns how many were added.

    Refused (nothing written) when a function is not of the person's municipality."""
    through = Person.resource_functions.through
    if any(
        f.municipality_id != p.municipality_id
        for p, functions in assignments.items()
        for f in functions
    ):
        raise OrganisationError.FUNCTION_OTHER_MUNICIPALITY.error()
    with transaction.atomic():
        wanted = {(p.pk, f.pk) for p, functions in assignments.items() for f in functions}
        existing = set(
            through.objects.filter(person_id__in=[p.pk for p in assignments]).values_list(
                "person_id", "resourcefunction_id"
            )
        )
        missing = wanted - existing
        through.objects.bulk_create(
            [through(person_id=p, resourcefunction_id=f) for p, f in sorted(missing)]
        )
        people = {p.pk: p for p in assignments}
        names = {f.pk: f.name for fs in assignments.values() for f in fs}
        entries = [
            build_entry(
                actor=actor,
                obj=people[p],
                action=ChangeAction.UPDATE,
                note=f"Ressourcefunktion tilføjet: {names[f]}",
            )
            for p, f in sorted(missing)
        ]
        log_changes_bulk(entries)
    return len(missing)


# --- Teams ------------------------------------------------------------------------------


def _check_members(team_institution: Institution, members: Iterable[Person]) -> list[Person]:
    members = list(members)
    current = set(
        Employment.objects.filter(
            current_employments_q(), institution=team_institution, person__in=members
        ).values_list("person_id", flat=True)
    )
    outside = [m for m in members if m.pk not in current]
    if outside:
        raise OrganisationError.NOT_EMPLOYED.error(
            names=", ".join(str(p) for p in outside), institution=team_institution.name
        )
    return members


def _team_name_taken(institution: Institution, name: str, exclude: int | None = None) -> bool:
    """Case-insensitive, also for æ, ø and å (SQLite's LIKE only folds ASCII)."""
    names = (
        Team.objects.filter(institution=institution)
        .exclude(pk=cast(int, exclude))  # pk=None excludes nothing
        .values_list("name", flat=True)
    )
    return name.casefold() in {n.casefold() for n in names}


def team_create(
    *, actor: Actor, institution: Institution, name: str, members: Iterable[Person] = ()
) -> Team:
    """Create a team (årgangsteam, fagteam, stue) of current staff; logged."""
    with transaction.atomic():
        Institution.objects.select_for_update().get(pk=institution.pk)
        name = name.strip()
        check_no_formula(name, field="name")
        if _team_name_taken(institution, name):
            raise OrganisationError.TEAM_NAME_TAKEN.error(name=name)
        members = _check_members(institution, members)
        team = Team(institution=institution, name=name)
        team.full_clean()
        team.save()
        team.members.set(members)
        log_saved(actor=actor, obj=team, before=None, related=institution)
    return team


def team_update(*, actor: Actor, team: Team, name: str, members: Iterable[Person]) -> Team:
    """Rename a team and set its members; logged."""
    with transaction.atomic():
        current = Team.objects.select_for_update().select_related("institution").get(pk=team.pk)
        before = snapshot(current)
        name = name.strip()
        check_no_formula(name, field="name")
        if _team_name_taken(current.institution, name, exclude=current.pk):
            raise OrganisationError.TEAM_NAME_TAKEN.error(name=name)
        members = _check_members(current.institution, members)
        current.name = name
        current.full_clean()
        current.save()
        current.members.set(members)
        log_saved(actor=actor, obj=current, before=before, related=current.institution)
    return current


def resource_functions_ensure(
    *, actor: Actor, municipality: Municipality, functions: Iterable[tuple[str, str]]
) -> dict[str, ResourceFunction]:
    """The municipality's resource functions of these (name, sector) pairs,
    creating those it lacks (logged); another municipality's are never used
    (docs/adr/0013-reference-data-per-municipality.md). Returns them by name."""
    wanted = dict(functions)
    for name in wanted:
        if not name.strip():
            raise OrganisationError.FUNCTION_NAME_INVALID.error()
        check_no_formula(name, field="name")
    with transaction.atomic():
        Municipality.objects.select_for_update().get(pk=municipality.pk)
        existing = {
            f.name: f
            for f in ResourceFunction.objects.filter(municipality=municipality, name__in=wanted)
        }
        created = ResourceFunction.objects.bulk_create(
            [
                ResourceFunction(municipality=municipality, name=name, sector=sector)
                for name, sector in wanted.items()
                if name not in existing
            ]
        )
        log_changes_bulk(
            [
                build_entry(actor=actor, obj=f, action=ChangeAction.CREATE, after=snapshot(f))
                for f in created
            ]
        )
        existing.update({f.name: f for f in created})
    return existing
