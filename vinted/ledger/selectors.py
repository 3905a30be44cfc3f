from django.db.models import QuerySet

from .models import VintedAttempt


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
