"""The sliding-window log: exact, idempotent, several windows, boundaries, exhaust and release."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from ratelimit import limiter
from ratelimit.limiter import Policy, Window


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _ids(n, prefix="a"):
    return [f"{prefix}{i}" for i in range(n)]


def test_reserve_under_the_limit_grants_and_counts_down(key):
    policy = Policy((Window(3, 60),))
    remaining = [limiter.reserve(key, attempt, policy).windows[0].remaining for attempt in _ids(3)]
    assert remaining == [2, 1, 0]


def test_reserve_over_the_limit_is_denied_with_retry_at_one_window_after_the_oldest(key):
    policy = Policy((Window(2, 60),))
    first = limiter.reserve(key, "a0", policy)
    limiter.reserve(key, "a1", policy)
    denied = limiter.reserve(key, "a2", policy)
    assert (denied.allowed, denied.reason) == (False, "limit")
    assert denied.retry_at == first.now + timedelta(seconds=60)
    assert 59 < denied.retry_after <= 60
    assert denied.windows[0].used == 2 and denied.windows[0].remaining == 0


def test_reserve_same_attempt_twice_takes_one_slot(key):
    policy = Policy((Window(2, 60),))
    first = limiter.reserve(key, "job-1#1", policy)
    again = limiter.reserve(key, "job-1#1", policy)
    assert first.allowed and again.allowed and again.already_reserved and not first.already_reserved
    assert again.windows[0].used == 1
    assert limiter.reserve(key, "job-2#1", policy).allowed


def test_reserve_same_attempt_when_full_is_still_allowed(key):
    policy = Policy((Window(1, 60),))
    limiter.reserve(key, "job-1#1", policy)
    assert not limiter.reserve(key, "job-2#1", policy).allowed
    assert limiter.reserve(key, "job-1#1", policy).allowed


def test_window_slides_old_attempts_stop_counting_after_the_span(key):
    policy = Policy((Window(2, 2),))
    limiter.reserve(key, "a0", policy)
    time.sleep(1.0)
    limiter.reserve(key, "a1", policy)
    denied = limiter.reserve(key, "a2", policy)
    assert not denied.allowed
    time.sleep(max(0.0, (denied.retry_at - denied.now).total_seconds()) + 0.05)
    # a0 aged out, a1 still counts (for about another second): exactly one slot came back.
    assert limiter.reserve(key, "a3", policy).allowed
    assert not limiter.reserve(key, "a4", policy).allowed


def test_status_is_read_only_and_reports_next_slot_per_window(key):
    policy = Policy((Window(2, 60), Window(5, 600)))
    first = limiter.reserve(key, "a0", policy)
    limiter.reserve(key, "a1", policy)
    for _ in range(3):
        view = limiter.status(key, policy)
    assert not view.allowed and view.reason == "limit"
    short, long = view.windows
    assert (short.used, short.remaining, long.used, long.remaining) == (2, 0, 2, 3)
    assert short.next_slot_at == first.now + timedelta(seconds=60)
    assert long.next_slot_at == view.now and long.retry_after == 0


def test_status_for_several_slots_gives_when_that_many_are_free_at_once(key):
    policy = Policy((Window(5, 100),))
    start = 1_000_000_000_000
    for i in range(5):
        with limiter.frozen_clock(start + i * 1000):
            limiter.reserve(key, f"a{i}", policy)
    with limiter.frozen_clock(start + 10_000):
        one, three = limiter.status(key, policy), limiter.status(key, policy, slots=3)
    assert one.retry_at == _at(start + 100_000)  # a0 ages out
    assert three.retry_at == _at(start + 2_000 + 100_000)  # a0, a1 and a2 age out
    assert not three.allowed and three.windows[0].remaining == 0
    with limiter.frozen_clock(start + 102_000 - 1):
        assert not limiter.status(key, policy, slots=3).allowed
    with limiter.frozen_clock(start + 102_000):
        room = limiter.status(key, policy, slots=3)
    assert room.allowed and room.retry_at is None and room.windows[0].remaining == 3


def test_status_for_more_slots_than_the_limit_waits_for_an_empty_window(key):
    policy = Policy((Window(2, 60),))
    assert limiter.status(key, policy, slots=7).allowed
    limiter.reserve(key, "a0", policy)
    newest = limiter.reserve(key, "a1", policy)
    view = limiter.status(key, policy, slots=7)
    assert not view.allowed and view.retry_at == newest.now + timedelta(seconds=60)


def test_status_for_several_slots_with_some_room_is_not_allowed_before_all_are_free(key):
    policy = Policy((Window(3, 60), Window(10, 600)))
    first = limiter.reserve(key, "a0", policy)
    limiter.reserve(key, "a1", policy)
    view = limiter.status(key, policy, slots=2)
    assert not view.allowed and view.windows[0].remaining == 1
    assert view.retry_at == first.now + timedelta(seconds=60)  # the long window has room: now
    assert view.windows[1].next_slot_at == view.now


def test_status_for_no_slots_is_refused(key):
    with pytest.raises(ValueError):
        limiter.status(key, Policy((Window(2, 60),)), slots=0)


def test_status_on_an_unused_key_is_allowed_with_the_whole_budget(key):
    view = limiter.status(key, Policy((Window(40, 7200),)))
    assert view.allowed and view.windows[0].remaining == 40 and view.retry_at is None


def test_reserve_with_several_windows_is_denied_by_the_tightest(key):
    policy = Policy((Window(10, 3600), Window(3, 60)))
    granted = [limiter.reserve(key, a, policy).allowed for a in _ids(5)]
    assert granted == [True, True, True, False, False]
    denied = limiter.reserve(key, "x", policy)
    hour, minute = denied.windows
    assert (hour.used, hour.remaining) == (3, 7)
    assert minute.remaining == 0 and denied.retry_at == minute.next_slot_at


def test_denied_reservation_takes_no_slot_in_any_window(key):
    policy = Policy((Window(10, 3600), Window(1, 60)))
    limiter.reserve(key, "a", policy)
    for attempt in _ids(5, "denied"):
        limiter.reserve(key, attempt, policy)
    assert limiter.status(key, policy).windows[0].used == 1


def test_reserve_exactly_at_retry_at_is_admitted_and_one_ms_earlier_denied(key, redis_now_ms):
    policy = Policy((Window(1, 60),))
    start = redis_now_ms()
    with limiter.frozen_clock(start):
        limiter.reserve(key, "first", policy)
    with limiter.frozen_clock(start + 59_999):
        early = limiter.reserve(key, "second", policy)
    assert not early.allowed
    assert early.retry_at == _at(start + 60_000)
    with limiter.frozen_clock(start + 60_000):
        assert limiter.reserve(key, "second", policy).allowed


def test_next_slot_when_over_the_limit_is_the_right_rank(key, redis_now_ms):
    # A policy lowered from 3 to 2 while 3 attempts are held: two must age out before a slot frees.
    start = redis_now_ms()
    for i, attempt in enumerate(("a", "b", "c")):
        with limiter.frozen_clock(start + i * 1000):
            limiter.reserve(key, attempt, Policy((Window(3, 60),)))
    with limiter.frozen_clock(start + 5000):
        view = limiter.status(key, Policy((Window(2, 60),)))
    assert view.retry_at == _at(start + 1000 + 60_000)


def test_release_gives_the_slot_back(key):
    policy = Policy((Window(1, 60),))
    limiter.reserve(key, "never-sent", policy)
    limiter.release(key, "never-sent")
    assert limiter.reserve(key, "next", policy).allowed


def test_exhaust_blocks_every_window_for_its_full_length(key, redis_now_ms):
    policy = Policy((Window(5, 3600), Window(2, 60)))
    limiter.reserve(key, "old", policy)
    with limiter.frozen_clock(redis_now_ms() + 10):
        limiter.exhaust(key, policy, reason="429 from the marketplace")
        view = limiter.status(key, policy)
    assert not view.allowed
    hour, minute = view.windows
    assert hour.used == 5 and hour.next_slot_at == view.now + timedelta(seconds=3600)
    assert minute.next_slot_at == view.now + timedelta(seconds=60)
    assert not limiter.reserve(key, "new", policy).allowed


def test_clear_forgets_every_attempt(key):
    policy = Policy((Window(1, 60),))
    limiter.reserve(key, "a", policy)
    limiter.clear(key)
    assert limiter.reserve(key, "b", policy).allowed


def test_key_expires_in_redis_after_its_longest_window(key, redis_client):
    limiter.reserve(key, "a", Policy((Window(5, 60), Window(9, 120))))
    ttl_ms = redis_client.pttl(limiter.redis_key(key))
    assert 120_000 < ttl_ms <= 180_000


def test_reserve_without_attempt_id_is_a_programming_error(key):
    with pytest.raises(ValueError):
        limiter.reserve(key, "", Policy((Window(1, 60),)))


def test_policy_without_windows_is_refused():
    with pytest.raises(ValueError):
        Policy(())
    with pytest.raises(ValueError):
        Window(0, 60)


def test_frozen_clock_is_refused_outside_tests(settings):
    settings.TESTING = False
    with pytest.raises(RuntimeError):
        with limiter.frozen_clock(1):
            pass


def test_keys_of_different_callers_do_not_share_a_budget(key):
    policy = Policy((Window(1, 60),))
    assert limiter.reserve(key + ":one", "a", policy).allowed
    assert limiter.reserve(key + ":two", "a", policy).allowed


def test_reserve_writes_to_the_limiter_redis_never_the_cache(key, redis_client, settings):
    import redis

    assert settings.CACHE_REDIS_URL != settings.REDIS_URL
    limiter.reserve(key, "a", Policy((Window(1, 60),)))
    assert redis_client.zscore(limiter.redis_key(key), "a") is not None
    cache = redis.Redis.from_url(settings.CACHE_REDIS_URL)
    try:
        assert cache.exists(limiter.redis_key(key)) == 0
    finally:
        cache.close()
