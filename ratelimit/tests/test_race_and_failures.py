"""Concurrency (processes racing on one key), Redis outages and rebuilding a lost key."""

import multiprocessing

import pytest

from ratelimit import limiter
from ratelimit.limiter import Policy, Window
from tests.services import RedisServer

PROCESSES = 16
ATTEMPTS_EACH = 8
LIMIT = 40


def _racer(key, worker, barrier, results):
    barrier.wait(timeout=30)
    policy = Policy((Window(LIMIT, 3600),))
    granted = sum(limiter.reserve(key, f"w{worker}#{n}", policy).allowed for n in range(ATTEMPTS_EACH))
    results.put(granted)


def _race(key) -> int:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [context.Process(target=_racer, args=(key, worker, barrier, results)) for worker in range(PROCESSES)]
    for process in processes:
        process.start()
    granted = sum(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    return granted


@pytest.mark.parametrize("round_no", range(5))
def test_sixteen_processes_racing_on_one_key_get_exactly_the_limit(key, round_no, redis_client):
    assert PROCESSES * ATTEMPTS_EACH > 3 * LIMIT
    assert _race(f"{key}:{round_no}") == LIMIT
    assert redis_client.zcard(limiter.redis_key(f"{key}:{round_no}")) == LIMIT


@pytest.fixture
def private_redis(settings):
    server = RedisServer().start()
    settings.REDIS_URL = server.url
    yield server
    server.cleanup()


def test_reserve_with_redis_stopped_is_denied_as_unavailable_without_exception(private_redis):
    policy = Policy((Window(40, 7200),))
    assert limiter.reserve("acct:1", "job#1", policy).allowed
    private_redis.stop()
    sent = []
    decision = limiter.reserve("acct:1", "job#2", policy)
    if decision.allowed:
        sent.append("job#2")
    assert sent == []
    assert (decision.allowed, decision.reason) == (False, "unavailable")
    assert decision.retry_at > decision.now and decision.windows[0].remaining == 0
    assert limiter.status("acct:1", policy).reason == "unavailable"
    limiter.release("acct:1", "job#1")  # logged, not raised
    limiter.exhaust("acct:1", policy, "429")


def test_reserve_after_redis_comes_back_works_again(private_redis):
    policy = Policy((Window(40, 7200),))
    private_redis.stop()
    assert limiter.reserve("acct:1", "job#1", policy).reason == "unavailable"
    private_redis.start()
    assert limiter.reserve("acct:1", "job#1", policy).allowed


def test_flushed_key_is_rebuilt_from_the_attempts_log_with_the_same_remaining(redis_client, attempts_log):
    rows, calls = attempts_log
    key, policy = "logged:acct:7", Policy((Window(10, 3600), Window(4, 600)))
    for n in range(3):
        decision = limiter.reserve(key, f"job{n}#1", policy)
        rows.setdefault(key, []).append((f"job{n}#1", int(decision.now.timestamp() * 1000)))
    later = int(decision.now.timestamp() * 1000) + 5
    with limiter.frozen_clock(later):
        before = limiter.status(key, policy)
    redis_client.flushdb()
    with limiter.frozen_clock(later):
        after = limiter.status(key, policy)
    assert after == before
    assert [w.remaining for w in after.windows] == [7, 1]
    assert calls and calls[-1][0] == key
    # The rebuilt attempts keep their ids: a redelivered attempt still takes no second slot.
    assert limiter.reserve(key, "job0#1", policy).already_reserved
    assert limiter.reserve(key, "job3#1", policy).allowed
    assert not limiter.reserve(key, "job4#1", policy).allowed


def test_lost_key_is_rebuilt_before_the_next_reservation(redis_client, attempts_log):
    rows, _calls = attempts_log
    key, policy = "logged:acct:8", Policy((Window(2, 3600),))
    for n in range(2):
        decision = limiter.reserve(key, f"job{n}#1", policy)
        rows.setdefault(key, []).append((f"job{n}#1", int(decision.now.timestamp() * 1000)))
    redis_client.delete(limiter.redis_key(key))
    assert limiter.reserve(key, "job2#1", policy).reason == "limit"


def test_rebuild_ignores_log_rows_older_than_the_longest_window(redis_client, attempts_log, redis_now_ms):
    rows, _calls = attempts_log
    key, policy = "logged:acct:9", Policy((Window(1, 60),))
    rows[key] = [("ancient#1", redis_now_ms() - 61_000)]
    assert limiter.reserve(key, "job#1", policy).allowed


def test_unreadable_attempts_log_fails_closed(redis_client):
    def broken(key, since_ms):
        raise RuntimeError("database down")

    limiter.register_attempt_log("broken:", broken)
    try:
        decision = limiter.reserve("broken:acct:1", "job#1", Policy((Window(40, 7200),)))
    finally:
        limiter.unregister_attempt_log("broken:")
    assert (decision.allowed, decision.reason) == (False, "unavailable")


def test_keys_without_a_log_never_call_a_loader(key, attempts_log):
    _rows, calls = attempts_log
    limiter.reserve(key, "a", Policy((Window(1, 60),)))
    assert calls == []


def _racer_on_lost_key(key, worker, barrier, results, rows):
    limiter.register_attempt_log("logged:", lambda k, since: [r for r in rows if r[1] > since])
    barrier.wait(timeout=30)
    policy = Policy((Window(LIMIT, 3600),))
    results.put(sum(limiter.reserve(key, f"w{worker}#{n}", policy).allowed for n in range(ATTEMPTS_EACH)))


def test_processes_racing_on_a_lost_key_respect_the_rebuilt_log(redis_client, redis_now_ms):
    key = "logged:acct:race"
    rows = [(f"old{n}", redis_now_ms() - 1000) for n in range(30)]
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    processes = [
        context.Process(target=_racer_on_lost_key, args=(key, w, barrier, results, rows)) for w in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    granted = sum(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(30)
    assert granted == LIMIT - 30
