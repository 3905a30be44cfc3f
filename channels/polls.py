"""The public index of when each connected account of a channel is next read by a periodic poll
(channels.models.PollSchedule): a beat tick with nothing due is one indexed query on `public` and
opens no shop schema, however many shops there are. eBay's orders poll and Vinted's wardrobe syncs
both use it.

A channel decides when its accounts are due and writes their rows (in the transaction that changes
the answer); this module only stores, claims, splits and moves rows. It knows no shop and no
marketplace.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from .models import PollSchedule

BATCH = 500

# A claimed row: (pk, tenant_schema, account_id), readable by those names.
Claimed = Any


def set_row(channel: str, account_id: int, at, *, schema: str | None = None) -> None:
    """Insert or move the account's row (`at` None: nothing due until the channel sets it again):
    one INSERT ... ON CONFLICT DO UPDATE."""
    PollSchedule.objects.bulk_create(
        [
            PollSchedule(
                channel=channel, tenant_schema=schema or connection.schema_name, account_id=account_id, next_at=at
            )
        ],
        update_conflicts=True,
        unique_fields=["channel", "tenant_schema", "account_id"],
        update_fields=["next_at", "updated_at"],
    )


def drop(channel: str, account_id: int | Iterable[int] | None = None, *, schema: str | None = None) -> int:
    """Forget one account's row (or those of several), or every row of the shop when `account_id`
    is None: how many went."""
    rows = PollSchedule.objects.filter(channel=channel, tenant_schema=schema or connection.schema_name)
    if isinstance(account_id, int):
        rows = rows.filter(account_id=account_id)
    elif account_id is not None:
        rows = rows.filter(account_id__in=list(account_id))
    return rows.delete()[0]


def waiting_after(channel: str, account_id: int, moment) -> bool:
    """Whether the account has a row due later than `moment` (a reason to bring it forward)."""
    return PollSchedule.objects.filter(
        channel=channel, tenant_schema=connection.schema_name, account_id=account_id, next_at__gt=moment
    ).exists()


def claim_due(channel: str, now, *, push: datetime.timedelta, batch: int = BATCH) -> list[Claimed]:
    """Up to `batch` of the channel's due rows, oldest first, claimed with skip_locked (two beats
    never take the same row) and leased: pushed to `now + push`. A poll that is lost or dies finds
    its row due again at the first tick after the lease; one that runs sets the exact time itself,
    and a poll run late can tell by the lease (`held`) whether a newer tick took the row again."""
    with transaction.atomic():
        rows = list(
            PollSchedule.objects.select_for_update(skip_locked=True)
            .filter(channel=channel, next_at__lte=now)
            .order_by("next_at")
            .values_list("pk", "tenant_schema", "account_id", named=True)[:batch]
        )
        if rows:
            PollSchedule.objects.filter(pk__in=[row.pk for row in rows]).update(next_at=now + push)
    return rows


def in_batches(rows: Iterable[Claimed], size: int) -> list[list[tuple[str, int]]]:
    """Claimed rows as lists of about `size` (schema, account id) pairs for the workers, sorted by
    shop; a shop's accounts stay in one batch (which may then hold more), so a worker opens each
    shop once."""
    batches: list[list[tuple[str, int]]] = []
    size = max(1, size)
    for schema, account_id in sorted((row.tenant_schema, row.account_id) for row in rows):
        if not batches or (len(batches[-1]) >= size and batches[-1][-1][0] != schema):
            batches.append([])
        batches[-1].append((schema, account_id))
    return batches


def held(channel: str, accounts: Iterable[tuple[str, int]], lease) -> dict[tuple[str, int], PollSchedule]:
    """The rows of `accounts` (schema, account id) still at `lease`, by (schema, account id): a row
    not among them was taken again by a newer tick, or rewritten by a change of its account."""
    wanted = {(schema, int(account_id)) for schema, account_id in accounts}
    if not wanted:
        return {}
    rows = PollSchedule.objects.filter(
        channel=channel,
        next_at=lease,
        tenant_schema__in={schema for schema, _account in wanted},
        account_id__in={account for _schema, account in wanted},
    )
    return {key: row for row in rows if (key := (row.tenant_schema, row.account_id)) in wanted}


def postpone(rows: Iterable[Claimed], at) -> None:
    """Move claimed rows (of shops not to be opened now) to `at`: one statement."""
    pks = [row.pk for row in rows]
    if pks:
        PollSchedule.objects.filter(pk__in=pks).update(next_at=at)


def move(rows: list[PollSchedule]) -> None:
    """Save the `next_at` the caller set on each held row, in one statement (an update, not an
    upsert: a row deleted meanwhile, its account disconnected, stays deleted)."""
    if rows:
        PollSchedule.objects.bulk_update(rows, ["next_at"])
