"""The limiter on a Redis Cluster (LIMITER_REDIS_URL=redis+cluster://...): a local 3-master cluster,
the same behaviour as on one instance, each key's script and rebuild lock in one slot, redirections
while a slot is resharded, and failing closed when the cluster cannot answer."""

import multiprocessing

import pytest
from redis.crc import key_slot

from ratelimit import limiter
from ratelimit.limiter import Policy, Window
from stoflow import redis_clients
from tests.services import RedisClusterServer, free_cluster_port

KEYS = [
    "vinted:www.vinted.fr:4242",
    "login:acct:0123456789abcdef",
    "login:ip:2001:db8::1",
    "a{b}c",
    "}leading-brace",
    "{",
    "",
]


def _slot(key: str) -> int:
    return key_slot(key.encode())


def _key_on(cluster: RedisClusterServer, port: int, prefix: str = "k") -> str:
    """A limiter key whose slot the node on `port` serves."""
    return next(
        f"{prefix}{i}" for i in range(10_000) if cluster.port_of_slot(_slot(limiter.redis_key(f"{prefix}{i}"))) == port
    )


@pytest.mark.parametrize("key", KEYS)
def test_redis_key_and_its_rebuild_lock_hash_to_one_slot(key):
    assert _slot(limiter.redis_key(key)) == _slot(limiter.redis_key(key) + ":rebuild")


def test_every_script_call_on_a_key_stays_in_its_slot(limiter_on_cluster, attempts_log, monkeypatch):
    rows, _calls = attempts_log
    rows["logged:x"] = []
    client, script = limiter._client_and_script()
    seen = []

    def recording(keys=(), args=(), client=None):
        seen.append(list(keys))
        return script(keys=keys, args=args, client=client)

    monkeypatch.setattr(limiter, "_client_and_script", lambda: (client, recording))
    policy = Policy((Window(2, 60), Window(5, 3600)))
    limiter.reserve("logged:x", "a", policy)  # missing: rebuilt under the lock, then reserved
    limiter.status("logged:x", policy)
    limiter.exhaust("logged:x", policy, "test")
    limiter.release("logged:x", "a")
    lock_slot = _slot(limiter.redis_key("logged:x") + ":rebuild")
    assert len(seen) >= 5 and all(len(keys) == 1 and _slot(keys[0]) == lock_slot for keys in seen)


def test_reserve_on_a_cluster_grants_up_to_the_budget_then_refuses(limiter_on_cluster):
    policy = Policy((Window(3, 60),))
    decisions = [limiter.reserve("acct:1", f"job{i}", policy) for i in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.windows[0].remaining for d in decisions] == [2, 1, 0, 0]
    assert decisions[-1].reason == "limit" and 59 < decisions[-1].retry_after <= 60
    assert limiter.reserve("acct:1", "job0", policy).already_reserved


def test_keys_on_every_node_of_a_cluster_keep_their_own_budget(limiter_on_cluster):
    cluster = limiter_on_cluster
    keys = [_key_on(cluster, port) for port in cluster.ports]
    policy = Policy((Window(2, 60),))
    for key in keys:
        assert [limiter.reserve(key, f"a{i}", policy).allowed for i in range(3)] == [True, True, False]
    for key, port in zip(keys, cluster.ports, strict=True):
        assert cluster.node(port).zcard(limiter.redis_key(key)) == 2


def test_window_slides_on_a_cluster(limiter_on_cluster):
    policy = Policy((Window(2, 10),))
    start = 1_800_000_000_000
    with limiter.frozen_clock(start):
        limiter.reserve("acct:2", "a0", policy)
    with limiter.frozen_clock(start + 4_000):
        limiter.reserve("acct:2", "a1", policy)
        assert not limiter.reserve("acct:2", "a2", policy).allowed
    with limiter.frozen_clock(start + 9_999):
        assert not limiter.reserve("acct:2", "a3", policy).allowed
    with limiter.frozen_clock(start + 10_000):  # a0 aged out, a1 still counts: one slot back
        assert limiter.reserve("acct:2", "a4", policy).allowed
        assert not limiter.reserve("acct:2", "a5", policy).allowed


def test_lost_key_on_a_cluster_is_rebuilt_from_the_attempts_log(limiter_on_cluster, attempts_log, redis_now_ms):
    rows, calls = attempts_log
    policy = Policy((Window(3, 3600),))
    assert limiter.reserve("logged:acct", "job-a", policy).allowed
    rows["logged:acct"] = [("job-a", limiter.reserve("logged:acct", "job-a", policy).now.timestamp() * 1000)]
    rows["logged:acct"].append(("job-b", rows["logged:acct"][0][1]))
    limiter.client().delete(limiter.redis_key("logged:acct"))  # the node lost it
    decision = limiter.reserve("logged:acct", "job-c", policy)
    assert decision.allowed and decision.windows[0].remaining == 0
    assert not limiter.reserve("logged:acct", "job-d", policy).allowed
    assert calls and calls[-1][0] == "logged:acct"


RACERS, EACH, LIMIT = 12, 8, 30


def _racer(key, worker, barrier, results):
    barrier.wait(timeout=30)
    policy = Policy((Window(LIMIT, 3600),))
    results.put(sum(limiter.reserve(key, f"w{worker}#{n}", policy).allowed for n in range(EACH)))


def test_processes_racing_on_one_key_of_a_cluster_get_exactly_the_limit(limiter_on_cluster):
    cluster = limiter_on_cluster
    context = multiprocessing.get_context("fork")
    for port in cluster.ports:  # a key on each master
        key = _key_on(cluster, port, prefix="race")
        barrier, results = context.Barrier(RACERS), context.Queue()
        processes = [context.Process(target=_racer, args=(key, w, barrier, results)) for w in range(RACERS)]
        for process in processes:
            process.start()
        granted = sum(results.get(timeout=60) for _ in processes)
        for process in processes:
            process.join(30)
            assert process.exitcode == 0
        assert RACERS * EACH > 3 * LIMIT
        assert granted == LIMIT
        assert cluster.node(port).zcard(limiter.redis_key(key)) == LIMIT


def _rejected_evalsha(cluster: RedisClusterServer, port: int) -> int:
    """Scripts a node refused before running them (redirections with ASK or MOVED among them)."""
    stats = cluster.node(port).info("commandstats").get("cmdstat_evalsha", {})
    return int(stats.get("rejected_calls", 0))


def test_reserve_while_its_slot_is_resharded_follows_ask_then_moved_and_keeps_the_count(limiter_on_cluster):
    cluster = limiter_on_cluster
    key = "acct:resharded"
    slot = _slot(limiter.redis_key(key))
    policy = Policy((Window(4, 3600),))
    for i in range(2):
        assert limiter.reserve(key, f"before{i}", policy).allowed
    target = next(port for port in cluster.ports if port != cluster.port_of_slot(slot))
    source = cluster.begin_migration(slot, target)
    assert limiter.reserve(key, "migrating", policy).allowed  # the key is still on the source
    assert cluster.migrate_keys(slot, source, target) == 1
    rejected = _rejected_evalsha(cluster, source)
    # The client's slot map still names the source, which no longer holds the key: ASK, to the target.
    assert limiter.reserve(key, "asked", policy).allowed
    assert _rejected_evalsha(cluster, source) == rejected + 1
    cluster.finish_migration(slot, target)
    # The slot map is stale: MOVED, then the client learns the new owner.
    denied = limiter.reserve(key, "moved", policy)
    assert (denied.allowed, denied.reason, denied.windows[0].used) == (False, "limit", 4)
    assert _rejected_evalsha(cluster, source) == rejected + 2
    assert limiter.status(key, policy).windows[0].used == 4
    assert _rejected_evalsha(cluster, source) == rejected + 2  # no redirection any more
    assert cluster.node(target).zcard(limiter.redis_key(key)) == 4
    assert cluster.node(source).execute_command("CLUSTER", "COUNTKEYSINSLOT", slot) == 0


def test_reserve_with_the_cluster_unreachable_is_denied_as_unavailable(settings):
    settings.LIMITER_REDIS_URL = f"redis+cluster://127.0.0.1:{free_cluster_port()}"
    policy = Policy((Window(40, 7200),))
    decision = limiter.reserve("acct:1", "job#1", policy)
    assert (decision.allowed, decision.reason) == (False, "unavailable")
    assert limiter.status("acct:1", policy).reason == "unavailable"
    limiter.release("acct:1", "job#1")  # logged, not raised
    limiter.exhaust("acct:1", policy, "429")
    limiter.clear("acct:1")


def test_reserve_with_the_keys_master_stopped_is_denied_as_unavailable(settings):
    cluster = RedisClusterServer(masters=3).start()
    try:
        settings.LIMITER_REDIS_URL = cluster.url
        policy = Policy((Window(40, 7200),))
        key = _key_on(cluster, cluster.ports[1])
        assert limiter.reserve(key, "job#1", policy).allowed
        cluster.processes[1].terminate()
        cluster.processes[1].wait(10)
        decision = limiter.reserve(key, "job#2", policy)
        assert (decision.allowed, decision.reason) == (False, "unavailable")
    finally:
        cluster.cleanup()


def test_cluster_url_makes_a_cluster_client_and_a_plain_url_does_not():
    assert redis_clients.is_cluster("redis+cluster://127.0.0.1:7000")
    assert redis_clients.is_cluster("rediss+cluster://node.example:7000")
    assert not redis_clients.is_cluster("redis://127.0.0.1:6379/0")
