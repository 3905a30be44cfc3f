"""What a rule would do now: the listings it picks and why, within its daily cap and the share of
the account's request budget it may use. Reads only; services.py records and acts.

The budget a rule may plan is what the limiter says is left in the account's window, minus the
requests the account's queued jobs will still spend, minus the reserve left to the seller
(VINTED_AUTOMATION_RESERVE_SHARE of the window's limit, 25 % by default).
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog.models import Product

from ..jobs.models import Job
from ..models import VintedAccount
from .models import AutomationAction, AutomationRule

PAUSED = (VintedAccount.Status.EXPIRED, VintedAccount.Status.CHALLENGE_REQUIRED, VintedAccount.Status.DISCONNECTED)
CENT = Decimal("0.01")


@dataclass
class Budget:
    remaining: int | None  # None: the limiter cannot be read
    limit: int | None
    queued: int = 0  # requests the account's waiting jobs will still spend

    @property
    def reserve(self) -> int:
        return math.ceil((self.limit or 0) * settings.VINTED_AUTOMATION_RESERVE_SHARE)

    @property
    def allowed(self) -> int:
        if self.remaining is None:
            return 0
        return max(0, self.remaining - self.queued - self.reserve)

    def as_dict(self, planned: int = 0) -> dict[str, int | None]:
        return {
            "remaining": self.remaining,
            "limit": self.limit,
            "queued": self.queued,
            "reserve": self.reserve,
            "allowed": self.allowed,
            "planned": planned,
        }


@dataclass
class Plan:
    chosen: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""  # why nothing (or less) was chosen; English source
    requests: int = 0
    budget: dict[str, int | None] = field(default_factory=dict)


def queued_requests(accounts: Iterable[int]) -> dict[int, int]:
    """Requests the pending and rate-limited jobs of these accounts will still spend, per account id,
    in one query (jobs.selectors.requests_needed: photos + 2 for a repost, + 1 for a publish, else 1)."""
    rows = (
        Job.objects.filter(account__in=accounts, state__in=[Job.State.PENDING, Job.State.WAITING_RATE_LIMIT])
        .exclude(action=Job.Action.SYNC)
        .order_by()
        .values_list("account_id", "action", Coalesce("product__photo_count", 0))
    )
    queued: dict[int, int] = {}
    extra = {Job.Action.REPOST: 2, Job.Action.PUBLISH: 1}
    for account_id, action, photos in rows:
        cost = photos + extra[action] if action in extra else 1
        queued[account_id] = queued.get(account_id, 0) + cost
    return queued


def done_today_by_rule(rules: Iterable[AutomationRule], now: datetime.datetime) -> dict[int, int]:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return dict(
        AutomationAction.objects.filter(rule__in=rules, at__gte=start)
        .order_by()
        .values("rule_id")
        .annotate(n=Count("id"))
        .values_list("rule_id", "n")
    )


def account_budget(account: VintedAccount, queued: int | None = None) -> Budget:
    if queued is None:
        queued = queued_requests([account.pk]).get(account.pk, 0)
    return account_budgets([account], {account.pk: queued})[account.pk]


def account_budgets(accounts: Iterable[VintedAccount], queued: dict[int, int]) -> dict[int, Budget]:
    """The budget of each account, by id: the policies in one query, then the limiter (Redis)
    once per account; `queued` is what each account's waiting jobs will still spend."""
    from ratelimit import limiter

    from .. import budget as vinted_budget

    keys = {account.pk: vinted_budget.account_key(account.domain, account.vinted_user_id) for account in accounts}
    policies = vinted_budget.policies_for(list(keys.values()))
    budgets = {}
    for pk, key in keys.items():
        decision = limiter.status(key, policies[key])
        if decision is None or decision.reason == "unavailable" or not decision.windows:
            budgets[pk] = Budget(remaining=None, limit=None)
            continue
        window = min(decision.windows, key=lambda w: w.remaining)
        budgets[pk] = Budget(remaining=window.remaining, limit=window.limit, queued=queued.get(pk, 0))
    return budgets


def in_schedule(rule: AutomationRule, now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    return local.weekday() in rule.days and rule.start_time <= local.time() < rule.end_time


def done_today(rule: AutomationRule, now: datetime.datetime) -> int:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return AutomationAction.objects.filter(rule=rule, at__gte=start).count()


@dataclass
class Candidate:
    """A listing a rule may act on, with what the run records about it."""

    product: str  # public id
    sku: str
    title: str
    price: Decimal
    photo_count: int
    favourites: int
    since: datetime.datetime  # published, or created for listings imported from the wardrobe
    drops: int = 0  # price drops of the product by this rule so far


# The candidates of many rules in one statement per kind: each rule (a row of the unnested
# arrays) takes at most `take` listings of its account, oldest first, through a LATERAL join, so
# a beat over 1,000 accounts is two queries, not one compiled query per rule. A listing
# qualifies while it is published, its product is for sale and has no job in progress on the
# account; the kind's own conditions follow.
def _live(join: str = "") -> str:
    return f"""
    FROM vinted_listing l
    JOIN catalog_product p ON p.id = l.product_id{join}
    WHERE l.account_id = r.account_id
      AND l.status = 'published'
      AND COALESCE(l.published_at, l.created_at) <= r.older_than
      AND p.deleted_at IS NULL AND p.stock > 0 AND p.status <> ALL(%(closed)s)
      AND NOT EXISTS (
        SELECT 1 FROM vinted_job j
        WHERE j.account_id = r.account_id AND j.product_id = l.product_id AND j.state = ANY(%(busy)s)
      )
"""


# The price drops of each listing's product by this rule so far.
_DROPS_SO_FAR = """
    CROSS JOIN LATERAL (
        SELECT count(*) AS n FROM vinted_automationaction a
        WHERE a.rule_id = r.rule_id AND a.product_id = l.product_id AND a.kind = 'price_drop'
    ) d"""
_COLUMNS = """p.public_id, p.sku, p.title, p.price, COALESCE(p.photo_count, 0),
    l.favourites, COALESCE(l.published_at, l.created_at) AS since, l.id"""
_REPOST_SQL = f"""
SELECT r.rule_id, c.*
FROM unnest(%(rules)s::bigint[], %(accounts)s::bigint[], %(older)s::timestamptz[], %(takes)s::int[],
            %(max_favourites)s::int[], %(gaps)s::timestamptz[])
     AS r(rule_id, account_id, older_than, take, max_favourites, gap_since)
CROSS JOIN LATERAL (
    SELECT {_COLUMNS}, 0
    {_live()}
      -- A reserved item is promised to a buyer: reposting it would drop the reservation.
      AND NOT l.is_reserved
      AND (r.max_favourites IS NULL OR l.favourites < r.max_favourites)
      AND NOT EXISTS (
        SELECT 1 FROM vinted_job j
        WHERE j.account_id = r.account_id AND j.product_id = l.product_id
          AND j.action = 'repost' AND j.created_at >= r.gap_since
      )
    ORDER BY since, l.id
    LIMIT r.take
) c
ORDER BY r.rule_id, c.since, c.id
"""
_PRICE_DROP_SQL = f"""
SELECT r.rule_id, c.*
FROM unnest(%(rules)s::bigint[], %(accounts)s::bigint[], %(older)s::timestamptz[], %(takes)s::int[],
            %(max_drops)s::int[], %(floors)s::numeric[])
     AS r(rule_id, account_id, older_than, take, max_drops, floor_price)
CROSS JOIN LATERAL (
    SELECT {_COLUMNS}, d.n
    {_live(_DROPS_SO_FAR)}
      AND (r.floor_price IS NULL OR p.price > r.floor_price)
      AND d.n < r.max_drops
    ORDER BY since, l.id
    LIMIT r.take
) c
ORDER BY r.rule_id, c.since, c.id
"""


def candidates(
    rules: Iterable[AutomationRule], now: datetime.datetime, takes: dict[int, int]
) -> dict[int, list[Candidate]]:
    """The listings each rule may act on now, oldest first, at most takes[rule.pk] of them (rules
    absent from takes, or with 0, get none): at most one query per kind for all the rules."""
    found: dict[int, list[Candidate]] = {}
    by_kind: dict[str, list[AutomationRule]] = {}
    for rule in rules:
        found[rule.pk] = []
        if takes.get(rule.pk, 0) > 0:
            by_kind.setdefault(rule.kind, []).append(rule)
    common = {
        "closed": [Product.Status.SOLD, Product.Status.ARCHIVED],
        "busy": list(Job.ACTIVE),
    }
    for kind, chosen in by_kind.items():
        params: dict[str, Any] = {
            **common,
            "rules": [rule.pk for rule in chosen],
            "accounts": [rule.account_id for rule in chosen],
            "older": [now - datetime.timedelta(days=rule.min_age_days) for rule in chosen],
            "takes": [takes[rule.pk] for rule in chosen],
        }
        if kind == AutomationRule.Kind.REPOST:
            sql = _REPOST_SQL
            params["max_favourites"] = [rule.max_favourites for rule in chosen]
            params["gaps"] = [now - datetime.timedelta(days=rule.repost_gap_days) for rule in chosen]
        else:
            sql = _PRICE_DROP_SQL
            params["max_drops"] = [rule.max_drops for rule in chosen]
            params["floors"] = [rule.floor_price for rule in chosen]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for rule_id, public_id, sku, title, price, photos, favourites, since, _id, drops in cursor.fetchall():
                found[rule_id].append(Candidate(str(public_id), sku, title, price, photos, favourites, since, drops))
    return found


def dropped_price(rule: AutomationRule, price: Decimal) -> Decimal | None:
    """The price after one drop, or None when it would not go down (already at the floor)."""
    if rule.drop_percent:
        new = price * (Decimal(100) - rule.drop_percent) / Decimal(100)
    else:
        new = price - (rule.drop_amount or Decimal(0))
    new = max(new, rule.floor_price or Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    return new if new < price else None


def plan(
    rule: AutomationRule,
    now: datetime.datetime | None = None,
    budget: Budget | None = None,
    done: int | None = None,
    found: list[Candidate] | None = None,
) -> Plan:
    """`budget`, `done` (actions today) and `found` (the rule's candidates) may come precomputed
    for many rules (plan_many)."""
    now = now or timezone.now()
    if rule.account.status in PAUSED:
        return Plan(reason=gettext_noop("The account is paused: reconnect it and the rule resumes."))
    budget = budget or account_budget(rule.account)
    cap_left = rule.daily_cap - (done_today(rule, now) if done is None else done)
    result = Plan(budget=budget.as_dict())
    if budget.remaining is None:
        result.reason = gettext_noop("The request budget cannot be read right now.")
        return result
    if cap_left <= 0:
        result.reason = gettext_noop("The daily cap is reached.")
        return result
    if found is None:
        found = candidates([rule], now, {rule.pk: take(rule, cap_left)})[rule.pk]
    allowed = budget.allowed
    over_budget = False
    for listing in found:
        if len(result.chosen) >= cap_left:
            break
        item = {
            "product": listing.product,
            "sku": listing.sku,
            "title": listing.title,
            "age_days": (now - listing.since).days,
        }
        if rule.kind == AutomationRule.Kind.REPOST:
            cost = listing.photo_count + 2  # jobs.selectors.requests_needed("repost")
            item["favourites"] = listing.favourites
        else:
            new_price = dropped_price(rule, listing.price)
            if new_price is None:
                continue
            cost = 1
            item.update(old_price=str(listing.price), new_price=str(new_price), drops=listing.drops)
        if result.requests + cost > allowed:
            over_budget = True
            break
        result.requests += cost
        result.chosen.append({**item, "requests": cost})
    result.budget = budget.as_dict(result.requests)
    if over_budget:
        result.reason = gettext_noop("Stopped at the share of the request budget the rule may use.")
    elif len(result.chosen) >= cap_left:
        result.reason = gettext_noop("Stopped at the daily cap.")
    elif not result.chosen:
        result.reason = gettext_noop("No listing matches the rule.")
    return result


def take(rule: AutomationRule, cap_left: int) -> int:
    # A drop may be skipped (rounding leaves the price where it is): read twice the cap.
    return cap_left if rule.kind == AutomationRule.Kind.REPOST else cap_left * 2


def plan_many(rules: Iterable[AutomationRule], now: datetime.datetime | None = None) -> dict[int, Plan]:
    """Plans of many rules (the beat's pass), by rule id, in a handful of queries whatever their
    number: the queued jobs, today's actions, the rate-limit policies and each kind's candidates
    for all of them; the limiter once per account. The rules of one account share its budget and
    never pick the same product twice, in their order."""
    now = now or timezone.now()
    rules = list(rules)
    live = [rule for rule in rules if rule.account.status not in PAUSED]
    accounts = {rule.account_id: rule.account for rule in live}
    budgets = account_budgets(accounts.values(), queued_requests(accounts))
    done = done_today_by_rule(live, now)
    # Each rule reads what it may take plus what the account's earlier rules may take first.
    takes: dict[int, int] = {}
    ahead: dict[int, int] = {}
    for rule in live:
        cap_left = max(0, rule.daily_cap - done.get(rule.pk, 0))
        takes[rule.pk] = take(rule, cap_left) + ahead.get(rule.account_id, 0) if cap_left else 0
        ahead[rule.account_id] = ahead.get(rule.account_id, 0) + cap_left
    found = candidates(live, now, takes)
    plans: dict[int, Plan] = {}
    taken: dict[int, set[str]] = {}
    for rule in rules:
        mine = taken.setdefault(rule.account_id, set())
        listings = [c for c in found.get(rule.pk, []) if c.product not in mine]
        plans[rule.pk] = plan(rule, now, budgets.get(rule.account_id), done.get(rule.pk, 0), listings)
        mine.update(item["product"] for item in plans[rule.pk].chosen)
        if rule.account_id in budgets:
            budgets[rule.account_id].queued += plans[rule.pk].requests
    return plans


def next_window(
    rule: AutomationRule, now: datetime.datetime | None = None
) -> tuple[datetime.datetime, datetime.datetime] | None:
    """(start, end) of the rule's next time window from now (the current one if inside it), or None."""
    local = timezone.localtime(now or timezone.now())
    for offset in range(8):
        day = local.date() + datetime.timedelta(days=offset)
        if day.weekday() not in rule.days:
            continue
        start = timezone.make_aware(datetime.datetime.combine(day, rule.start_time))
        end = timezone.make_aware(datetime.datetime.combine(day, rule.end_time))
        if end > local:
            return max(start, local), end
    return None
