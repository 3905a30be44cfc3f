"""A cloned shop schema is the same, object for object, as one built by replaying every migration."""

import re

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from tenants import clone, provisioning

pytestmark = pytest.mark.django_db


def _without_casts(definition: str) -> str:
    """Re-creating a partial index or a check constraint deparses its expression with other (equivalent)
    casts and brackets."""
    return re.sub(r"::[a-z ]+(\[\])?|[()\s]", "", definition)


def _structure(schema: str) -> dict:
    """Columns, indexes and constraints of a schema, with the schema's own name masked."""

    def rows(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql, [schema])
            return sorted(tuple(str(v).replace(f"{schema}.", "S.") for v in row) for row in cursor.fetchall())

    connection.set_schema_to_public()
    return {
        "columns": rows("""SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                  a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid)
                           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                           JOIN pg_namespace n ON n.oid = c.relnamespace
                           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                           WHERE n.nspname = %s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"""),
        "indexes": [
            (name, _without_casts(definition))
            for name, definition in rows("""SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s""")
        ],
        "constraints": [
            (table, name, _without_casts(definition))
            for table, name, definition in rows(
                """SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
               JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = %s"""
            )
        ],
    }


def test_clone_matches_replayed_migrations_column_index_and_constraint_for_each():
    cloned = provisioning.provision_shop(name="Clone", owner_email="c@example.com", password="x-long-pass-1")
    replayed = provisioning.provision_shop(
        name="Replay", owner_email="r@example.com", password="x-long-pass-1", method="migrate"
    )
    one, other = _structure(cloned.tenant.schema_name), _structure(replayed.tenant.schema_name)
    assert one["columns"] and one["indexes"] and one["constraints"]
    for kind in one:
        only_clone = sorted(set(one[kind]) - set(other[kind]))
        only_replay = sorted(set(other[kind]) - set(one[kind]))
        assert not only_clone and not only_replay, (kind, only_clone, only_replay)


def test_clone_copies_the_migration_records_and_new_rows_get_fresh_ids():
    from catalog.tests.factories import ProductFactory

    shop = provisioning.provision_shop(name="Fresh", owner_email="f@example.com", password="x-long-pass-1")
    with tenant_context(shop.tenant):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            assert cursor.fetchone()[0] > 0
        first, second = ProductFactory(), ProductFactory()
        assert second.pk == first.pk + 1
    connection.set_schema_to_public()


def test_clone_refuses_a_template_holding_a_view():
    with connection.cursor() as cursor:
        cursor.execute('CREATE VIEW "tenant_template"."a_view" AS SELECT 1 AS one')
    with pytest.raises(clone.CloneError, match="a_view"):
        clone.clone_schema("tenant_template", "t_refused00")


def test_clone_refuses_unexpected_schema_names():
    with pytest.raises(clone.CloneError):
        clone.clone_schema("tenant_template", 't_x"; DROP SCHEMA public; --')


def test_clone_with_a_version_reads_the_template_catalog_once_then_sends_one_statement():
    from django.test.utils import CaptureQueriesContext

    clone.clone_schema("tenant_template", "t_versioned1", version="bench-version")
    with CaptureQueriesContext(connection) as second:
        clone.clone_schema("tenant_template", "t_versioned2", version="bench-version")
    statements = [q["sql"] for q in second.captured_queries if not q["sql"].startswith("SET ")]
    assert len(statements) == 1 and statements[0].startswith('CREATE SCHEMA "t_versioned2"')
    assert _structure("t_versioned2") == _structure("t_versioned1") == _structure("tenant_template")
