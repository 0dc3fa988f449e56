"""The read log (ADR 0012): one entry per request that showed personal data,
with the people it showed as narrow link rows. The reads logged so far (change-log
entries with action ``view``, one per opened person page) move into it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_views_to_read_log(apps, schema_editor):
    ChangeLogEntry = apps.get_model("core", "ChangeLogEntry")
    ReadLogEntry = apps.get_model("core", "ReadLogEntry")
    ReadLogSubject = apps.get_model("core", "ReadLogSubject")
    views = ChangeLogEntry.objects.filter(action="view").select_related("content_type")
    for old in views.order_by("id").iterator():
        if not old.object_id.isdigit():
            continue
        is_person = old.content_type.model == "person"
        entry = ReadLogEntry.objects.create(
            municipality_id=old.municipality_id,
            actor_id=old.actor_id,
            label="Medarbejderside" if is_person else "Side",
            kind="page",
            path="",
            subject_type_id=old.content_type_id,
            subject_count=1,
        )
        # Keep the read's own time (auto_now_add stamped "now").
        ReadLogEntry.objects.filter(pk=entry.pk).update(created_at=old.created_at)
        ReadLogSubject.objects.create(entry=entry, object_id=int(old.object_id))
    views.delete()


def move_read_log_back(apps, schema_editor):
    ChangeLogEntry = apps.get_model("core", "ChangeLogEntry")
    ReadLogSubject = apps.get_model("core", "ReadLogSubject")
    for subject in ReadLogSubject.objects.select_related("entry").iterator():
        entry = subject.entry
        old = ChangeLogEntry.objects.create(
            municipality_id=entry.municipality_id,
            actor_id=entry.actor_id,
            action="view",
            content_type_id=entry.subject_type_id,
            object_id=str(subject.object_id),
            object_repr=entry.label,
        )
        ChangeLogEntry.objects.filter(pk=old.pk).update(created_at=entry.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_changelog_related"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReadLogEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="tidspunkt"
                    ),
                ),
                ("label", models.CharField(max_length=100, verbose_name="hvor")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("page", "Visning"),
                            ("form", "Redigering"),
                            ("list", "Liste"),
                            ("search", "Søgning"),
                            ("csv", "Eksport (CSV)"),
                            ("xlsx", "Eksport (XLSX)"),
                            ("panel", "Forsidepanel"),
                            ("preview", "Forhåndsvisning"),
                        ],
                        max_length=10,
                        verbose_name="hvordan",
                    ),
                ),
                ("path", models.CharField(blank=True, max_length=500, verbose_name="adresse")),
                ("subject_count", models.PositiveIntegerField(verbose_name="antal personer")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="set af",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.municipality",
                        verbose_name="kommune",
                    ),
                ),
                (
                    "subject_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="type",
                    ),
                ),
            ],
            options={
                "verbose_name": "læselog",
                "verbose_name_plural": "læselog",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="ReadLogSubject",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "object_id",
                        "entry",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="objekt-id")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="subjects",
                        to="core.readlogentry",
                        verbose_name="læsning",
                    ),
                ),
            ],
            options={
                "verbose_name": "læst person",
                "verbose_name_plural": "læste personer",
            },
        ),
        migrations.RunPython(move_views_to_read_log, move_read_log_back),
    ]
