"""Vocabulary the plans name that the first reference data lacked:
Børnehaveklasseleder and SFO-koordinator (job roles), Ressourceperson
(resource function). Existing databases get them here; new ones through
reference_data_ensure."""

from django.db import migrations

ROLES = [("Børnehaveklasseleder", "teaching", False), ("SFO-koordinator", "pedagogical", False)]
FUNCTIONS = [("Ressourceperson", "cross")]


def add(apps, schema_editor):
    JobRole = apps.get_model("organisation", "JobRole")
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    if not JobRole.objects.exists():
        return  # an empty database gets the whole vocabulary with its first municipality
    for name, category, is_leader in ROLES:
        JobRole.objects.get_or_create(
            name=name, defaults={"category": category, "is_leader": is_leader}
        )
    for name, sector in FUNCTIONS:
        ResourceFunction.objects.get_or_create(name=name, defaults={"sector": sector})


def remove(apps, schema_editor):
    """Reversible: drop the rows again unless something uses them."""
    JobRole = apps.get_model("organisation", "JobRole")
    ResourceFunction = apps.get_model("organisation", "ResourceFunction")
    JobRole.objects.filter(name__in=[n for n, _c, _l in ROLES], employments__isnull=True).delete()
    ResourceFunction.objects.filter(
        name__in=[n for n, _s in FUNCTIONS], people__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
