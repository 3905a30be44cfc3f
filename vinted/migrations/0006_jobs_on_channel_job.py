# Vinted's jobs subclass channels.ChannelJob / ChannelJobEvent (docs/architecture.md, "Channel jobs"):
# the same columns, so only the choices change, and Vinted's `waiting_session` is the shared
# `waiting_reconnect` (one UPDATE per table, on the few rows in that state).

from django.db import migrations, models

OLD, NEW = "waiting_session", "waiting_reconnect"


def rename_state(apps, old, new):
    Job = apps.get_model("vinted", "Job")
    JobEvent = apps.get_model("vinted", "JobEvent")
    Job.objects.filter(state=old).update(state=new)
    JobEvent.objects.filter(from_state=old).update(from_state=new)
    JobEvent.objects.filter(to_state=old).update(to_state=new)


def forwards(apps, schema_editor):
    rename_state(apps, OLD, NEW)


def backwards(apps, schema_editor):
    rename_state(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("vinted", "0005_listing_reserved"),
    ]

    operations = [
        migrations.AlterField(
            model_name="job",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("running", "Running"),
                    ("completed", "Completed"),
                    ("failed", "Failed"),
                    ("cancelled", "Cancelled"),
                    ("waiting_rate_limit", "Waiting for the call limit"),
                    ("waiting_reconnect", "Waiting for you to reconnect the account"),
                    ("needs_attention", "Needs your attention"),
                    ("unknown", "Checking on the marketplace"),
                ],
                default="pending",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="jobevent",
            name="kind",
            field=models.CharField(choices=[("transition", "State change"), ("request", "Request")], max_length=10),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
