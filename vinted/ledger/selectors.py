import datetime
from typing import TypedDict

from django.db.models import QuerySet

from .models import JobDispatch, VintedAttempt


class WaitingFigures(TypedDict):
    waiting: int
    next_at: datetime.datetime | None


def attempts_since(key: str, since_ms: int) -> QuerySet[VintedAttempt, tuple[str, int]]:
    """(attempt_id, reserved_at_ms) of the slots taken for `key` since `since_ms`.

    Released slots are left out: nothing was sent for them.
    """
    return (
        VintedAttempt.objects.filter(account_key=key, reserved_at_ms__gt=since_ms)
        .exclude(outcome=VintedAttempt.Outcome.RELEASED)
        .order_by("reserved_at_ms")
        .values_list("attempt_id", "reserved_at_ms")
    )


def waiting_for_account(key: str) -> WaitingFigures:
    """{"waiting": n, "next_at": datetime|None} of the jobs of one Vinted account (all shops)."""
    from django.db.models import Count, Min

    rows = JobDispatch.objects.filter(account_key=key, state="waiting_rate_limit")
    figures = rows.aggregate(waiting=Count("id"), next_at=Min("due_at"))
    return {"waiting": figures["waiting"], "next_at": figures["next_at"]}
