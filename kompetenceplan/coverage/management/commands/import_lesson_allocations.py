"""``python manage.py import_lesson_allocations FILE --municipality CODE
--school-year 2025/26 [--dry-run]``: fagfordeling (coverage/imports.py)."""

from pathlib import Path

from django.core.management.base import CommandError

from kompetenceplan.core.tabular import TabularError, check_size, read_table
from kompetenceplan.coverage.imports import (
    ALLOCATION_COLUMNS,
    SchoolYearError,
    check_school_year,
    lesson_allocations_import,
)
from kompetenceplan.organisation.management.importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Importér fagfordeling for et skoleår "
        "(skole;klasse;klassetrin;klassetype;fag;medarbejdernummer;timer). Skolerne i filen får "
        "skoleårets klasser og fagfordeling erstattet af filens; docs/competences.md"
    )
    columns = ALLOCATION_COLUMNS

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--school-year", required=True, help="Skoleår, fx 2025/26")

    def handle(self, *args, file, municipality, dry_run, school_year, **options):
        from kompetenceplan.core.models import Municipality

        try:
            year = check_school_year(school_year)
        except SchoolYearError as exc:
            raise CommandError(str(exc)) from None
        try:
            tenant = Municipality.objects.get(code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(
                f"Kommunen {municipality} findes ikke. Opret den med create_municipality."
            ) from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        try:
            check_size(path.stat().st_size)
            table = read_table(path.read_bytes(), path.name, self.columns)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        report = lesson_allocations_import(
            actor=None, municipality=tenant, table=table, school_year=year, dry_run=dry_run
        )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"Række {error.row}: {error.message}")
            raise CommandError(f"{len(report.errors)} række(r) har fejl. Intet er gemt.")
        prefix = "Tørkørsel – intet gemt: " if dry_run else ""
        self.stdout.write(
            f"{prefix}Skoleår {report.school_year}, {report.schools} skole(r), "
            f"{report.total_rows} rækker: {report.created} nye, {report.updated} ændrede, "
            f"{report.unchanged} uændrede, {report.removed} fjernede fagfordelingslinjer; "
            f"klasser: {report.classes_created} nye, {report.classes_updated} ændrede, "
            f"{report.classes_removed} fjernede."
        )
