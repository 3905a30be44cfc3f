"""The public index of when each connected account of a channel is next read by a periodic poll
(channels.models.PollSchedule): a beat tick with nothing due is one indexed query on `public` and
opens no shop schema, however many shops there are.

A channel decides when its accounts are due and writes their rows (in the transaction that changes
the answer); this module only stores, claims and moves rows. It knows no shop and no marketplace.
"""

import datetime

from django.db import connection, transaction

from .models import PollSchedule

BATCH = 500


def set_row(channel: str, account_id: int, at, *, schema: str | None = None) -> None:
    """Insert or move the account's row: one INSERT ... ON CONFLICT DO UPDATE."""
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


def drop(channel: str, account_id: int | None = None, *, schema: str | None = None) -> int:
    """Forget one account's row, or every row of the shop when `account_id` is None: how many went."""
    rows = PollSchedule.objects.filter(channel=channel, tenant_schema=schema or connection.schema_name)
    if account_id is not None:
        rows = rows.filter(account_id=account_id)
    return rows.delete()[0]


def waiting_after(channel: str, account_id: int, moment) -> bool:
    """Whether the account has a row due later than `moment` (a reason to bring it forward)."""
    return PollSchedule.objects.filter(
        channel=channel, tenant_schema=connection.schema_name, account_id=account_id, next_at__gt=moment
    ).exists()


def claim_due(channel: str, now, *, push: datetime.timedelta, batch: int = BATCH) -> list[PollSchedule]:
    """The channel's due rows, oldest first, claimed with skip_locked (two beats never take the same
    row) and pushed `push` forward: a poll that is lost or dies is due again then; one that runs sets
    the exact time itself."""
    with transaction.atomic():
        rows = list(
            PollSchedule.objects.select_for_update(skip_locked=True)
            .filter(channel=channel, next_at__lte=now)
            .order_by("next_at")[:batch]
        )
        if rows:
            PollSchedule.objects.filter(pk__in=[row.pk for row in rows]).update(next_at=now + push)
    return rows


def postpone(rows: list[PollSchedule], at) -> None:
    if rows:
        PollSchedule.objects.filter(pk__in=[row.pk for row in rows]).update(next_at=at)
