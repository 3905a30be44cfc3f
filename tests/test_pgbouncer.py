"""A shop's schema behind PgBouncer in transaction mode (docs/deployment.md, decisions/0013).

The pooler hands each transaction whichever server connection is free, so the two shops' Django
connections below share PostgreSQL connections: exactly what a busy site does. One shop must never
see the other's schema, in autocommit statements, in transactions, or after a rollback.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.db.utils import load_backend

from catalog.models import Product
from catalog.tests.factories import ProductFactory
from scripts.stack import as_postgres, free_port, port_open

pytestmark = pytest.mark.django_db

PLAIN_BACKEND = "django_tenants.postgresql_backend"
POOLED_BACKEND = "stoflow.pooled_postgresql"


@pytest.fixture(scope="module")
def pgbouncer(django_db_setup, django_db_blocker):
    """PgBouncer from Debian in transaction mode with two server connections, in front of the test
    database; the port it listens on."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    with django_db_blocker.unblock():
        database = connection.settings_dict
    # PgBouncer refuses to run as root and then runs as the postgres user (as PostgreSQL does here),
    # which cannot enter pytest's private temporary folders.
    folder = Path(tempfile.mkdtemp(prefix="stoflow-pgbouncer-"))
    folder.chmod(0o755)
    port = free_port()
    (folder / "users.txt").write_text(f'"{database["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={database['HOST'] or '127.0.0.1'} port={database['PORT']}\n"
        "[pgbouncer]\n"
        f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {folder / 'users.txt'}\n"
        f"logfile = {folder / 'pgbouncer.log'}\n"
        "pool_mode = transaction\ndefault_pool_size = 2\nmax_client_conn = 20\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    (folder / "pgbouncer.log").touch()
    for path in folder.iterdir():
        path.chmod(0o666)
    process = subprocess.Popen(as_postgres([binary, str(folder / "pgbouncer.ini")]))
    deadline = time.monotonic() + 10
    while not port_open(port):
        assert process.poll() is None and time.monotonic() < deadline, (folder / "pgbouncer.log").read_text()
        time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def through_pgbouncer(pgbouncer):
    """Opens Django connections through PgBouncer with the given backend, as aliases the ORM can use."""
    opened = []

    def open_connection(backend: str, tenant):
        alias = f"pooled_{len(opened)}"
        settings_dict = {
            **connection.settings_dict,
            "ENGINE": backend,
            "HOST": "127.0.0.1",
            "PORT": pgbouncer,
            "CONN_MAX_AGE": 0,
            "DISABLE_SERVER_SIDE_CURSORS": True,
        }
        # Given to the handler without a settings entry: the ORM can use it (`.using(alias)`) and
        # Django's test case lets a connection made during the test connect.
        connections[alias] = load_backend(backend).DatabaseWrapper(settings_dict, alias)
        connections[alias].set_tenant(tenant)
        opened.append(alias)
        return connections[alias]

    yield open_connection
    for alias in opened:
        connections[alias].close()
        del connections[alias]


def _schema_seen(cursor) -> str:
    cursor.execute("SELECT current_schema()")
    return cursor.fetchone()[0]


def test_plain_backend_behind_transaction_pooler_reads_another_shops_schema(through_pgbouncer, shop_a, shop_b):
    """Why the pooled backend exists: django-tenants' session-level SET does not survive the pooler."""
    a = through_pgbouncer(PLAIN_BACKEND, shop_a.tenant)
    b = through_pgbouncer(PLAIN_BACKEND, shop_b.tenant)
    seen = set()
    for _ in range(5):
        cursor_a = a.cursor()  # SET search_path for shop a, on some server connection
        cursor_b = b.cursor()  # SET search_path for shop b, maybe on the same one
        seen.add(_schema_seen(cursor_a))
        cursor_a.close()
        cursor_b.close()
    assert seen - {shop_a.tenant.schema_name}, "expected the pooler to mix the shops' paths"


def test_pooled_backend_autocommit_statements_each_see_their_own_shop(through_pgbouncer, shop_a, shop_b):
    a = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    b = through_pgbouncer(POOLED_BACKEND, shop_b.tenant)
    for _ in range(20):
        cursor_a, cursor_b = a.cursor(), b.cursor()
        assert _schema_seen(cursor_a) == shop_a.tenant.schema_name
        assert _schema_seen(cursor_b) == shop_b.tenant.schema_name
        assert _schema_seen(cursor_a) == shop_a.tenant.schema_name
        cursor_a.close()
        cursor_b.close()


def test_pooled_backend_transaction_keeps_its_shop_while_others_share_the_pool(through_pgbouncer, shop_a, shop_b):
    a = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    b = through_pgbouncer(POOLED_BACKEND, shop_b.tenant)
    c = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    with transaction.atomic(using=a.alias):
        with a.cursor() as cursor_a:
            for _ in range(10):
                assert _schema_seen(cursor_a) == shop_a.tenant.schema_name
                # b and c alternate on the pool's other server connection meanwhile
                with b.cursor() as cursor_b:
                    assert _schema_seen(cursor_b) == shop_b.tenant.schema_name
                with c.cursor() as cursor_c:
                    assert _schema_seen(cursor_c) == shop_a.tenant.schema_name


def test_pooled_backend_orm_writes_and_reads_stay_in_their_shop(through_pgbouncer, shop_a, shop_b):
    a = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    b = through_pgbouncer(POOLED_BACKEND, shop_b.tenant)
    product = ProductFactory.build(title="Only in shop a")
    try:
        with transaction.atomic(using=a.alias):
            product.save(using=a.alias)
            assert Product.objects.using(b.alias).filter(title="Only in shop a").count() == 0
        assert Product.objects.using(a.alias).filter(title="Only in shop a").count() == 1
        assert Product.objects.using(b.alias).filter(title="Only in shop a").count() == 0
    finally:
        Product.objects.using(a.alias).filter(title="Only in shop a").delete()


def test_pooled_backend_concurrent_threads_never_see_the_other_shop(through_pgbouncer, pgbouncer, shop_a, shop_b):
    """Four threads, two per shop, read through two pooled server connections at once."""
    writer = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    ProductFactory.build(title="Marker of shop a").save(using=writer.alias)
    mistakes, errors = [], []

    def reader(shop, expected: bool):
        try:
            alias = f"reader_{threading.get_ident()}"
            settings_dict = {**writer.settings_dict}
            connections[alias] = load_backend(POOLED_BACKEND).DatabaseWrapper(settings_dict, alias)
            connections[alias].set_tenant(shop.tenant)
            for _ in range(100):
                if Product.objects.using(alias).filter(title="Marker of shop a").exists() != expected:
                    mistakes.append(shop.tenant.schema_name)
            connections[alias].close()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=reader, args=(shop, shop is shop_a)) for shop in (shop_a, shop_b) * 2]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        Product.objects.using(writer.alias).filter(title="Marker of shop a").delete()
    assert errors == []
    assert mistakes == []


def test_pooled_backend_after_rollback_to_savepoint_sets_the_shop_again(through_pgbouncer, shop_a, shop_b):
    a = through_pgbouncer(POOLED_BACKEND, shop_b.tenant)
    with transaction.atomic(using=a.alias):
        with pytest.raises(RuntimeError), transaction.atomic(using=a.alias):
            a.set_tenant(shop_a.tenant)
            with a.cursor() as cursor:
                assert _schema_seen(cursor) == shop_a.tenant.schema_name
            raise RuntimeError("undo the savepoint")
        with a.cursor() as cursor:
            # the rollback undid the SET LOCAL; the connection still belongs to shop a
            assert _schema_seen(cursor) == shop_a.tenant.schema_name


def test_pooled_backend_refuses_server_side_cursors(through_pgbouncer, shop_a):
    a = through_pgbouncer(POOLED_BACKEND, shop_a.tenant)
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="DISABLE_SERVER_SIDE_CURSORS"):
        a.create_cursor(name="held")


def test_settings_with_transaction_pooling_choose_the_pooled_backend():
    script = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    env = {**os.environ, "DB_TRANSACTION_POOLING": "true", "DJANGO_SETTINGS_MODULE": "stoflow.settings"}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [POOLED_BACKEND, "True"]
