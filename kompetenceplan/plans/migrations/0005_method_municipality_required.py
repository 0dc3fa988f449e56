"""Step 3 of 3 (see 0003): every method has its municipality; the name is
unique within it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_reference_data_per_municipality")]

    operations = [
        migrations.AlterField(
            model_name="method",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="methods",
                to="core.municipality",
                verbose_name="kommune",
            ),
        ),
        migrations.AddConstraint(
            model_name="method",
            constraint=models.UniqueConstraint(
                fields=("municipality", "name"), name="method_unique_name_per_municipality"
            ),
        ),
    ]
