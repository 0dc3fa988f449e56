"""Step 3 of 3 (see 0003): every resource function has its municipality; the
name is unique within it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_resourcefunction_municipality")]

    operations = [
        migrations.AlterField(
            model_name="resourcefunction",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="resource_functions",
                to="core.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AddConstraint(
            model_name="resourcefunction",
            constraint=models.UniqueConstraint(
                fields=("municipality", "name"),
                name="resourcefunction_unique_name_per_municipality",
            ),
        ),
    ]
