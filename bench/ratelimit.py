"""Reserve latency, throughput and overshoot: our limiter against two baselines, in one run.

    (a) ratelimit.limiter.reserve: exact sliding log, one Lua script, Redis clock
    (b) the `limits` library's Redis moving window (client clock)
    (c) a naive GET then INCR limiter (the classic race)

Latency and throughput with 1 and 8 concurrent clients (processes, so the GIL does not hide
Redis): 500 accounts at 40 per 2 hours, so calls are the realistic mix of grants and refusals.
Overshoot: 16 processes race on one fresh key with limit 40, several rounds; every grant beyond
40 is an overshoot (the race lasts well under a window).

Run with `make bench BENCH=ratelimit`. Target: ours p99 < 1 ms on loopback, zero overshoot.
"""

import argparse
import multiprocessing
import os
import statistics
import time
import uuid

from common import ROOT, percentile, setup_django

LIMIT, WINDOW = 40, 7200
# Not part of a reservation: left out of the Redis-side time per reservation.
_ADMIN = {
    "info",
    "config|resetstat",
    "config",
    "flushdb",
    "ping",
    "client|setinfo",
    "client",
    "hello",
    "script|load",
    "script",
    "time",
}
ACCOUNTS = 500


def _implementations(redis_url: str):
    """name -> factory returning reserve(key, attempt_id) -> bool, built inside each process."""

    def ours():
        from ratelimit import limiter

        policy = limiter.Policy((limiter.Window(LIMIT, WINDOW),))
        return lambda key, attempt: limiter.reserve(key, attempt, policy).allowed

    def limits_moving_window():
        from limits import RateLimitItemPerHour
        from limits.storage import RedisStorage
        from limits.strategies import MovingWindowRateLimiter

        strategy = MovingWindowRateLimiter(RedisStorage(redis_url))
        item = RateLimitItemPerHour(LIMIT, WINDOW // 3600)
        return lambda key, attempt: strategy.hit(item, key)

    def naive_get_incr():
        import redis

        client = redis.Redis.from_url(redis_url)

        def reserve(key, attempt):
            used = client.get(key)
            if used is not None and int(used) >= LIMIT:
                return False
            if client.incr(key) == 1:
                client.expire(key, WINDOW)
            return True

        return reserve

    return {
        "ours (sliding log, Lua)": ours,
        "limits moving window": limits_moving_window,
        "naive GET/INCR": naive_get_incr,
    }


def _latency_worker(factory, prefix, calls, barrier, out):
    reserve = factory()
    for i in range(100):  # warm-up: connections, script load
        reserve(f"{prefix}:warm:{i % 10}", uuid.uuid4().hex)
    barrier.wait(60)
    timings = []
    for i in range(calls):
        key = f"{prefix}:acct:{i % ACCOUNTS}"
        attempt = uuid.uuid4().hex
        started = time.perf_counter()
        reserve(key, attempt)
        timings.append(time.perf_counter() - started)
    out.put(timings)


def _race_worker(factory, key, attempts, barrier, out):
    reserve = factory()
    reserve(key + ":warm", "warm")
    barrier.wait(60)
    out.put(sum(bool(reserve(key, uuid.uuid4().hex)) for _ in range(attempts)))


def _spawn(target, n, args):
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(n + 1), context.Queue()
    processes = [context.Process(target=target, args=(*args, barrier, out)) for _ in range(n)]
    for process in processes:
        process.start()
    barrier.wait(60)
    started = time.perf_counter()
    results = [out.get(timeout=300) for _ in processes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join(60)
    return results, wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=4000, help="calls per client")
    parser.add_argument("--rounds", type=int, default=5, help="overshoot race rounds")
    parser.add_argument("--racers", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3, help="latency runs per implementation (median)")
    args = parser.parse_args()
    # Celery's Django fix-up puts the working directory first on sys.path, where this very
    # file would shadow the ratelimit package.
    os.chdir(ROOT)
    setup_django()
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.REDIS_URL)
    info = client.info("server")
    print(
        f"Redis {info['redis_version']} at {settings.REDIS_URL} (loopback); limit {LIMIT} per {WINDOW} s, "
        f"{ACCOUNTS} accounts; {args.calls} calls per client; clients are processes; "
        f"median of {args.repeats} runs"
    )
    print(
        f"load average before the run: {' '.join(f'{v:.2f}' for v in os.getloadavg())} "
        f"on {multiprocessing.cpu_count()} CPUs (other processes inflate client-side p99)"
    )
    implementations = _implementations(settings.REDIS_URL)
    rows = {name: {"name": name, 1: [], 8: [], "usec": 0, "reservations": 0} for name in implementations}
    # Implementations take turns in each repeat, so background load hits them alike; each figure
    # is the median over the repeats.
    for _repeat in range(args.repeats):
        for name, factory in implementations.items():
            client.config_resetstat()
            for clients in (1, 8):
                prefix = f"bench:{uuid.uuid4().hex[:8]}"
                results, wall = _spawn(_latency_worker, clients, (factory, prefix, args.calls))
                timings = [t for chunk in results for t in chunk]
                rows[name][clients].append(
                    (percentile(timings, 50) * 1000, percentile(timings, 99) * 1000, len(timings) / wall)
                )
            stats = client.info("commandstats")
            rows[name]["usec"] += sum(v["usec"] for k, v in stats.items() if k.split("_", 1)[1] not in _ADMIN)
            rows[name]["reservations"] += 9 * (100 + args.calls)
            client.flushdb()
    for name, factory in implementations.items():
        overshoots = []
        for _round in range(args.rounds):
            key = f"bench:race:{uuid.uuid4().hex}"
            grants, _wall = _spawn(_race_worker, args.racers, (factory, key, 10))
            overshoots.append(max(0, sum(grants) - LIMIT))
        row = rows[name]
        row["overshoot"] = overshoots
        row["server_us"] = row["usec"] / row["reservations"]
        for clients in (1, 8):
            row[clients] = tuple(statistics.median(figures) for figures in zip(*row[clients], strict=True))
    rows = list(rows.values())

    print(f"\n{'limiter':<26} {'clients':>7} {'p50 ms':>8} {'p99 ms':>8} {'calls/s':>9}")
    for row in rows:
        for clients in (1, 8):
            p50, p99, rate = row[clients]
            print(f"{row['name']:<26} {clients:>7} {p50:>8.3f} {p99:>8.3f} {rate:>9.0f}")
    print("\nRedis-side time per reservation (INFO commandstats usec / reservations, latency runs):")
    for row in rows:
        print(f"{row['name']:<26} {row['server_us']:.1f} us")
    print(f"\nOvershoot: {args.racers} processes x 10 attempts on one key, limit {LIMIT}, {args.rounds} rounds")
    for row in rows:
        o = row["overshoot"]
        print(f"{row['name']:<26} grants beyond the limit per round: {o}  (max {max(o)})")
    ours = rows[0]
    base = {r["name"]: r for r in rows}
    for name in list(base)[1:]:
        print(
            f"ours vs {name}: p50 x{ours[1][0] / base[name][1][0]:.2f}, p99 x{ours[1][1] / base[name][1][1]:.2f} "
            f"(1 client); throughput x{ours[8][2] / base[name][8][2]:.2f} (8 clients)"
        )
    meets = ours[1][1] < 1.0 and max(ours["overshoot"]) == 0
    print(
        f"target p99 < 1 ms (1 client) and zero overshoot: {'meets' if meets else 'MISSES'}"
        f" (p99 with 8 clients on {multiprocessing.cpu_count()} CPUs: {ours[8][1]:.3f} ms)"
    )


if __name__ == "__main__":
    main()
