import multiprocessing
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tenants import migration_state
from tenants.models import TEMPLATE_SCHEMA, Tenant

_migrator = None


def _start_worker() -> None:
    global _migrator
    connections.close_all()  # never share the parent's socket
    _migrator = migration_state.SchemaMigrator()


def _migrate_one(schema_name: str):
    try:
        return _migrator.migrate(schema_name), None
    except Exception as error:  # noqa: BLE001  (one broken schema must not stop the others; reported at the end)
        return schema_name, f"{type(error).__name__}: {error}"


class Command(BaseCommand):
    help = (
        "Apply migrations to the template, then to every shop schema whose recorded migration state is "
        "behind the code, each schema in its own transaction (a killed run resumes where it stopped)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--processes", type=int, default=None)
        parser.add_argument(
            "--verify", action="store_true", help="Open every schema's django_migrations, ignoring the recorded state"
        )

    def handle(self, *args, **options):
        processes = options["processes"] or settings.TENANT_MULTIPROCESSING_MAX_PROCESSES
        verbosity = options["verbosity"]
        started = time.perf_counter()
        if options["verify"]:
            schemas = list(
                Tenant.objects.exclude(schema_name="public")
                .order_by("-is_template", "pk")
                .values_list("schema_name", flat=True)
            )
        else:
            schemas = migration_state.pending_schemas(include_template=True)
        if not schemas:
            if verbosity:
                self.stdout.write(
                    f"Nothing to do: every schema is at the code's migrations ({time.perf_counter() - started:.2f} s)."
                )
            return
        # The template first, alone, through Django's executor: new shops are cloned from it, and the
        # shops' collected SQL must leave them as the executor leaves it.
        if schemas[0] == TEMPLATE_SCHEMA:
            outcome = migration_state.SchemaMigrator(sql_path=False).migrate(schemas.pop(0))
            if verbosity:
                self.stdout.write(f"template: {outcome.applied} migrations applied ({outcome.seconds:.2f} s)")
        total, failures, as_sql, executor = len(schemas), [], 0, 0
        if verbosity:
            self.stdout.write(f"{total} shop schemas to migrate with {processes} process(es).")
        if not total:
            return
        connections.close_all()
        step = max(1, total // 50)
        if processes > 1:
            pool = multiprocessing.get_context("fork").Pool(processes, initializer=_start_worker)
            results = pool.imap_unordered(_migrate_one, schemas, chunksize=1)
        else:
            pool = None
            _start_worker()
            results = map(_migrate_one, schemas)
        try:
            for done, (outcome, error) in enumerate(results, 1):
                if error:
                    failures.append(f"{outcome}: {error}")
                else:
                    as_sql += outcome.as_sql
                    executor += bool(outcome.applied) and not outcome.as_sql
                    if verbosity > 1:
                        how = "as one SQL script" if outcome.as_sql else "by Django's executor"
                        self.stdout.write(
                            f"{outcome.schema_name}: {outcome.applied} migrations applied {how} "
                            f"({outcome.seconds:.2f} s)"
                        )
                if verbosity and (done % step == 0 or done == total):
                    self._progress(done, total, started, len(failures))
        finally:
            if pool:
                pool.close()
                pool.join()
        if verbosity:
            self.stdout.write(
                f"{as_sql} schema(s) migrated as one SQL script each, {executor} by Django's executor, "
                f"{total - len(failures) - as_sql - executor} only recorded (nothing to apply), {len(failures)} failed "
                f"({time.perf_counter() - started:.1f} s)."
            )
        if failures:
            raise CommandError(f"{len(failures)} schema(s) failed and stay pending:\n" + "\n".join(failures[:20]))

    def _progress(self, done: int, total: int, started: float, failed: int) -> None:
        elapsed = time.perf_counter() - started
        width = 30
        bar = "#" * (width * done // total) + "-" * (width - width * done // total)
        eta = elapsed / done * (total - done)
        line = f"[{bar}] {done}/{total} schemas, {elapsed:.0f} s, about {eta:.0f} s left"
        line += f", {failed} failed" if failed else ""
        end = "\r" if self.stdout.isatty() and done < total else "\n"
        self.stdout.write(line, ending=end)
        sys.stdout.flush()
