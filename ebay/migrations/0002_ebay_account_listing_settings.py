from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("ebay", "0001_ebay_accounts")]

    operations = [
        migrations.AddField(
            model_name="ebayaccount", name="fulfillment_policy_id", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(
            model_name="ebayaccount", name="payment_policy_id", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(
            model_name="ebayaccount", name="return_policy_id", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(
            model_name="ebayaccount", name="merchant_location_key", field=models.CharField(blank=True, max_length=36)
        ),
        migrations.AddField(
            model_name="ebayaccount", name="setup_done_at", field=models.DateTimeField(blank=True, null=True)
        ),
    ]
