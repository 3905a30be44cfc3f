# Vinted's jobs use the one public dispatch index of every channel (channels.JobDispatch, docs/architecture.md,
# "Channel jobs"): the live rows move there with channel "vinted", then this table goes. Its account_key
# column had no reader (the hand-over asks the shop's own jobs), so it is not carried over. The state of
# a job waiting for a fresh session takes the shared name (vinted 0006 renames it on the job rows).

from django.db import migrations

BATCH = 1000
CHANNEL = "vinted"


def state_forwards(state):
    return "waiting_reconnect" if state == "waiting_session" else state


def state_backwards(state):
    return "waiting_session" if state == "waiting_reconnect" else state


def move_rows(source, target, build):
    rows = source.order_by("pk").iterator(chunk_size=BATCH)
    batch = []
    for row in rows:
        batch.append(build(row))
        if len(batch) == BATCH:
            target.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        target.bulk_create(batch, ignore_conflicts=True)


def forwards(apps, schema_editor):
    Old = apps.get_model("vinted_ledger", "JobDispatch")
    New = apps.get_model("channels", "JobDispatch")
    move_rows(
        Old.objects.all(),
        New.objects,
        lambda row: New(
            channel=CHANNEL,
            tenant_schema=row.tenant_schema,
            job_id=row.job_id,
            job_public_id=row.job_public_id,
            action=row.action,
            state=state_forwards(row.state),
            due_at=row.due_at,
        ),
    )


def backwards(apps, schema_editor):
    Old = apps.get_model("vinted_ledger", "JobDispatch")
    New = apps.get_model("channels", "JobDispatch")
    rows = New.objects.filter(channel=CHANNEL)
    move_rows(
        rows,
        Old.objects,
        lambda row: Old(
            tenant_schema=row.tenant_schema,
            job_id=row.job_id,
            job_public_id=row.job_public_id,
            account_key="",
            action=row.action[:10],
            state=state_backwards(row.state),
            due_at=row.due_at,
        ),
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vinted_ledger", "0004_syncschedule_existing_accounts"),
        ("channels", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.DeleteModel(name="JobDispatch"),
    ]
