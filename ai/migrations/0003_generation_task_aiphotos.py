from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ai", "0002_generation_requested_by_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="generation",
            name="task",
            field=models.CharField(
                choices=[("listing", "Text from the product's details"), ("photos", "Proposal from photos")],
                default="listing",
                max_length=16,
            ),
        ),
    ]
