from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kompetenceplan.core.models import Municipality
from kompetenceplan.funding.plan_loading import plan_document_load


class Command(BaseCommand):
    help = (
        "Indlæs (eller opdatér) en plan med dens økonomi fra en YAML-datafil "
        "(se kompetenceplan/plans/data/README.md)"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} findes ikke.")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise CommandError(f"Filen kan ikke læses som YAML: {exc}") from exc
        for key in ("municipality", "slug", "title", "sectors", "period"):
            if not isinstance(data, dict) or key not in data:
                raise CommandError(f"Filen mangler feltet “{key}”.")
        if not Municipality.objects.filter(code=str(data["municipality"])).exists():
            raise CommandError(
                f"Kommunen {data['municipality']} findes ikke. Opret den med create_municipality."
            )
        try:
            plan, changed = plan_document_load(actor=None, data=data, file_name=path.name)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"{plan.title}: {'indlæst' if changed else 'uændret'} ({plan.initiatives.count()} indsatser)"
        )
