"""`migrate_tenants` migrates the template first, then every shop schema whose recorded migration state is
behind the code, with several processes, each schema in its own transaction."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tenants import migration_state, provisioning
from tenants.models import SchemaMigrationState

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


# The newest one: forgetting an older one would leave an inconsistent history.
_FORGET_LAST_TENANTS_MIGRATION = (
    "DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations WHERE app = 'tenants')"
)


def _applied(schema: str) -> int:
    with schema_context(schema):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            return cursor.fetchone()[0]


def test_migrate_tenants_with_two_processes_brings_every_schema_up_to_date(committed_platform):
    shops = [
        provisioning.provision_shop(
            name=f"Parallel {n}", owner_email=f"p{n}@example.com", password="a-long-password-1"
        ).tenant
        for n in range(3)
    ]
    for shop in shops:  # forget one migration, as if the shop had missed the last deploy
        with schema_context(shop.schema_name):
            with connection.cursor() as cursor:
                cursor.execute(_FORGET_LAST_TENANTS_MIGRATION)
    connection.set_schema_to_public()
    SchemaMigrationState.objects.filter(tenant__in=shops).update(fingerprint="before-the-last-deploy")
    expected = _applied("tenant_template")

    result = _migrate_tenants("--processes", "2", "-v", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3/3 schemas" in result.stdout, result.stdout

    connection.set_schema_to_public()
    assert [_applied(shop.schema_name) for shop in shops] == [expected] * 3, result.stdout


def _migrate_tenants(*args, **popen):
    # Its own process, as an operator runs it: the multiprocessing executor forks, and forking the
    # test runner itself (threads, open sockets) can hang.
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    command = [sys.executable, "manage.py", "migrate_tenants", *args]
    options = dict(cwd=Path(__file__).resolve().parents[2], env={**os.environ, "DATABASE_URL": url})
    if popen:
        return subprocess.Popen(command, **options, **popen)
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **options)


def test_migrate_tenants_with_nothing_pending_opens_no_schema(committed_platform):
    shop = provisioning.provision_shop(name="Quiet", owner_email="quiet@example.com", password="a-long-password-1")
    assert not migration_state.pending_schemas(include_template=True)
    # A missing record that only opening the schema would notice stays missing: the schema was not read.
    with schema_context(shop.tenant.schema_name):
        with connection.cursor() as cursor:
            cursor.execute(_FORGET_LAST_TENANTS_MIGRATION)
    connection.set_schema_to_public()
    before = _applied(shop.tenant.schema_name)

    result = _migrate_tenants()
    assert result.returncode == 0 and "Nothing to do" in result.stdout, result.stdout + result.stderr
    assert _applied(shop.tenant.schema_name) == before
    assert _migrate_tenants("--verify", "--processes", "1").returncode == 0
    assert _applied(shop.tenant.schema_name) == before + 1


def test_migrate_tenants_killed_midway_leaves_each_schema_done_or_pending_and_a_rerun_finishes(committed_platform):
    import signal
    import time

    import psycopg

    shops = [
        provisioning.provision_shop(
            name=f"Resume {n}", owner_email=f"r{n}@example.com", password="a-long-password-1"
        ).tenant
        for n in range(3)
    ]
    SchemaMigrationState.objects.filter(tenant__in=shops).update(fingerprint="before-the-last-deploy")
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    with psycopg.connect(url) as locker, psycopg.connect(url, autocommit=True) as watcher:
        # The second shop's migration waits on this lock, after the first shop was migrated and recorded.
        locker.execute(f'LOCK TABLE "{shops[1].schema_name}".django_migrations IN ACCESS EXCLUSIVE MODE')
        run = _migrate_tenants(
            "--processes", "1", start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 60
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
    states = dict(SchemaMigrationState.objects.filter(tenant__in=shops).values_list("tenant_id", "fingerprint"))
    assert [states[s.pk] == migration_state.code_fingerprint() for s in shops] == [True, False, False]

    result = _migrate_tenants("--processes", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2/2 schemas" in result.stdout and not migration_state.pending_schemas(include_template=True)
