"""Stoflow with many shops on one PostgreSQL: provisions shops up to --shops (default 10,000) and
measures, at each checkpoint (1k, 5k, 10k, and the last count), what grows with the number of shops.

Run with `make bench BENCH=scale` (throwaway services: starts from zero every time), or resumably
against services that persist: `eval "$(.venv/bin/python scripts/stack.py services)"`, then
`.venv/bin/python manage.py setup_platform` once and `.venv/bin/python bench/scale.py --shops 10000`
as often as needed: shops already provisioned by an earlier (killed) run are counted, not made again.
`--workers N` provisions with N processes at once (sign-ups arriving together; on a loaded machine
each process gets its share of the CPU); the per-shop times are then latencies under that concurrency.

Figures, each printed with the shop count it was measured at:
- provisioning p95 per shop (owner, shop row, cloned schema, membership), over the shops provisioned
  since the previous checkpoint; target <= 1 s at 10k and at most 2x the 1k figure;
- `migrate_tenants` with nothing pending (its own process, as an operator runs it); target <= 60 s at 10k;
- dashboard and product list p95 of one shop (2,000 products), measured in-process; target within
  10 % of the figure with that shop alone;
- one tick of the Vinted beat dispatcher with 50,000 waiting jobs in the public index; target <= 200 ms;
- one tick of the periodic Vinted sync beat task (it claims the due "vinted" rows of the public poll
  index, channels.PollSchedule, and hands them to the workers in batches; the shops here have no
  Vinted account: bench/syncs.py gives each one and times due and idle ticks);
- database size and `pg_class` rows;
- with --real-migration, at the last checkpoint: a real migration (a nullable column and an index on
  the product table) through `migrate_tenants --processes N`, killed at about a third, checked (every
  schema has the column exactly when it is recorded as migrated) and run again to the end; target
  <= 10 min at 10k. The probe migration is written to catalog/migrations for the run and removed
  after; the database keeps its column, so use a throwaway database.
"""

import argparse
import importlib.util
import os
import subprocess
import sys
import time

from common import BENCH, ROOT, percentile, setup_django, summary

PREFIX = "scale-"
CHECKPOINTS = (1_000, 5_000, 10_000)
WAITING_JOBS = 50_000


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def bench_catalog_module():
    spec = importlib.util.spec_from_file_location("bench_catalog", BENCH / "catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def probe_shop(catalog_bench):
    """The shop whose pages are timed, with 2,000 products; made once, kept across runs."""
    from django_tenants.utils import tenant_context

    from tenants import provisioning
    from tenants.models import Membership

    membership = (
        Membership.objects.filter(tenant__name="scale probe", role="owner").select_related("tenant", "user").first()
    )
    if membership is None:
        shop = provisioning.provision_shop(name="scale probe", owner_email="probe@scale.bench", password=None)
        shop.tenant.max_products_override = 1_000_000
        shop.tenant.save(update_fields=["max_products_override"])
        with tenant_context(shop.tenant):
            catalog_bench.populate(2_000)
        membership = shop.membership
    return membership


def page_figures(catalog_bench, membership, rounds: int, shops: int) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(membership.user)
    lists = [f"/catalog/?q={word}&sort=-price" for word in ("striped", "linen", "wool", "denim")]
    return {
        "list": catalog_bench.measure(client, f"[{shops} shops] product list", lists, rounds),
        "dashboard": catalog_bench.measure(client, f"[{shops} shops] dashboard", ["/dashboard/"], rounds),
    }


def existing_shops() -> int:
    from tenants.models import Tenant

    return Tenant.objects.shops().filter(name__startswith=PREFIX).count()


def _provision_one(i: int) -> float:
    from tenants import provisioning

    began = time.perf_counter()
    provisioning.provision_shop(name=f"{PREFIX}{i}", owner_email=f"owner{i}@scale.bench", password=None)
    return time.perf_counter() - began


def _fresh_connections() -> None:
    from django.db import connections

    connections.close_all()  # never share the parent's socket


def provision(start: int, stop: int, workers: int) -> list[float]:
    """Provision shops start..stop-1, by `workers` processes at once (sign-ups arriving together)."""
    import multiprocessing

    from django.db import connections

    times = []
    started = time.perf_counter()
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers, initializer=_fresh_connections) as pool:
        for i, seconds in enumerate(pool.imap(_provision_one, range(start, stop), chunksize=4), start):
            times.append(seconds)
            if (i + 1) % 100 == 0 or i + 1 == stop:
                rate = len(times) / (time.perf_counter() - started)
                print(
                    f"  provisioned {i + 1}/{stop} shops, {rate:.1f} shops/s, last 100 p95 "
                    f"{percentile(times[-100:], 95) * 1000:.0f} ms",
                    flush=True,
                )
    return times


def migrate_noop(shops: int) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate_tenants"], cwd=ROOT, capture_output=True, text=True, timeout=3600
    )
    seconds = time.perf_counter() - started
    said = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(f"[{shops} shops] migrate_tenants, nothing pending: {seconds:.2f} s with process start-up; it said: {said}")
    if result.returncode:
        print(result.stderr[-2000:])
    return seconds


def dispatcher_tick(shops: int) -> tuple[float, float]:
    """One dispatcher tick with WAITING_JOBS waiting (not yet due) jobs in the public index."""
    import uuid
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from channels.models import JobDispatch
    from vinted.jobs import dispatch

    connection.set_schema_to_public()
    missing = WAITING_JOBS - JobDispatch.objects.filter(channel="vinted", tenant_schema__startswith="t_bench").count()
    if missing > 0:
        later = timezone.now() + timedelta(days=1)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY channels_jobdispatch (channel, tenant_schema, job_id, job_public_id, "
                "action, state, due_at, updated_at) FROM STDIN"
            ) as copy:
                for i in range(missing):
                    copy.write_row(
                        (
                            "vinted",
                            f"t_bench{i % 1000:05d}",
                            10_000_000 + i,
                            uuid.uuid4(),
                            "publish",
                            "waiting",
                            later + timedelta(seconds=i),
                            timezone.now(),
                        )
                    )
            cursor.execute("ANALYZE channels_jobdispatch")
    ticks = []
    for _ in range(20):
        started = time.perf_counter()
        dispatch.dispatch_due()
        ticks.append(time.perf_counter() - started)
    tick = summary(f"[{shops} shops] dispatcher tick, {WAITING_JOBS} waiting", ticks)
    started = time.perf_counter()
    handed = dispatch.hand_out_periodic_syncs()  # the beat task: claims the due poll rows, sends batches
    syncs = time.perf_counter() - started
    print(
        f"[{shops} shops] periodic sync beat tick (due rows of the poll index): {syncs * 1000:.0f} ms,"
        f" {handed} handed out"
    )
    return tick["p95"], syncs * 1000


PROBE = ROOT / "catalog" / "migrations" / "9999_bench_scale_probe.py"


def real_migration(shops: int, processes: int) -> float:
    import signal

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from tenants import migration_state
    from tenants.models import SchemaMigrationState

    leaf = next(name for app, name in MigrationLoader(None).graph.leaf_nodes() if app == "catalog")
    PROBE.write_text(f"""from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "{leaf}")]
    operations = [
        migrations.AddField("product", "scale_probe", models.CharField(max_length=20, null=True)),
        migrations.AddIndex("product", models.Index(fields=["scale_probe"], name="catalog_scale_probe")),
    ]
""")
    try:
        migration_state._fingerprint = None
        target = migration_state.code_fingerprint()
        command = [sys.executable, "manage.py", "migrate_tenants", "--processes", str(processes)]
        started = time.perf_counter()
        run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
        for line in run.stdout:
            if "/" in line and "schemas" in line:
                done, total = (int(x) for x in line.split("]")[1].split()[0].split("/"))
                if done >= total // 3:
                    os.killpg(run.pid, signal.SIGKILL)
                    break
        run.wait()
        first = time.perf_counter() - started
        connection.set_schema_to_public()
        recorded = set(
            SchemaMigrationState.objects.filter(fingerprint=target).values_list("tenant__schema_name", flat=True)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n.nspname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = 'catalog_product' "
                "AND a.attname = 'scale_probe' AND NOT a.attisdropped"
            )
            with_column = {name for (name,) in cursor.fetchall()}
        print(
            f"[{shops} shops] real migration killed after {first:.1f} s: {len(recorded)} schemas migrated and "
            f"recorded; schemas with the column but not recorded or recorded without it: "
            f"{len(with_column ^ recorded)}"
        )
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=7200)
        rest = time.perf_counter() - started
        pending = len(migration_state.pending_schemas(include_template=True))
        print(
            f"[{shops} shops] real migration re-run: {rest:.1f} s, exit {result.returncode}, {pending} pending "
            f"after; whole migration {first + rest:.1f} s with {processes} processes"
        )
        return first + rest
    finally:
        PROBE.unlink(missing_ok=True)


def catalog_size(shops: int) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), (SELECT count(*) FROM pg_class), "
            "(SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%%')"
        )
        size, relations, schemas = cursor.fetchone()
    print(f"[{shops} shops] database {size / 2**20:.0f} MiB, pg_class {relations} rows, {schemas} shop schemas")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=10_000, help="shops to reach (resumes from those present)")
    parser.add_argument("--rounds", type=int, default=100, help="requests per page figure")
    parser.add_argument(
        "--real-migration",
        action="store_true",
        help="also time a real migration over every shop at the last checkpoint",
    )
    parser.add_argument("--processes", type=int, default=2, help="migrate_tenants processes")
    parser.add_argument("--workers", type=int, default=1, help="processes provisioning shops at the same time")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only time the two pages at the present shop count (run in turn against a database of one shop)",
    )
    args = parser.parse_args()
    os.chdir(ROOT)
    setup_django()
    catalog_bench = bench_catalog_module()

    from django.db import connection

    print(load_average())
    membership = probe_shop(catalog_bench)
    done = existing_shops()
    if args.pages_only:
        page_figures(catalog_bench, membership, args.rounds, done)
        print(load_average())
        return
    print(f"{done} shops already provisioned by an earlier run; target {args.shops}.")
    results = []
    baseline = page_figures(catalog_bench, membership, args.rounds, done) if done == 0 else None
    if baseline is None:
        print("(the one-shop page figure is measured only on a fresh database)")
    checkpoints = sorted({c for c in CHECKPOINTS if done < c <= args.shops} | {args.shops})
    for checkpoint in checkpoints:
        if checkpoint <= done:
            continue
        print(
            f"Provisioning {done} -> {checkpoint} shops with {args.workers} process(es) ({load_average()})", flush=True
        )
        times = provision(done, checkpoint, args.workers)
        done = checkpoint
        connection.set_schema_to_public()
        figures = {
            "shops": checkpoint,
            "provision_p95_ms": percentile(times, 95) * 1000,
            "provision_p50_ms": percentile(times, 50) * 1000,
        }
        print(
            f"[{checkpoint} shops] provisioning p50 {figures['provision_p50_ms']:.0f} ms, "
            f"p95 {figures['provision_p95_ms']:.0f} ms ({len(times)} shops)"
        )
        figures["migrate_noop_s"] = migrate_noop(checkpoint)
        pages = page_figures(catalog_bench, membership, args.rounds, checkpoint)
        figures["list_p95_ms"], figures["dashboard_p95_ms"] = pages["list"]["p95"], pages["dashboard"]["p95"]
        figures["tick_p95_ms"], figures["syncs_ms"] = dispatcher_tick(checkpoint)
        catalog_size(checkpoint)
        if args.real_migration and checkpoint == checkpoints[-1]:
            figures["migration_s"] = real_migration(checkpoint, args.processes)
        print(load_average(), flush=True)
        results.append(figures)

    print(
        "\nshops | provision p95 | migrate no-op | real migration | list p95 | dashboard p95 | dispatcher tick p95 "
        "| sync queueing"
    )
    if baseline:
        print(f"1 | - | - | - | {baseline['list']['p95']:.1f} ms | {baseline['dashboard']['p95']:.1f} ms | - | -")
    for f in results:
        migration = f"{f['migration_s']:.0f} s" if "migration_s" in f else "-"
        print(
            f"{f['shops']} | {f['provision_p95_ms']:.0f} ms | {f['migrate_noop_s']:.1f} s | {migration} "
            f"| {f['list_p95_ms']:.1f} ms"
            f" | {f['dashboard_p95_ms']:.1f} ms | {f['tick_p95_ms']:.1f} ms | {f['syncs_ms']:.0f} ms"
        )


if __name__ == "__main__":
    main()
