from django.core.management.base import BaseCommand

from kompetenceplan.accounts import demo as accounts_demo
from kompetenceplan.funding import demo as plans_demo  # the plans with their money
from kompetenceplan.organisation import demo as organisation_demo


class Command(BaseCommand):
    help = "Indlæs demodata (Ishøj, Horsens, Viborg) og demologins. Kan køres flere gange."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Udskriv ikke demologins")

    def handle(self, *args, quiet_logins=False, **options):
        self.stdout.write("Indlæser demodata …")
        municipalities = organisation_demo.load(stdout=self.stdout)
        # Later capabilities add their demo data here, in dependency order.
        logins = accounts_demo.load(municipalities)
        plans_demo.load(stdout=self.stdout)
        if not quiet_logins:
            self.stdout.write("")
            self.stdout.write(f"Demologins (adgangskode for alle: {accounts_demo.DEMO_PASSWORD}):")
            for username, role, description in logins:
                self.stdout.write(f"  {username:<18} {role:<26} {description}")
