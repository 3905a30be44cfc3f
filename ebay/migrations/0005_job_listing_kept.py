from django.db import migrations, models

# Back to a required listing: the jobs whose listing was deleted for good go, with their history, as
# the cascade did. The deletes leave deferred foreign-key checks pending, and PostgreSQL alters no
# table with pending trigger events: they run at once, before the column becomes NOT NULL. Plain SQL
# (not RunPython) keeps the migration on migrate_tenants' SQL path (docs/scaling.md).
DROP_JOBS_WITHOUT_LISTING = [
    "DELETE FROM ebay_ebayjobevent WHERE job_id IN (SELECT id FROM ebay_ebayjob WHERE listing_id IS NULL)",
    "DELETE FROM ebay_ebayjob WHERE listing_id IS NULL",
    "SET CONSTRAINTS ALL IMMEDIATE",
]


class Migration(migrations.Migration):
    dependencies = [
        ("ebay", "0004_orders_poll"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ebayjob",
            name="listing",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="jobs",
                to="ebay.ebaylisting",
            ),
        ),
        # Reversed first when migrating back.
        migrations.RunSQL(migrations.RunSQL.noop, DROP_JOBS_WITHOUT_LISTING, elidable=False),
    ]
