"""The public poll index every channel shares (channels.polls, issue 18): eBay's orders poll and
Vinted's periodic syncs claim, lease, split and move their rows with the same functions. Here rather
than in either app: the claim must keep one channel's rows out of another's."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from channels import polls
from channels.models import PollSchedule

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(seconds=60)


@pytest.fixture
def now():
    connection.set_schema_to_public()
    PollSchedule.objects.all().delete()
    return timezone.now()


def row(channel, schema, account_id, at):
    return PollSchedule.objects.create(channel=channel, tenant_schema=schema, account_id=account_id, next_at=at)


def next_at(channel, schema, account_id):
    return PollSchedule.objects.get(channel=channel, tenant_schema=schema, account_id=account_id).next_at


def test_claim_due_takes_the_channels_oldest_due_rows_and_leases_them_to_now_plus_push(now):
    row("vinted", "t_a", 1, now - 3 * MINUTE)
    row("vinted", "t_b", 1, now - 2 * MINUTE)
    row("vinted", "t_c", 1, now - MINUTE)
    row("vinted", "t_d", 1, now + MINUTE)  # not due
    row("vinted", "t_e", 1, None)  # a poll in progress
    row("ebay", "t_a", 1, now - 5 * MINUTE)  # another channel's

    claimed = polls.claim_due("vinted", now, push=MINUTE, batch=2)

    assert [(r.tenant_schema, r.account_id) for r in claimed] == [("t_a", 1), ("t_b", 1)]
    assert next_at("vinted", "t_a", 1) == next_at("vinted", "t_b", 1) == now + MINUTE
    assert next_at("vinted", "t_c", 1) == now - MINUTE  # beyond the batch: the next tick's
    assert next_at("ebay", "t_a", 1) == now - 5 * MINUTE
    assert [r.tenant_schema for r in polls.claim_due("vinted", now, push=MINUTE)] == ["t_c"]  # leased rows stay out


def test_claim_due_with_nothing_due_is_one_read_and_writes_nothing(now):
    row("vinted", "t_a", 1, now + MINUTE)
    with CaptureQueriesContext(connection) as queries:
        assert polls.claim_due("vinted", now, push=MINUTE) == []
    sql = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET"))]
    assert len(sql) == 1 and sql[0].startswith("SELECT") and "SKIP LOCKED" in sql[0], sql


def test_in_batches_sorts_by_shop_and_keeps_a_shops_accounts_in_one_batch(now):
    for schema, account_id in (("t_b", 1), ("t_a", 2), ("t_a", 1), ("t_a", 3), ("t_c", 1)):
        row("vinted", schema, account_id, now)
    claimed = polls.claim_due("vinted", now, push=MINUTE)

    assert polls.in_batches(claimed, 2) == [[("t_a", 1), ("t_a", 2), ("t_a", 3)], [("t_b", 1), ("t_c", 1)]]
    assert polls.in_batches([], 2) == []


def test_held_gives_only_the_rows_still_at_the_lease(now):
    for schema in ("t_a", "t_b", "t_c"):
        row("vinted", schema, 1, now)
    row("ebay", "t_a", 1, now)
    claimed = polls.claim_due("vinted", now, push=MINUTE)
    lease = now + MINUTE
    polls.set_row("vinted", 1, now + 2 * MINUTE, schema="t_b")  # its account changed meanwhile
    polls.drop("vinted", [1], schema="t_c")  # disconnected meanwhile

    held = polls.held("vinted", [(r.tenant_schema, r.account_id) for r in claimed], lease)

    assert list(held) == [("t_a", 1)]
    assert polls.held("vinted", [], lease) == {}


def test_postpone_and_move_set_the_times_a_channel_decided(now):
    for schema in ("t_a", "t_b"):
        row("vinted", schema, 1, now)
    claimed = polls.claim_due("vinted", now, push=MINUTE)
    polls.postpone([r for r in claimed if r.tenant_schema == "t_a"], now + 60 * MINUTE)  # shop suspended
    [early] = polls.held("vinted", [("t_b", 1)], now + MINUTE).values()
    early.next_at = None

    polls.move([early])

    assert sorted(PollSchedule.objects.values_list("tenant_schema", "next_at")) == [
        ("t_a", now + 60 * MINUTE),
        ("t_b", None),
    ]
