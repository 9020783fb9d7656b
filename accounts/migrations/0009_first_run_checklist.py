from django.db import migrations, models
from django.db.models.functions import Now


def put_away_for_existing_members(apps, schema_editor):
    # Everyone already on a care team set up before the checklist existed.
    apps.get_model("accounts", "CareTeamMember").objects.update(checklist_dismissed_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_email_verification"),
    ]

    operations = [
        migrations.AddField(
            model_name="careteammember",
            name="checklist_dismissed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(put_away_for_existing_members, migrations.RunPython.noop),
    ]
