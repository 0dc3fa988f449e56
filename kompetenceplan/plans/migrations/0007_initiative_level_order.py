"""Initiatives without a number (seed 004): ``number`` may be blank (unique
only when given), ``display_order`` keeps their place, ``level`` says staff or
leadership. Existing initiatives get their display order from their numbers."""

from django.conf import settings
from django.db import migrations, models


def number_existing(apps, schema_editor):
    Initiative = apps.get_model("plans", "Initiative")
    plan_ids = Initiative.objects.values_list("plan_id", flat=True).distinct()
    for plan_id in plan_ids:
        rows = list(Initiative.objects.filter(plan_id=plan_id).order_by("sort_key", "pk"))
        for order, row in enumerate(rows, start=1):
            row.display_order = order
        Initiative.objects.bulk_update(rows, ["display_order"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_resourcefunction_municipality_required"),
        ("plans", "0006_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="initiative",
            name="initiative_unique_number_per_plan",
        ),
        migrations.AddField(
            model_name="initiative",
            name="display_order",
            field=models.PositiveIntegerField(
                default=0,
                help_text="Placering i planen, når indsatsen ikke har et nummer",
                verbose_name="rækkefølge",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="level",
            field=models.CharField(
                blank=True,
                choices=[("staff", "Medarbejderniveau"), ("leadership", "Ledelsesniveau")],
                max_length=20,
                verbose_name="niveau",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="number",
            field=models.CharField(blank=True, max_length=10, verbose_name="nummer"),
        ),
        migrations.AddConstraint(
            model_name="initiative",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True),
                fields=("plan", "number"),
                name="initiative_unique_number_per_plan",
            ),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
    ]
