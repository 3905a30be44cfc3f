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

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

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


class SchemaMigrator:
    """Migrates one schema at a time, reusing one migration graph for every schema of the process."""

    def __init__(self):
        connection.set_schema_to_public()
        self.executor = MigrationExecutor(connection)
        self.targets = self.executor.loader.graph.leaf_nodes()
        self._states: dict[frozenset, object] = {}

    def _state_before(self, applied: frozenset):
        """The project state after the applied migrations, rendered once for every schema at the same
        point: rendering every model takes most of a schema's time when one migration is pending."""
        if applied not in self._states:
            # Django's own builder of this state (private; Django is pinned in requirements.txt).
            state = self.executor._create_project_state(with_applied_migrations=True)
            state.apps  # noqa: B018  (renders the models now, once)
            self._states = {applied: state}
        return self._states[applied].clone()

    def migrate(self, schema_name: str) -> Outcome:
        started = time.perf_counter()
        with transaction.atomic():
            connection.set_schema(schema_name)
            executor = self.executor
            applied = executor.recorder.applied_migrations()
            executor.loader.applied_migrations = applied
            plan = executor.migration_plan(self.targets)
            if plan:
                executor.migrate(self.targets, plan=plan, state=self._state_before(frozenset(applied)))
            connection.set_schema_to_public()
            record(schema_name)
        return Outcome(schema_name, len(plan), time.perf_counter() - started)
