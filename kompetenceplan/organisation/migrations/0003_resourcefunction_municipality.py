"""Resource functions get a municipality (docs/adr/0013-reference-data-per-municipality.md).

Step 1 of 3: the column, still optional, and the name no longer unique on its
own. plans.0004_reference_data_per_municipality gives every row its
municipality (copying a shared row for each municipality that uses it);
0004_resourcefunction_municipality_required then makes it required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_changelog_related"),
        ("organisation", "0002_plan_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcefunction",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="resource_functions",
                to="core.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AlterField(
            model_name="resourcefunction",
            name="name",
            field=models.CharField(max_length=80, verbose_name="navn"),
        ),
    ]
