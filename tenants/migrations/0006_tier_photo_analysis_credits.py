from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0005_schema_migration_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="tier",
            name="ai_credits_per_photo_analysis",
            field=models.PositiveSmallIntegerField(
                default=3, help_text="AI credits one analysis of a product's photos takes (a text takes 1)"
            ),
        ),
    ]
