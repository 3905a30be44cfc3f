from django.db import migrations, models


class Migration(migrations.Migration):
    """Flaw notes are published (the AI writes them into the listing); private notes never are."""

    dependencies = [
        ("catalog", "0006_sale"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="private_notes",
            field=models.TextField(
                blank=True,
                help_text="For you only, e.g. where it is stored or what you paid. Never published and never sent to the AI.",
                verbose_name="private notes",
            ),
        ),
        migrations.AlterField(
            model_name="product",
            name="seller_notes",
            field=models.TextField(
                blank=True,
                help_text="Visible flaws and condition details, e.g. “small mark on the left sleeve”. They are published: the AI writes them into the listing's description.",
                verbose_name="flaws and condition notes",
            ),
        ),
    ]
