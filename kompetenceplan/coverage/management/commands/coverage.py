import json

from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.models import Municipality
from kompetenceplan.coverage.computation import coverage_report
from kompetenceplan.coverage.output import report_json, report_text
from kompetenceplan.coverage.targets import SCHOOL_YEAR

FORMATS = ("json", "text")


class Command(BaseCommand):
    help = (
        "Vis kommunens kompetencedækning for et skoleår: kommunen, hver skole og hvert fag "
        "(reglerne: docs/coverage.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Kommunekode, fx 183")
        parser.add_argument("--school-year", required=True, help="Skoleåret, fx 2025/26")
        parser.add_argument("--format", default="json", help="json (standard) eller text")

    def handle(self, *args, municipality, school_year, format, **options):
        fmt = (format or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"Ukendt format “{format}”. Vælg et af: {', '.join(FORMATS)}.")
        match = SCHOOL_YEAR.match(school_year or "")
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise CommandError(f"Skriv skoleåret som 2025/26 (ikke “{school_year}”).")
        found = Municipality.objects.filter(code=municipality).first()
        if found is None:
            raise CommandError(f"Der findes ingen kommune med kommunekoden “{municipality}”.")
        report = coverage_report(municipality_id=found.pk, school_year=school_year)
        if fmt == "text":
            self.stdout.write(report_text(report, found.name), ending="")
            return
        if report.provisional:
            self.stderr.write(
                f"Bemærk: de vejledende timetal for {school_year} er foreløbige "
                f"({report.guideline_table})."
            )
        estimated = [s.name for s in report.schools if s.estimated]
        if estimated:
            self.stderr.write("Skøn (ingen fagfordeling): " + ", ".join(estimated))
        self.stdout.write(json.dumps(report_json(report), ensure_ascii=False, indent=2))
