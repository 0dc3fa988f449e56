"""Send the calendar invitations that failed or were never sent (run from
cron, e.g. every 15 minutes; docs/cohorts.md, "Invitations")."""

import datetime as dt

from django.core.management.base import BaseCommand

from kompetenceplan.cohorts.invitations import (
    RESEND_AFTER,
    RESEND_WITHIN,
    pending_invitations,
    send_pending_invitations,
)


class Command(BaseCommand):
    help = (
        "Send kalenderinvitationer, der fejlede eller aldrig blev sendt "
        "(hver ændring sendes højst én gang)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=int(RESEND_AFTER.total_seconds() // 60),
            help="Rør ikke invitationer, der er yngre end så mange minutter (køen sender dem)",
        )
        parser.add_argument(
            "--max-age-days",
            type=int,
            default=RESEND_WITHIN.days,
            help="Opgiv invitationer, der er ældre end så mange dage",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Vis kun, hvor mange der ville blive sendt"
        )

    def handle(self, *args, min_age_minutes, max_age_days, dry_run, **options):
        ages = {
            "min_age": dt.timedelta(minutes=min_age_minutes),
            "max_age": dt.timedelta(days=max_age_days),
        }
        if dry_run:
            count = pending_invitations(**ages).count()
            self.stdout.write(f"{count} kalenderinvitationer venter på at blive sendt.")
            return
        result = send_pending_invitations(**ages)
        self.stdout.write(
            f"{result.sent} kalenderinvitationer sendt, {result.failed} fejlede igen, "
            f"{result.given_up} opgivet (ældre end {max_age_days} dage)."
        )
