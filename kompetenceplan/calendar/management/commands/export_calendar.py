"""``manage.py export_calendar --municipality 183 [--institution 100001] -o kalender.ics``:
the municipality's (or one institution's) ICS feed as a file, the same
calendar the feed address serves."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kompetenceplan.calendar import ics, selectors
from kompetenceplan.calendar.choices import FeedKind
from kompetenceplan.core.models import Municipality
from kompetenceplan.organisation.models import Institution


class Command(BaseCommand):
    help = "Skriv kommunens (eller én institutions) kalender som en ICS-fil (RFC 5545)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Kommunekode, fx 183")
        parser.add_argument("--institution", help="Institutionsnummer, fx 100001")
        parser.add_argument("-o", "--output", help="Skriv til denne fil (ellers til skærmen)")
        parser.add_argument(
            "--base-url", default="", help="Programmets adresse til links, fx https://kp.ishoj.dk"
        )

    def handle(self, *args, municipality, institution=None, output=None, base_url="", **options):
        found = Municipality.objects.filter(code=municipality).first()
        if found is None:
            raise CommandError(f"Der findes ingen kommune med kommunekoden “{municipality}”.")
        place = None
        if institution:
            place = Institution.objects.filter(municipality=found, number=institution).first()
            if place is None:
                raise CommandError(
                    f"{found} har ingen institution med institutionsnummer “{institution}”."
                )
        events = selectors.export_events(
            municipality=found, institution=place, today=timezone.localdate()
        )
        kind = FeedKind.INSTITUTION if place else FeedKind.MUNICIPALITY
        name = selectors.feed_name(kind, municipality=found, institution=place)
        content = ics.feed_calendar(events, name=name, base_url=base_url)
        if output is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        Path(output).write_bytes(content)
        self.stderr.write(f"{len(events)} begivenheder skrevet til {output}.")
