"""Which shop schemas need migrating, without opening them.

Each schema's applied migrations are summarised as a fingerprint: the SHA-256 of the migration
graph's leaf nodes (every app's last migration) the schema was last brought up to. When the code's
fingerprint equals a schema's recorded one, nothing can be pending there. The record is written in
the same transaction as the schema's migrations, so a run killed midway leaves every schema either
migrated and recorded, or untouched and still pending.

A clone carries its template's migration records, so it also gets the template's fingerprint.
"""

import hashlib
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, AlterField, SeparateDatabaseAndState
from django.utils import timezone
from psycopg import sql as pg_sql

from .models import PUBLIC_SCHEMA, TEMPLATE_SCHEMA, SchemaMigrationState, Tenant

_fingerprint: str | None = None


def code_fingerprint() -> str:
    """The running code's fingerprint (read from the migration files, no database)."""
    global _fingerprint
    if _fingerprint is None:
        leaves = sorted(
            f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
        )
        _fingerprint = hashlib.sha256("\n".join(leaves).encode()).hexdigest()
    return _fingerprint


def pending_schemas(include_template: bool = False) -> list[str]:
    """Schemas whose recorded fingerprint differs from the code's (or that have none), template first."""
    shops = Tenant.objects.exclude(schema_name=PUBLIC_SCHEMA).exclude(migration_state__fingerprint=code_fingerprint())
    if not include_template:
        shops = shops.exclude(schema_name=TEMPLATE_SCHEMA)
    return list(shops.order_by("-is_template", "pk").values_list("schema_name", flat=True))


def record(schema_name: str, fingerprint: str | None = None) -> None:
    tenant_id = Tenant.objects.filter(schema_name=schema_name).values_list("pk", flat=True).first()
    if tenant_id is not None:
        SchemaMigrationState.objects.update_or_create(
            tenant_id=tenant_id,
            defaults={"fingerprint": fingerprint or code_fingerprint(), "migrated_at": timezone.now()},
        )


def record_clone(source: str, target: str) -> None:
    """The clone holds the source's migration records: it is where the source is."""
    fingerprint = (
        SchemaMigrationState.objects.filter(tenant__schema_name=source).values_list("fingerprint", flat=True).first()
    )
    if fingerprint:
        record(target, fingerprint)


@dataclass
class Outcome:
    schema_name: str
    applied: int
    seconds: float
    as_sql: bool = False


def _reduces_to_sql(operation) -> bool:
    """True when the operation's database side is plain SQL whose text is the same for every schema."""
    if isinstance(operation, SeparateDatabaseAndState):
        return all(_reduces_to_sql(inner) for inner in operation.database_operations)
    if (
        isinstance(operation, (AddField, AlterField))
        and operation.field.has_default()
        and callable(operation.field.default)
    ):
        return False  # a per-schema migrate would call it per schema, the SQL would carry one value
    return operation.reduces_to_sql


def _shop_app_labels() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}


def sql_only(plan) -> bool:
    """Whether a plan can be applied as collected SQL: forwards, atomic, nothing in Python, no squash.

    A migration of an app that lives only in public (not in TENANT_APPS) does nothing in a shop's
    schema, Python included (django-tenants' router refuses it there), so only its record is sent:
    a new public-only migration must not walk every shop through Django's executor.
    """
    shop_apps = _shop_app_labels()
    return all(
        not backwards
        and migration.atomic
        and not migration.replaces
        and (
            migration.app_label not in shop_apps
            or all(_reduces_to_sql(operation) for operation in migration.operations)
        )
        for migration, backwards in plan
    )


class SchemaMigrator:
    """Migrates one schema at a time, reusing one migration graph for every schema of the process.

    When a schema's pending migrations are all SQL (no RunPython, no non-atomic migration), their SQL
    is collected once per set of applied migrations and sent to every schema at that point, with the
    migration records and the schema's state record, in one transaction. Django's executor spends
    most of a schema's time re-rendering model states; the SQL is the same for every schema (names
    are unqualified and resolved through the search path). Otherwise the executor runs per schema.
    """

    def __init__(self, sql_path: bool = True):
        connection.set_schema_to_public()
        self.executor = MigrationExecutor(connection)
        self.targets = self.executor.loader.graph.leaf_nodes()
        self.sql_path = sql_path
        self._states: dict[frozenset, object] = {}
        self._plans: dict[frozenset, tuple[list, str | None]] = {}

    def _state_before(self, applied: frozenset):
        """The project state after the applied migrations, rendered once for every schema at the same
        point: rendering every model takes most of a schema's time when one migration is pending."""
        if applied not in self._states:
            # Django's own builder of this state (private; Django is pinned in requirements.txt).
            state = self.executor._create_project_state(with_applied_migrations=True)
            state.apps  # noqa: B018  (renders the models now, once)
            self._states = {applied: state}
        return self._states[applied].clone()

    def _plan(self, applied: frozenset) -> tuple[list, str | None]:
        """The pending migrations of a schema at this point, and their SQL when they reduce to it.

        Runs inside the transaction of the first schema met at this point: operations that read the
        database to name what they drop (a field's constraints) read that schema, a clone of the same
        template with the same names.
        """
        if applied not in self._plans:
            plan = self.executor.migration_plan(self.targets)
            script = None
            if plan and self.sql_path and sql_only(plan):
                state = self._state_before(applied)
                statements = []
                for migration, _backwards in plan:
                    with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as editor:
                        state = migration.apply(state, editor, collect_sql=True)
                    statements += [sql for sql in editor.collected_sql if not sql.startswith("--")]
                rows = ", ".join(
                    pg_sql.SQL("({}, {}, now())")
                    .format(pg_sql.Literal(m.app_label), pg_sql.Literal(m.name))
                    .as_string(connection.connection)
                    for m, _ in plan
                )
                statements.append(f"INSERT INTO django_migrations (app, name, applied) VALUES {rows};")
                script = "\n".join(statements)
            self._plans = {applied: (plan, script)}
        return self._plans[applied]

    def migrate(self, schema_name: str) -> Outcome:
        started = time.perf_counter()
        as_sql = False
        with transaction.atomic():
            connection.set_schema(schema_name)
            executor = self.executor
            applied = executor.recorder.applied_migrations()
            executor.loader.applied_migrations = applied
            plan, script = self._plan(frozenset(applied))
            if script is not None:
                with connection.cursor() as cursor:
                    cursor.execute(script + _record_sql(schema_name, code_fingerprint()))
                as_sql = True
            else:
                if plan:
                    executor.migrate(self.targets, plan=plan, state=self._state_before(frozenset(applied)))
                connection.set_schema_to_public()
                record(schema_name)
        connection.set_schema_to_public()
        return Outcome(schema_name, len(plan), time.perf_counter() - started, as_sql)


def _record_sql(schema_name: str, fingerprint: str) -> str:
    """`record` as one statement, sent with the schema's migration script (public tables named in full)."""
    return (
        pg_sql.SQL(
            "INSERT INTO {public}.{states} (tenant_id, fingerprint, migrated_at) "
            "SELECT id, {fingerprint}, now() FROM {public}.{tenants} WHERE schema_name = {schema} "
            "ON CONFLICT (tenant_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, "
            "migrated_at = EXCLUDED.migrated_at;"
        )
        .format(
            public=pg_sql.Identifier(PUBLIC_SCHEMA),
            states=pg_sql.Identifier(SchemaMigrationState._meta.db_table),
            tenants=pg_sql.Identifier(Tenant._meta.db_table),
            fingerprint=pg_sql.Literal(fingerprint),
            schema=pg_sql.Literal(schema_name),
        )
        .as_string(connection.connection)
    )
