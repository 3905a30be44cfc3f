from django.db import migrations

from tenants.seeds import TIER_PLAN


def create_platform_rows(apps, schema_editor):
    if schema_editor.connection.schema_name != "public":
        return
    Tier = apps.get_model("tenants", "Tier")
    Tenant = apps.get_model("tenants", "Tenant")
    for position, (code, name, products, platforms, credits) in enumerate(TIER_PLAN):
        Tier.objects.get_or_create(
            code=code,
            defaults=dict(
                name=name,
                max_products=products,
                max_platforms=platforms,
                ai_credits_per_month=credits,
                position=position,
            ),
        )
    Tenant.objects.get_or_create(schema_name="public", defaults={"name": "Public"})


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(create_platform_rows, migrations.RunPython.noop)]
