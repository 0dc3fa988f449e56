"""The 2025/26 guideline-hours table (bilag 1 as changed by L 41), loaded
from competences/data/guideline_hours_2025-26.csv by the loader of 0002
(idempotent: a database that ran 0002 with the file already present changes
nothing)."""

from importlib import import_module

from django.db import migrations


def load(apps, schema_editor):
    loader = import_module(
        "kompetenceplan.competences.migrations.0002_subjects_and_guideline_hours"
    )
    loader.load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("competences", "0002_subjects_and_guideline_hours")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
