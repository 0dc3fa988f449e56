"""Methods get a municipality (docs/adr/0013-reference-data-per-municipality.md).

Step 1 of 3: the column, still optional, and the name no longer unique on its
own. 0004_reference_data_per_municipality gives every row its municipality;
0005_method_municipality_required makes it required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_changelog_related"),
        ("plans", "0002_postgres_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="method",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="methods",
                to="core.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterField(
            model_name="method",
            name="name",
            field=models.CharField(max_length=120, verbose_name="navn"),
        ),
    ]
