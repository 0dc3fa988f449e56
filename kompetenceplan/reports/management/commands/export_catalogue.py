from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.models import Municipality
from kompetenceplan.reports.documents import render_catalogue_json, render_catalogue_xlsx
from kompetenceplan.reports.selectors import catalogue_data

FORMATS = ("json", "xlsx")


class Command(BaseCommand):
    help = (
        "Eksportér kommunens indsatskatalog (alle planer, indsatser og finansiering) "
        "som JSON eller Excel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Kommunekode, fx 183")
        parser.add_argument("--format", default="json", help="json (standard) eller xlsx")
        parser.add_argument(
            "--output", help="Skriv til denne fil (kræves for xlsx til en terminal)"
        )

    def handle(self, *args, municipality, format, output=None, **options):
        fmt = (format or "").lower()
        if fmt not in FORMATS:
            raise CommandError(f"Ukendt format “{format}”. Vælg et af: {', '.join(FORMATS)}.")
        found = Municipality.objects.filter(code=municipality).first()
        if found is None:
            raise CommandError(f"Der findes ingen kommune med kommunekoden “{municipality}”.")
        data = catalogue_data(municipality=found)
        if fmt == "json":
            content = render_catalogue_json(data)
            if output is None:
                self.stdout.write(content.decode("utf-8"), ending="")
                return
        else:
            content = render_catalogue_xlsx(data)
            if output is None:
                stream = getattr(self.stdout._out, "buffer", None)
                if stream is None or stream.isatty():
                    raise CommandError(
                        "Excel-filen er binær: angiv --output FIL "
                        "(eller send standard output videre til en fil)."
                    )
                stream.write(content)
                stream.flush()
                return
        Path(output).write_bytes(content)
        count = sum(len(p["initiatives"]) for p in data["plans"])
        self.stdout.write(
            f"{found}: {len(data['plans'])} planer og {count} indsatser skrevet til {output}"
        )
