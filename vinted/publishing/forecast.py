"""What a publication costs in requests, and when the requests beyond the budget can go.

The ratelimit app gives the live used/remaining; the times of the slots already taken come from
the public attempts log (vinted.ledger), which is what the limiter itself rebuilds from. The
forecast replays the sliding log: the request after the budget goes when the oldest attempt in
the window leaves it, and so on. It ignores the human-like pauses, so it says "at the earliest".
"""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ratelimit import budget as ratelimit_budget

from .. import budget as vinted_budget
from ..ledger.selectors import attempts_since
from ..models import VintedAccount


@dataclass(frozen=True)
class Forecast:
    needed: int
    remaining: int | None  # None when the limiter cannot be read
    limit: int | None
    window_seconds: int | None
    first_waiting_at: datetime.datetime | None = None  # when the first request beyond the budget goes
    last_at: datetime.datetime | None = None  # when the last one goes

    @property
    def unavailable(self) -> bool:
        return self.remaining is None

    @property
    def exceeds(self) -> bool:
        return self.remaining is not None and self.needed > self.remaining

    @property
    def waiting(self) -> int:
        return max(0, self.needed - (self.remaining or 0)) if self.exceeds else 0

    @property
    def first_label(self) -> str:
        return moment(self.first_waiting_at) if self.first_waiting_at else ""

    @property
    def last_label(self) -> str:
        return moment(self.last_at) if self.last_at else ""


def moment(value: datetime.datetime) -> str:
    """ "at 07:58" today, "on 02/12/2026 at 07:58" on another day (the shop's time zone and language)."""
    local = timezone.localtime(value)
    time = formats.date_format(local, "H:i")
    if local.date() == timezone.localdate():
        return _("at %(time)s") % {"time": time}
    return _("on %(date)s at %(time)s") % {"date": formats.date_format(local, "SHORT_DATE_FORMAT"), "time": time}


def _slot_times(taken_ms: list[int], now_ms: int, limit: int, window_ms: int, count: int) -> list[int]:
    """When each of `count` further requests may go, given the slots already taken (sorted)."""
    entries = sorted(taken_ms)
    times = []
    for _request in range(count):
        at = max(now_ms, entries[-1] if entries else now_ms)
        inside = [e for e in entries if e > at - window_ms]
        if len(inside) >= limit:
            # Half-open window (t-W, t]: the slot of entry e frees exactly at e + W.
            at = max(at, inside[-limit] + window_ms)
        entries.append(at)
        times.append(at)
    return times


def forecast(request, account: VintedAccount, needed: int) -> Forecast:
    budget = ratelimit_budget.budget_for(request, vinted_budget.POLICY_NAME, str(account.public_id))
    if budget is None or budget.unavailable:
        return Forecast(needed=needed, remaining=None, limit=None, window_seconds=None)
    window = budget.window
    result = Forecast(needed=needed, remaining=window.remaining, limit=window.limit, window_seconds=window.seconds)
    if not result.exceeds:
        return result
    now_ms = int(budget.decision.now.timestamp() * 1000)
    window_ms = window.seconds * 1000
    key = vinted_budget.account_key(account.domain, account.vinted_user_id)
    taken = [at for _id, at in attempts_since(key, now_ms - window_ms)]
    if len(taken) < window.used:
        # Slots the log does not hold were filled by an exhaust() (429 or challenge): they all
        # free together at the decision's retry time.
        retry_at = budget.decision.retry_at or budget.decision.now
        freed_at = int(retry_at.timestamp() * 1000) - window_ms
        taken += [freed_at] * (window.used - len(taken))
    times = _slot_times(taken, now_ms, window.limit, window_ms, needed)

    def as_time(ms):
        return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)

    return Forecast(
        needed=needed,
        remaining=window.remaining,
        limit=window.limit,
        window_seconds=window.seconds,
        first_waiting_at=as_time(times[window.remaining]),
        last_at=as_time(times[-1]),
    )
