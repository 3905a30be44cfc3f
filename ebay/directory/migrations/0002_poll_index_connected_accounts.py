"""Rows of the public orders-poll index (channels.PollSchedule, channel "ebay") for the eBay accounts
connected before it existed: read once here, from every shop schema, so the beat task never has to
scan them. They are due at once; the first poll of each sets the exact time (ebay.poll_schedule)."""

from django.db import migrations


def index_connected_accounts(apps, schema_editor):
    connection = schema_editor.connection
    if connection.schema_name != "public":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_tenant WHERE schema_name <> 'public'")
        schemas = [row[0] for row in cursor.fetchall()]
        for schema in schemas:
            table = connection.ops.quote_name(schema) + ".ebay_ebayaccount"
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:
                continue  # a schema not migrated this far has no accounts yet
            cursor.execute(
                "INSERT INTO channels_pollschedule (channel, tenant_schema, account_id, next_at, updated_at) "
                f"SELECT 'ebay', %s, id, now(), now() FROM {table} WHERE status = 'connected' "
                "ON CONFLICT (channel, tenant_schema, account_id) DO NOTHING",
                [schema],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("ebay_directory", "0001_ebay_user_shops"),
        ("channels", "0002_pollschedule"),
        ("tenants", "0001_initial"),
    ]
    operations = [migrations.RunPython(index_connected_accounts, migrations.RunPython.noop)]
