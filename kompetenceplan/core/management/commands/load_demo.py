from django.core.management.base import BaseCommand

from kompetenceplan.core import registry


class Command(BaseCommand):
    help = "Indlæs demodata (Ishøj, Horsens, Viborg) og demologins. Kan køres flere gange."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Udskriv ikke demologins")

    def handle(self, *args, quiet_logins=False, **options):
        self.stdout.write("Indlæser demodata …")
        run = registry.DemoRun(stdout=self.stdout)
        # Each app registers its demo loader (registry.demo_loaders), ordered by layer.
        for loader in registry.demo_loaders:
            loader.load(run)
        if not quiet_logins and run.logins:
            self.stdout.write("")
            self.stdout.write(f"Demologins (adgangskode for alle: {run.password}):")
            for username, role, description in run.logins:
                self.stdout.write(f"  {username:<18} {role:<26} {description}")
