"""`migrate_tenants` migrates the template first, then every shop schema with several processes."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from tenants import provisioning

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _applied(schema: str) -> int:
    with schema_context(schema):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations")
            return cursor.fetchone()[0]


def test_migrate_tenants_with_two_processes_brings_every_schema_up_to_date(committed_platform):
    shops = [provisioning.provision_shop(name=f"Parallel {n}", owner_email=f"p{n}@example.com",
                                         password="a-long-password-1").tenant for n in range(3)]
    for shop in shops:  # forget one migration, as if the shop had missed the last deploy
        with schema_context(shop.schema_name):
            with connection.cursor() as cursor:
                # The newest one: forgetting an older one would leave an inconsistent history.
                cursor.execute("DELETE FROM django_migrations WHERE id = (SELECT max(id) FROM django_migrations"
                               " WHERE app = 'tenants')")
    connection.set_schema_to_public()
    expected = _applied("tenant_template")

    # Its own process, as an operator runs it: the multiprocessing executor forks, and forking the
    # test runner itself (threads, open sockets) can hang.
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = subprocess.run([sys.executable, "manage.py", "migrate_tenants", "--processes", "2"],
                            cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "DATABASE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr

    connection.set_schema_to_public()
    assert [_applied(shop.schema_name) for shop in shops] == [expected] * 3
