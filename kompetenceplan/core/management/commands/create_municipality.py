from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.services import municipality_create


class Command(BaseCommand):
    help = "Opret en kommune (tenant): create_municipality KODE NAVN"

    def add_arguments(self, parser):
        parser.add_argument("code", help="Tre-cifret kommunekode, fx 183")
        parser.add_argument("name", nargs="+", help="Kommunens navn, fx Ishøj")

    def handle(self, *args, code, name, **options):
        try:
            municipality, created = municipality_create(actor=None, code=code, name=" ".join(name))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        verb = "Oprettet" if created else "Findes allerede"
        self.stdout.write(f"{verb}: {municipality} ({municipality.code})")
