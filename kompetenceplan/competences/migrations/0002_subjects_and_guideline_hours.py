"""Load the folkeskole's subjects and the guideline-hours tables from
competences/data/ (national reference data, docs/competences.md)."""

from django.db import migrations


def load(apps, schema_editor):
    from kompetenceplan.competences.reference import guideline_files, subjects

    Subject = apps.get_model("competences", "Subject")
    GuidelineTable = apps.get_model("competences", "GuidelineTable")
    GuidelineHours = apps.get_model("competences", "GuidelineHours")
    by_name = {}
    for row in subjects():
        subject, _ = Subject.objects.update_or_create(
            code=row.code,
            defaults={
                "name": row.name,
                "kind": row.kind,
                "first_grade": row.first_grade,
                "last_grade": row.last_grade,
                "in_coverage": row.in_coverage,
                "sort_order": row.sort_order,
            },
        )
        by_name[row.name] = subject
    for data in guideline_files():
        table, _ = GuidelineTable.objects.update_or_create(
            first_school_year=data.first_school_year,
            defaults={
                "name": data.name,
                "last_school_year": data.last_school_year,
                "provisional": data.provisional,
                "source": data.source,
                "notes": data.notes,
            },
        )
        for (name, grade), (hours, verified) in data.hours.items():
            GuidelineHours.objects.update_or_create(
                table=table,
                subject=by_name[name],
                grade=grade,
                defaults={"hours": hours, "verified": verified},
            )


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_subjects_competences_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
