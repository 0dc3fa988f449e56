"""Shared body of the import commands: read a file, run a service, report."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.models import Municipality
from kompetenceplan.core.tabular import TabularError, check_size, read_table
from kompetenceplan.organisation.services import ImportReport


class ImportCommand(BaseCommand):
    columns: list[str] = []
    service: Callable[..., ImportReport] | None = None

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV (; eller ,) eller XLSX")
        parser.add_argument("--municipality", required=True, help="Kommunekode, fx 183")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis hvad der ville ske; gem intet"
        )

    def handle(self, *args, file, municipality, dry_run, **options):
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
            check_size(path.stat().st_size)  # before reading the file
            table = read_table(path.read_bytes(), path.name, self.columns)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        report = type(self).service(actor=None, municipality=tenant, table=table, dry_run=dry_run)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"Række {error.row}: {error.message}")
            raise CommandError(f"{len(report.errors)} række(r) har fejl. Intet er gemt.")
        prefix = "Tørkørsel – intet gemt: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{report.total_rows} rækker: {report.created} nye, {report.updated} ændrede, "
            f"{report.unchanged} uændrede."
        )
