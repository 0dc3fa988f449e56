"""Delete abandoned import previews (run from cron, e.g. every 15 minutes)."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from kompetenceplan.organisation.previews import import_previews_cleanup


class Command(BaseCommand):
    help = "Slet forhåndsviste importfiler, der er ældre end --older-than-minutes (standard 60)"

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=settings.IMPORT_PREVIEW_MAX_AGE_MINUTES,
            help="Slet filer, der er ældre end så mange minutter",
        )

    def handle(self, *args, older_than_minutes, **options):
        deleted = import_previews_cleanup(older_than=dt.timedelta(minutes=older_than_minutes))
        self.stdout.write(f"{deleted} forhåndsviste importfiler slettet.")
