"""Rows for the accounts connected before the index existed: read once here, from every shop
schema, so the beat task never has to scan them. They are due at once; the first ticks open
each of those shops once and set the exact time (vinted.jobs.schedule)."""

from django.db import migrations


def index_connected_accounts(apps, schema_editor):
    connection = schema_editor.connection
    if connection.schema_name != "public":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_tenant WHERE schema_name <> 'public'")
        schemas = [row[0] for row in cursor.fetchall()]
        for schema in schemas:
            table = connection.ops.quote_name(schema) + ".vinted_vintedaccount"
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0] is None:
                continue  # a schema not migrated this far has no accounts yet
            cursor.execute(
                "INSERT INTO vinted_ledger_syncschedule (tenant_schema, account_id, next_sync_at, updated_at) "
                f"SELECT %s, id, now(), now() FROM {table} WHERE status = 'connected' "
                "ON CONFLICT (tenant_schema, account_id) DO NOTHING",
                [schema],
            )


class Migration(migrations.Migration):
    dependencies = [("vinted_ledger", "0003_syncschedule"), ("tenants", "0001_initial")]
    operations = [migrations.RunPython(index_connected_accounts, migrations.RunPython.noop)]
