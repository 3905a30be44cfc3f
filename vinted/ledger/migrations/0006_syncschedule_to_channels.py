# Vinted's periodic syncs use the one public poll index of every channel (channels.PollSchedule,
# channels/polls.py, as eBay's orders poll does): the rows move there with channel "vinted", each at
# the same time (null, a sync in progress, stays null), then this table goes. Backwards, the "vinted"
# rows come back and leave the shared index; other channels' rows stay.

from django.db import migrations

BATCH = 1000
CHANNEL = "vinted"


def move_rows(source, target, build):
    batch = []
    for row in source.order_by("pk").iterator(chunk_size=BATCH):
        batch.append(build(row))
        if len(batch) == BATCH:
            target.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        target.bulk_create(batch, ignore_conflicts=True)


def forwards(apps, schema_editor):
    Old = apps.get_model("vinted_ledger", "SyncSchedule")
    New = apps.get_model("channels", "PollSchedule")
    move_rows(
        Old.objects.all(),
        New.objects,
        lambda row: New(
            channel=CHANNEL, tenant_schema=row.tenant_schema, account_id=row.account_id, next_at=row.next_sync_at
        ),
    )


def backwards(apps, schema_editor):
    Old = apps.get_model("vinted_ledger", "SyncSchedule")
    New = apps.get_model("channels", "PollSchedule")
    rows = New.objects.filter(channel=CHANNEL)
    move_rows(
        rows,
        Old.objects,
        lambda row: Old(tenant_schema=row.tenant_schema, account_id=row.account_id, next_sync_at=row.next_at),
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("vinted_ledger", "0005_jobdispatch_to_channels"),
        ("channels", "0002_pollschedule"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
        migrations.DeleteModel(name="SyncSchedule"),
    ]
