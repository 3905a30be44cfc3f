"""A real migration through `migrate_tenants`: the template goes through Django's executor (a per-schema
`migrate`), shop schemas whose pending migrations reduce to SQL get that SQL as one script, the others
the executor; either way every shop ends up as the template, and a killed run resumes.

The pending migration is tests/migrate_with_probe.py's probe (a catalog migration the code does not
have), so the tests live here rather than in tenants/ (which knows no catalog)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django_tenants.utils import schema_context

from catalog.tests.factories import ProductFactory
from tenants import migration_state, provisioning
from tenants.models import TEMPLATE_SCHEMA, SchemaMigrationState
from tests.migrate_with_probe import FILLED, PROBE_COLUMN, PROBE_INDEX, PROBE_NAME

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def shops(committed_platform):
    made = [
        provisioning.provision_shop(
            name=f"Probe {n}", owner_email=f"probe{n}@example.com", password="a-long-password-1"
        ).tenant
        for n in range(3)
    ]
    for shop in made:
        with schema_context(shop.schema_name):
            ProductFactory()
    connection.set_schema_to_public()
    yield made
    # The template outlives the test: take the probe back out of it (committed_platform drops the shops).
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE "{TEMPLATE_SCHEMA}".catalog_product DROP COLUMN IF EXISTS {PROBE_COLUMN}')
        cursor.execute(f'DELETE FROM "{TEMPLATE_SCHEMA}".django_migrations WHERE name = %s', [PROBE_NAME])
    migration_state.record(TEMPLATE_SCHEMA)


def _database_url() -> str:
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def _migrate_with_probe(kind: str, *args, **popen):
    # Its own process, as an operator runs it (the command forks its workers).
    command = [sys.executable, "tests/migrate_with_probe.py", kind, *args]
    options = dict(cwd=ROOT, env={**os.environ, "DATABASE_URL": _database_url()})
    if popen:
        return subprocess.Popen(command, **options, **popen)
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **options)


def _shape(schema: str) -> dict:
    """Columns, indexes, constraints and migration records, with the schema's own name taken out."""

    def rows(sql: str) -> list[tuple]:
        cursor.execute(sql, [schema])
        return [tuple(str(v).replace(f'"{schema}".', "").replace(f"{schema}.", "") for v in row) for row in cursor]

    with connection.cursor() as cursor:
        shape = {
            "columns": rows(
                "SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length "
                "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2"
            ),
            "indexes": rows(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1, 2"
            ),
            "constraints": rows(
                "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
                "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s ORDER BY 1, 2"
            ),
        }
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        shape["migrations"] = cursor.fetchall()
    return shape


def _change(before: dict, after: dict) -> dict:
    return {key: (set(after[key]) - set(before[key]), set(before[key]) - set(after[key])) for key in before}


def _shapes(shops) -> dict:
    return {schema: _shape(schema) for schema in [TEMPLATE_SCHEMA] + [shop.schema_name for shop in shops]}


def _same_change_as_the_template(before: dict, shops) -> list[bool]:
    """Whether each shop's migration added and removed exactly what the executor's did in the template."""
    template = _change(before[TEMPLATE_SCHEMA], _shape(TEMPLATE_SCHEMA))
    assert template["migrations"][0] and template["columns"][0] and template["indexes"][0]
    return [_change(before[shop.schema_name], _shape(shop.schema_name)) == template for shop in shops]


def _has_probe(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = %s AND table_name = 'catalog_product' "
            "AND column_name = %s",
            [schema, PROBE_COLUMN],
        )
        return cursor.fetchone() is not None


def _fingerprints(shops) -> list[str]:
    states = dict(SchemaMigrationState.objects.filter(tenant__in=shops).values_list("tenant_id", "fingerprint"))
    return [states.get(shop.pk) for shop in shops]


def _template_fingerprint() -> str:
    return SchemaMigrationState.objects.get(tenant__schema_name=TEMPLATE_SCHEMA).fingerprint


def test_migrate_tenants_with_sql_only_migrations_sends_their_sql_and_leaves_shops_as_the_executor_leaves_the_template(
    shops,
):
    before = _shapes(shops)
    result = _migrate_with_probe("sql", "--processes", "2", "-v", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    for shop in shops:
        assert f"{shop.schema_name}: 1 migrations applied as one SQL script" in result.stdout, result.stdout
    assert " 0 by Django's executor" in result.stdout, result.stdout

    connection.set_schema_to_public()
    template = _shape(TEMPLATE_SCHEMA)
    assert ("catalog", PROBE_NAME) in template["migrations"]
    assert any(index[1] == PROBE_INDEX for index in template["indexes"])
    assert _same_change_as_the_template(before, shops) == [True, True, True]
    fingerprint = _template_fingerprint()
    assert fingerprint != migration_state.code_fingerprint()  # the probe is in it
    assert _fingerprints(shops) == [fingerprint] * 3


def test_migrate_tenants_with_a_python_operation_runs_the_executor_per_shop_and_leaves_shops_as_the_template(shops):
    before = _shapes(shops)
    result = _migrate_with_probe("python", "--processes", "2", "-v", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    for shop in shops:
        assert f"{shop.schema_name}: 1 migrations applied by Django's executor" in result.stdout, result.stdout
    assert "0 schema(s) migrated as one SQL script" in result.stdout, result.stdout

    connection.set_schema_to_public()
    assert _same_change_as_the_template(before, shops) == [True, True, True]
    for shop in shops:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT {PROBE_COLUMN} FROM "{shop.schema_name}".catalog_product')
            assert cursor.fetchall() == [(FILLED,)]
    assert _fingerprints(shops) == [_template_fingerprint()] * 3


def test_migrate_tenants_with_a_public_only_python_migration_only_records_it_in_each_shop(shops):
    before = _shapes(shops)
    result = _migrate_with_probe("public", "--processes", "2", "-v", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    for shop in shops:
        assert f"{shop.schema_name}: 1 migrations applied as one SQL script" in result.stdout, result.stdout
    assert " 0 by Django's executor" in result.stdout, result.stdout

    connection.set_schema_to_public()
    for shop in shops:
        change = _change(before[shop.schema_name], _shape(shop.schema_name))
        assert change["migrations"] == ({("channels", PROBE_NAME)}, set())
        assert all(change[key] == (set(), set()) for key in ("columns", "indexes", "constraints"))
    assert _fingerprints(shops) == [_template_fingerprint()] * 3


def test_migrate_tenants_killed_during_a_real_migration_leaves_each_shop_done_or_untouched_and_a_rerun_finishes(
    shops,
):
    before = _shapes(shops)
    with psycopg.connect(_database_url()) as locker, psycopg.connect(_database_url(), autocommit=True) as watcher:
        # The template and the first shop are migrated; the second shop's migration waits on this lock.
        locker.execute(f'LOCK TABLE "{shops[1].schema_name}".django_migrations IN ACCESS EXCLUSIVE MODE')
        run = _migrate_with_probe(
            "sql", "--processes", "1", start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 120
        try:
            while (
                time.time() < deadline
                and not watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE '%%django_migrations%%' AND pid <> pg_backend_pid()"
                ).fetchone()
            ):
                assert run.poll() is None, "migrate_tenants ended before reaching the locked schema"
                time.sleep(0.1)
        finally:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait(10)
            locker.rollback()

    connection.set_schema_to_public()
    fingerprint = _template_fingerprint()
    assert [_has_probe(shop.schema_name) for shop in shops] == [True, False, False]
    assert [state == fingerprint for state in _fingerprints(shops)] == [True, False, False]

    result = _migrate_with_probe("sql", "--processes", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    connection.set_schema_to_public()
    assert _same_change_as_the_template(before, shops) == [True, True, True]
    assert _fingerprints(shops) == [fingerprint] * 3
