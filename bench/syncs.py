"""The periodic Vinted sync queueing (`vinted.jobs.dispatch.queue_periodic_syncs`, beat every minute)
with many shops: every active shop present (up to --shops) gets one connected Vinted account whose
last sync has just finished, so nothing is due; then --due of them are made due (their last sync
two hours ago).

The due times are in the public poll index every channel shares (`channels.PollSchedule`, channel
"vinted"; before, Vinted's own `vinted_ledger.SyncSchedule`, which the script still fills when it
runs against that code). Figures, each with the shop count: one tick with nothing due (p50/p95 of
--ticks), the same with --index-rows more rows in the public index (accounts of shops not present,
not due; with --channel vinted, eBay rows as many again, which the Vinted claim must skip), the syncs of
--due accounts (-1: all) asked for in one process (the beat tick before issue 20's batches) and the next
tick; then the beat tick that hands them out in batches (vinted.jobs.queue_syncs tasks, sent to a
queue no worker reads) and each batch's run as a worker runs it.
Needs services that persist and shops to measure with: run it after `bench/scale.py` against the
same database (see its docstring), e.g. `.venv/bin/python bench/syncs.py --shops 1000`, or give it
`--provision` to make the missing shops itself (slow: a cloned schema each).

`--channel ebay` times the eBay orders poll's beat task (`ebay.tasks.poll_all_orders`, every minute)
the same way: every shop gets one connected eBay account just polled (nothing due), then --due of
them were polled two hours ago; `--before` also times the loop over every active shop's schema the
task ran before the public index (`channels.PollSchedule`), re-created here for the comparison.
Target (issue 20): a tick <= 200 ms at 10,000 shops, without visiting every shop's schema.
"""

import argparse
import datetime
import os
import time

from common import ROOT, setup_django, summary

BENCH_USER_ID = 990_001  # the bench's Vinted account in each shop


def timed_ticks(tick, count: int, *, nothing_due: bool = False) -> list[float]:
    """Seconds taken by `count` calls of `tick`; with nothing_due, each must have sent nothing."""
    ticks = []
    for _ in range(count):
        started = time.perf_counter()
        sent = tick()
        ticks.append(time.perf_counter() - started)
        assert not (nothing_due and sent), f"{sent} sent with nothing due"
    return ticks


def prepare(tenants, due: int) -> None:
    """One connected account per shop, its last sync just finished; the first `due` shops' two hours ago."""
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from vinted.jobs.models import Job
    from vinted.models import VintedAccount

    try:
        from vinted.jobs import schedule  # absent before the public sync index (issue 20)
    except ImportError:
        schedule = None
    started = time.perf_counter()
    for i, tenant in enumerate(tenants):
        with tenant_context(tenant):
            account, _created = VintedAccount.objects.get_or_create(
                domain="www.vinted.fr",
                vinted_user_id=BENCH_USER_ID,
                defaults={"login": "bench-seller", "sealed_session": "bench", "status": "connected"},
            )
            when = timezone.now() - (datetime.timedelta(hours=2) if i < due else datetime.timedelta(0))
            jobs = Job.objects.filter(account=account, action=Job.Action.SYNC)
            if not jobs.exists():
                Job.objects.create(action=Job.Action.SYNC, account=account, state=Job.State.COMPLETED)
            jobs.update(state=Job.State.COMPLETED, created_at=when, finished_at=when)
            if schedule is not None:
                schedule.refresh(account)
        if (i + 1) % 200 == 0:
            print(f"  prepared {i + 1}/{len(tenants)} shops", flush=True)
    connection.set_schema_to_public()
    print(f"prepared {len(tenants)} shops in {time.perf_counter() - started:.1f} s ({due} due)")


def prepare_ebay(tenants, due: int) -> None:
    """One connected eBay account per shop, just polled; the first `due` shops' polled two hours ago."""
    from django.db import connection
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from ebay import poll_schedule
    from ebay.models import EbayAccount

    started = time.perf_counter()
    for i, tenant in enumerate(tenants):
        with tenant_context(tenant):
            account, _created = EbayAccount.objects.get_or_create(
                ebay_user_id="bench-seller",
                marketplace_id="EBAY_FR",
                defaults={"username": "bench_seller", "status": EbayAccount.Status.CONNECTED},
            )
            account.orders_checked_at = timezone.now() - (
                datetime.timedelta(hours=2) if i < due else datetime.timedelta(0)
            )
            EbayAccount.objects.filter(pk=account.pk).update(orders_checked_at=account.orders_checked_at)
            poll_schedule.refresh(account)
        if (i + 1) % 200 == 0:
            print(f"  prepared {i + 1}/{len(tenants)} shops", flush=True)
    connection.set_schema_to_public()
    print(f"prepared {len(tenants)} shops in {time.perf_counter() - started:.1f} s ({due} due)")


def ebay_tick_before() -> int:
    """The eBay orders poll's tick before the public index: every active shop's schema opened (the
    polls it found are counted, not sent)."""
    from django.conf import settings
    from django.db import connection
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone
    from django_tenants.utils import get_tenant_model, tenant_context

    from ebay.jobs.models import EbayListing
    from ebay.models import EbayAccount

    found = 0
    idle_before = timezone.now() - datetime.timedelta(seconds=settings.EBAY_ORDERS_IDLE_POLL_SECONDS)
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            live = EbayListing.objects.filter(account=OuterRef("pk"), status=EbayListing.Status.PUBLISHED)
            found += (
                EbayAccount.objects.filter(status=EbayAccount.Status.CONNECTED)
                .filter(Q(Exists(live)) | Q(orders_checked_at__isnull=True) | Q(orders_checked_at__lt=idle_before))
                .count()
            )
    connection.set_schema_to_public()
    return found


def ebay_index_rows(count: int) -> None:
    """Rows of eBay accounts not due for a day, as `count` more shops would have (none opened)."""
    from django.db import connection
    from django.utils import timezone

    from channels.models import PollSchedule

    connection.set_schema_to_public()
    rows = PollSchedule.objects.filter(channel="ebay")
    missing = count - rows.filter(tenant_schema__startswith="t_bench").count()
    if missing > 0:
        later = timezone.now() + datetime.timedelta(days=1)
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY channels_pollschedule (channel, tenant_schema, account_id, next_at, updated_at) FROM STDIN"
            ) as copy:
                for i in range(missing):
                    copy.write_row(
                        ("ebay", f"t_bench{i:06d}", 1, later + datetime.timedelta(seconds=i), timezone.now())
                    )
            cursor.execute("ANALYZE channels_pollschedule")
    print(f"{rows.count()} eBay rows in the public poll index")


def provision(count: int) -> None:
    from django_tenants.utils import get_tenant_model

    from tenants import provisioning

    present = get_tenant_model().objects.shops().filter(name__startswith="syncs-").count()
    for i in range(present, count):
        provisioning.provision_shop(name=f"syncs-{i}", owner_email=f"owner{i}@syncs.bench", password=None)
        if (i + 1) % 50 == 0 or i + 1 == count:
            print(f"  provisioned {i + 1}/{count} shops", flush=True)


def main_ebay(args, tenants) -> None:
    from ebay import tasks

    shops = len(tenants)
    load = "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    print(f"eBay orders poll, {shops} active shops with one connected eBay account each ({load})")
    prepare_ebay(tenants, 0)
    if args.before:
        ticks = timed_ticks(ebay_tick_before, args.before_ticks)
        summary(f"[{shops} shops] before: every schema, nothing due", ticks)
    summary(f"[{shops} shops] poll tick, nothing due", timed_ticks(tasks.poll_all_orders, args.ticks, nothing_due=True))
    if args.index_rows:
        ebay_index_rows(args.index_rows)
        ticks = timed_ticks(tasks.poll_all_orders, args.ticks)
        summary(f"[{shops} shops + {args.index_rows} rows] poll tick, nothing due", ticks)
    prepare_ebay(tenants, args.due)
    if args.before:
        started = time.perf_counter()
        found = ebay_tick_before()
        ms = (time.perf_counter() - started) * 1000
        print(f"[{shops} shops] before: every schema, {args.due} due: {ms:.0f} ms, {found} found")
    started = time.perf_counter()
    sent = tasks.poll_all_orders()  # real broker messages (no worker reads them here)
    seconds = time.perf_counter() - started
    print(f"[{shops} shops] poll tick, {args.due} due: {seconds * 1000:.0f} ms, {sent} polls sent")
    started = time.perf_counter()
    again = tasks.poll_all_orders()
    ms = (time.perf_counter() - started) * 1000
    print(f"[{shops} shops] the next tick (those rows claimed): {ms:.1f} ms, {again} sent")


def index_rows(count: int) -> None:
    """Rows of accounts not due for a day, as `count` more shops would have (none opened); in the
    shared poll index, as many eBay rows again, due long ago (another channel's: never claimed here)."""
    from django.db import connection
    from django.utils import timezone

    try:
        from vinted.ledger.models import SyncSchedule  # Vinted's own index, before the shared one
    except ImportError:
        SyncSchedule = None
    connection.set_schema_to_public()
    later, long_ago = timezone.now() + datetime.timedelta(days=1), timezone.now() - datetime.timedelta(days=1)
    if SyncSchedule is None:
        from channels.models import PollSchedule

        rows = PollSchedule.objects.filter(channel="vinted")
        table, columns = "channels_pollschedule", "(channel, tenant_schema, account_id, next_at, updated_at)"
        present = rows.filter(tenant_schema__startswith="t_bench").count()

        def write(copy, schema, at):
            copy.write_row(("vinted", schema, 1, at, timezone.now()))
            copy.write_row(("ebay", schema, 1, long_ago, timezone.now()))
    else:
        rows = SyncSchedule.objects.all()
        table, columns = "vinted_ledger_syncschedule", "(tenant_schema, account_id, next_sync_at, updated_at)"
        present = rows.filter(tenant_schema__startswith="t_bench").count()

        def write(copy, schema, at):
            copy.write_row((schema, 1, at, timezone.now()))

    if count > present:
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                for i in range(present, count):
                    write(copy, f"t_bench{i:06d}", later + datetime.timedelta(seconds=i))
            cursor.execute(f"ANALYZE {table}")
    print(f"{rows.count()} Vinted rows in the public index")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=10_000, help="active shops to use (those present)")
    parser.add_argument("--due", type=int, default=100, help="accounts due in the second figure (-1: every shop's)")
    parser.add_argument("--ticks", type=int, default=20, help="ticks timed with nothing due")
    parser.add_argument(
        "--index-rows", type=int, default=0, help="also time the empty tick with this many more (synthetic) rows"
    )
    parser.add_argument("--channel", choices=("vinted", "ebay"), default="vinted", help="whose periodic task to time")
    parser.add_argument("--provision", action="store_true", help="make the missing shops (named syncs-N) first")
    parser.add_argument("--before", action="store_true", help="eBay: also time the loop over every shop's schema")
    parser.add_argument("--before-ticks", type=int, default=5, help="eBay: ticks timed before the index")
    args = parser.parse_args()
    os.chdir(ROOT)
    setup_django()
    if args.provision:
        provision(args.shops)

    from django.db import connection
    from django_tenants.utils import get_tenant_model

    from vinted.jobs import dispatch

    connection.set_schema_to_public()
    tenants = list(get_tenant_model().objects.shops().filter(status="active").order_by("pk")[: args.shops])
    shops = len(tenants)
    args.due = shops if args.due < 0 else min(args.due, shops)
    if args.channel == "ebay":
        main_ebay(args, tenants)
        return
    prepare(tenants, 0)
    ticks = timed_ticks(dispatch.queue_periodic_syncs, args.ticks, nothing_due=True)
    summary(f"[{shops} shops] sync tick, nothing due", ticks)
    if args.index_rows:
        index_rows(args.index_rows)
        ticks = timed_ticks(dispatch.queue_periodic_syncs, args.ticks)
        summary(f"[{shops} shops + {args.index_rows} rows] sync tick, nothing due", ticks)

    due = args.due
    prepare(tenants, due)
    started = time.perf_counter()
    queued = dispatch.queue_periodic_syncs()
    seconds = time.perf_counter() - started
    print(f"[{shops} shops] syncs queued in one process, {due} due: {seconds * 1000:.0f} ms, {queued} syncs queued")
    started = time.perf_counter()
    again = dispatch.queue_periodic_syncs()
    seconds = time.perf_counter() - started
    print(f"[{shops} shops] the next tick (those syncs still pending): {seconds * 1000:.0f} ms, {again} queued")
    if hasattr(dispatch, "hand_out_periodic_syncs"):
        prepare(tenants, due)
        hand_out(shops, due)


def syncing() -> int:
    """Accounts whose row is null in the index: a sync of theirs in progress."""
    try:
        from vinted.ledger.models import SyncSchedule  # Vinted's own index, before the shared one

        return SyncSchedule.objects.filter(tenant_schema__startswith="t_", next_sync_at__isnull=True).count()
    except ImportError:
        from channels.models import PollSchedule

        return PollSchedule.objects.filter(
            channel="vinted", tenant_schema__startswith="t_", next_at__isnull=True
        ).count()


def hand_out(shops: int, due: int) -> None:
    """The beat task: the due rows claimed and sent in batches to a queue no worker reads (the
    messages are real, then deleted); then each batch run here, as a worker runs it."""
    import datetime as dt

    from django.conf import settings

    from vinted.jobs import dispatch, tasks

    sent, queue = [], "bench-sync-batches"

    def delay(accounts, lease):
        sent.append((accounts, dt.datetime.fromisoformat(lease)))
        return tasks.queue_sync_batch.apply_async((accounts, lease), queue=queue)

    tasks.queue_sync_batch.delay = delay
    started = time.perf_counter()
    handed = dispatch.hand_out_periodic_syncs()
    seconds = time.perf_counter() - started
    print(
        f"[{shops} shops] beat tick handing out {due} due: {seconds * 1000:.0f} ms, {handed} accounts in "
        f"{len(sent)} tasks of up to {settings.VINTED_SYNC_BATCH}"
    )
    started = time.perf_counter()
    again = dispatch.hand_out_periodic_syncs()
    print(f"[{shops} shops] the next tick: {(time.perf_counter() - started) * 1000:.0f} ms, {again} handed out")
    with tasks.queue_sync_batch.app.connection_for_write() as connection:
        connection.default_channel.client.delete(queue)
    times, queued = [], 0
    for accounts, lease in sent:
        began = time.perf_counter()
        queued += dispatch.queue_syncs(accounts, lease)
        times.append(time.perf_counter() - began)
    summary(f"[{shops} shops] one batch task in a worker", times)
    pending = syncing()
    print(
        f"[{shops} shops] the {len(sent)} batch tasks: {sum(times):.1f} s of worker time in all, "
        f"{queued} syncs queued ({pending} accounts now syncing)"
    )


if __name__ == "__main__":
    main()
