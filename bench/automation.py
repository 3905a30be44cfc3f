"""Automation rules: the beat's planning pass over many Vinted accounts with many listings each.

Run with `make bench BENCH=automation` (throwaway PostgreSQL and Redis). One shop holds the
accounts (default 1,000, each with 200 published listings of one-photo products, half of them
stale, one request spent in its window, and one repost rule in "ask me" mode open all day). A
planning pass is what the beat does (planner.plan_many): the queued jobs, today's actions, the
rate-limit policies and the candidates of every rule in a handful of queries, then the limiter
(Redis) once per account. Nothing is written and no job is asked for, so passes can be repeated.
BENCH_AUTOMATION_ACCOUNTS=250 shrinks a run; BENCH_AUTOMATION_PROFILE=1 prints cProfile's top
functions of one pass at the largest size.

Figures: the pass at a quarter, half and all of the accounts (growth should be linear: the time
per account stays flat), median of 3 passes. Target: <= 10 s per pass for 1,000 accounts on the
2-core machine.
"""

import argparse
import cProfile
import datetime
import os
import pstats
import statistics
import time

from common import setup_django


def build(account_from: int, account_to: int, listings: int) -> None:
    from django.utils import timezone

    from catalog.models import Product
    from vinted import budget
    from vinted.automation.models import AutomationRule
    from vinted.jobs.models import Listing
    from vinted.models import VintedAccount

    now = timezone.now()
    for n in range(account_from, account_to):
        account = VintedAccount.objects.create(domain="fr", vinted_user_id=10_000_000 + n, login=f"bench-{n}")
        # An account in use has spent requests in its window (its limiter key exists).
        budget.reserve(budget.account_key(account.domain, account.vinted_user_id), "POST", "/bench")
        products = Product.objects.bulk_create(
            [
                Product(
                    sku=f"B{n}-{i}",
                    title=f"Bench item {n}-{i}",
                    price=20,
                    stock=1,
                    status="listed",
                    listed_at=now,
                    photo_count=1,
                )
                for i in range(listings)
            ]
        )
        Listing.objects.bulk_create(
            [
                Listing(
                    product=p,
                    account=account,
                    item_id=n * 100_000 + i,
                    status="published",
                    published_at=now - datetime.timedelta(days=10 + (i % 2) * 40),
                    favourites=i % 7,
                )
                for i, p in enumerate(products)
            ]
        )
        AutomationRule.objects.create(
            account=account,
            kind="repost",
            mode="ask",
            days=list(range(7)),
            start_time=datetime.time(0, 0),
            end_time=datetime.time(23, 59),
            daily_cap=10,
            min_age_days=30,
            max_favourites=5,
        )


def planning_pass() -> tuple[float, int]:
    from vinted.automation import planner
    from vinted.automation.models import AutomationRule

    started = time.perf_counter()
    plans = planner.plan_many(AutomationRule.objects.select_related("account"))
    return time.perf_counter() - started, sum(len(p.chosen) for p in plans.values())


def main() -> None:
    parser = argparse.ArgumentParser()
    # `make bench` passes no arguments: the environment can shrink a run or ask for a profile.
    parser.add_argument("--accounts", type=int, default=int(os.environ.get("BENCH_AUTOMATION_ACCOUNTS", 1000)))
    parser.add_argument("--listings", type=int, default=200)
    parser.add_argument(
        "--profile",
        action="store_true",
        default=bool(os.environ.get("BENCH_AUTOMATION_PROFILE")),
        help="print cProfile's top functions of one pass at the largest size",
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from tenants import provisioning

    shop = provisioning.provision_shop(
        name="Bench automation", owner_email="bench-automation@example.com", password=None
    )
    steps = sorted({max(1, args.accounts // 4), max(1, args.accounts // 2), args.accounts})
    built = 0
    with tenant_context(shop.tenant):
        for accounts in steps:
            started = time.perf_counter()
            build(built, accounts, args.listings)
            built = accounts
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(
                f"built {accounts} accounts x {args.listings} listings in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            runs = [planning_pass() for _ in range(3)]
            seconds = statistics.median(t for t, _ in runs)
            print(
                f"planning pass, {accounts:>5} accounts: {seconds:7.2f} s  "
                f"({seconds / accounts * 1000:6.2f} ms per account, {runs[0][1]} listings chosen)",
                flush=True,
            )
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(planning_pass)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
