from django.db import migrations, models


def drop_jobs_without_listing(apps, schema_editor):
    """Back to a required listing: the jobs whose listing was deleted for good go, as the cascade did."""
    EbayJob = apps.get_model("ebay", "EbayJob")
    EbayJob.objects.filter(listing__isnull=True).delete()
    # The deletes leave deferred foreign-key checks pending, and PostgreSQL alters no table with
    # pending trigger events: run them now, before the column becomes NOT NULL.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


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
        migrations.RunPython(migrations.RunPython.noop, drop_jobs_without_listing, elidable=False),
    ]
