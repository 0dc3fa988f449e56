"""Write the compliance reminders and enqueue their e-mails (run from cron,
e.g. every morning; docs/competences.md, "Påmindelser")."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.competences.services_rules import compliance_reminders_create
from kompetenceplan.core.models import Municipality


class Command(BaseCommand):
    help = (
        "Skriv én påmindelse pr. overskredet eller snart forfaldent obligatorisk forløb "
        "og send den til medarbejderens ledere (én gang pr. frist)"
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
        run = compliance_reminders_create(municipality=chosen, today=date)
        self.stdout.write(f"{run.created} nye påmindelser; {run.enqueued} sat i kø til afsendelse.")
