"""A meeting can be cancelled (kept, with a reason), and its "(n/N)" is
computed for display instead of stored: the stored titles lose their number
(docs/followup.md, "Aflysning, sletning og nummerering")."""

import re

from django.db import migrations, models

NUMBER = re.compile(r" \(\d+/\d+\)$")


def strip_numbers(apps, schema_editor):
    Meeting = apps.get_model("followup", "FollowupMeeting")
    changed = []
    for meeting in Meeting.objects.only("pk", "title").iterator():
        title = NUMBER.sub("", meeting.title)
        if title != meeting.title:
            meeting.title = title
            changed.append(meeting)
    Meeting.objects.bulk_update(changed, ["title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0002_followupkind_active"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupmeeting",
            name="cancel_reason",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="begrundelse for aflysningen"
            ),
        ),
        migrations.AddField(
            model_name="followupmeeting",
            name="cancelled",
            field=models.BooleanField(default=False, verbose_name="aflyst"),
        ),
        # Reversing keeps the titles without their number (display adds it).
        migrations.RunPython(strip_numbers, migrations.RunPython.noop),
    ]
