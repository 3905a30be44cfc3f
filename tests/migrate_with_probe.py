"""`manage.py migrate_tenants` run with one more catalog migration than the code has: a real migration
for the tests, without writing a file into catalog/migrations.

    python tests/migrate_with_probe.py sql|python [migrate_tenants options]

`sql`: a nullable column and an index on the product table (the bench's probe), which reduces to SQL.
`python`: the same plus a RunPython that fills the column, which only Django's executor can run.
`public`: a RunPython in `channels`, an app that lives only in public: nothing to do in a shop.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE_NAME = "9999_test_probe"
PROBE_COLUMN = "test_probe"
PROBE_INDEX = "catalog_test_probe"
FILLED = "filled by python"


def _fill(apps, schema_editor):
    apps.get_model("catalog", "Product").objects.update(test_probe=FILLED)


def _public_only(apps, schema_editor):
    raise AssertionError("a public-only migration ran in a shop's schema")


def probe_migration(kind: str, after: tuple[str, str]):
    from django.db import migrations, models

    if kind == "public":
        operations = [migrations.RunPython(_public_only, migrations.RunPython.noop)]
        migration = type("Migration", (migrations.Migration,), {"dependencies": [after], "operations": operations})
        return migration(PROBE_NAME, "channels")

    operations = [
        migrations.AddField("product", PROBE_COLUMN, models.CharField(max_length=20, null=True)),
        migrations.AddIndex("product", models.Index(fields=[PROBE_COLUMN], name=PROBE_INDEX)),
    ]
    if kind == "python":
        operations.append(migrations.RunPython(_fill, migrations.RunPython.noop))
    migration = type("Migration", (migrations.Migration,), {"dependencies": [after], "operations": operations})
    return migration(PROBE_NAME, "catalog")


def install(kind: str) -> None:
    """Every migration loader of this process sees the probe after catalog's last migration."""
    from django.db.migrations.loader import MigrationLoader

    build_graph = MigrationLoader.build_graph

    def with_probe(loader):
        build_graph(loader)
        app = "channels" if kind == "public" else "catalog"
        after = next(node for node in loader.graph.leaf_nodes() if node[0] == app)
        migration = probe_migration(kind, after)
        key = (app, PROBE_NAME)
        loader.disk_migrations[key] = migration
        loader.graph.add_node(key, migration)
        loader.graph.add_dependency(migration, key, after)

    MigrationLoader.build_graph = with_probe


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")
    import django

    django.setup()
    install(sys.argv[1])
    from django.core.management import call_command

    call_command("migrate_tenants", *sys.argv[2:])
