"""Time to provision a shop: cloning the template schema versus replaying migrations.

Run with `make bench BENCH=provisioning` (throwaway PostgreSQL and Redis).
Target: p95 <= 1 s per shop by cloning, and at least 10x faster than replaying.
"""
import argparse
import time

from common import setup_django, summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from django.db import connection
    from tenants import provisioning

    created = []

    def timed(method: str, n: int) -> list[float]:
        times = []
        for i in range(n):
            started = time.perf_counter()
            shop = provisioning.provision_shop(name=f"bench {method} {i}", owner_email=f"{method}{i}@bench.local",
                                               password="bench-password-1", method=method)
            times.append(time.perf_counter() - started)
            created.append(shop.tenant)
        return times

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema='tenant_template'")
        tables = cursor.fetchone()[0]
    print(f"Provisioning {args.shops} shops each way; the template schema has {tables} tables.")
    for i in range(2):  # warm-up: loads the clone function and checks the template once
        created.append(provisioning.provision_shop(name=f"warm-up {i}", owner_email=f"warm{i}@bench.local",
                                                   password="bench-password-1").tenant)
    clone = summary("clone template schema", timed("clone", args.shops))
    replay = summary("replay every tenant migration", timed("migrate", args.shops))
    print(f"clone is {replay['p50'] / clone['p50']:.1f}x faster at p50, {replay['p95'] / clone['p95']:.1f}x at p95")
    verdict = "meets" if clone["p95"] <= 1000 and replay["p95"] / clone["p95"] >= 10 else "MISSES"
    print(f"target p95 <= 1000 ms and >= 10x: {verdict}")
    for tenant in created:
        provisioning.delete_shop(tenant)


if __name__ == "__main__":
    main()
