"""Make the due evaluations and send their personal links (run from cron,
e.g. every morning; docs/evaluation.md, "Udsendelse"). Idempotent: each
participant gets each survey once."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.models import Municipality
from kompetenceplan.evaluation.services import evaluations_send


class Command(BaseCommand):
    help = (
        "Opret de evalueringer, der er tid til (midtvejs, slut, transferopfølgning), "
        "og send de personlige svarlinks (hver deltager får hver evaluering én gang)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="Kun denne kommune (kommunekode)")
        parser.add_argument(
            "--date", type=dt.date.fromisoformat, help="Regn som om i dag var (ÅÅÅÅ-MM-DD)"
        )

    def handle(self, *args, municipality=None, date=None, **options):
        chosen = None
        if municipality:
            chosen = Municipality.objects.filter(code=municipality).first()
            if chosen is None:
                raise CommandError(f"Ukendt kommunekode: {municipality}")
        run = evaluations_send(municipality=chosen, today=date)
        self.stdout.write(
            f"{run.surveys} nye evalueringer; {run.enqueued} svarlinks sat i kø til afsendelse."
        )
