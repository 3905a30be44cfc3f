"""Time to provision a shop: cloning the template schema versus replaying migrations.

Run with `make bench BENCH=provisioning` (throwaway PostgreSQL and Redis).
Target: p95 <= 1 s per shop by cloning, and at least 10x faster than replaying.

"shop schema" times the shop row plus its schema (what differs between the two
methods); "full signup" adds the owner account (Argon2 hashing) and membership.
"""

import argparse
import time

from common import setup_django, summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.db import connection, transaction

    from tenants import provisioning

    created = []

    def shop_schema(method: str, i: int):
        with transaction.atomic():
            created.append(provisioning.create_shop(name=f"bench {method} {i}", method=method))

    def full_signup(method: str, i: int):
        shop = provisioning.provision_shop(
            name=f"signup {method} {i}",
            owner_email=f"{method}{i}@bench.local",
            password="bench-password-1",
            method=method,
        )
        created.append(shop.tenant)

    def timed(step, method: str, n: int) -> list[float]:
        times = []
        for i in range(n):
            started = time.perf_counter()
            step(method, i)
            times.append(time.perf_counter() - started)
        return times

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema='tenant_template'")
        tables = cursor.fetchone()[0]
    print(f"Provisioning {args.shops} shops each way; the template schema has {tables} tables.")
    for i in range(2):  # warm-up: the first clone builds the clone script from the template's catalog
        shop_schema("clone", 1000 + i)

    clone = summary("shop schema, cloned from the template", timed(shop_schema, "clone", args.shops))
    replay = summary("shop schema, replaying every migration", timed(shop_schema, "migrate", args.shops))
    summary("full signup (owner + shop), cloned", timed(full_signup, "clone", args.shops))
    print(f"cloning is {replay['p50'] / clone['p50']:.1f}x faster at p50, {replay['p95'] / clone['p95']:.1f}x at p95")
    verdict = "meets" if clone["p95"] <= 1000 and replay["p95"] / clone["p95"] >= 10 else "MISSES"
    print(f"target (clone p95 <= 1000 ms and >= 10x faster than replaying): {verdict}")
    for tenant in created:
        provisioning.delete_shop(tenant)


if __name__ == "__main__":
    main()
