"""What a rule would do now: the listings it picks and why, within its daily cap and the share of
the account's request budget it may use. Reads only; services.py records and acts.

The budget a rule may plan is what the limiter says is left in the account's window, minus the
requests the account's queued jobs will still spend, minus the reserve left to the seller
(VINTED_AUTOMATION_RESERVE_SHARE of the window's limit, 25 % by default).
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog.models import Product

from ..jobs.models import Job, Listing
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

    def as_dict(self, planned: int = 0) -> dict:
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
    chosen: list[dict] = field(default_factory=list)
    reason: str = ""  # why nothing (or less) was chosen; English source
    requests: int = 0
    budget: dict = field(default_factory=dict)


def queued_requests(accounts) -> dict[int, int]:
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


def done_today_by_rule(rules, now: datetime.datetime) -> dict[int, int]:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return dict(
        AutomationAction.objects.filter(rule__in=rules, at__gte=start)
        .order_by()
        .values("rule_id")
        .annotate(n=Count("id"))
        .values_list("rule_id", "n")
    )


def account_budget(account: VintedAccount, queued: int | None = None) -> Budget:
    from ratelimit import limiter

    from .. import budget as vinted_budget

    key = vinted_budget.account_key(account.domain, account.vinted_user_id)
    decision = limiter.status(key, vinted_budget.policy_for(key))
    if decision is None or decision.reason == "unavailable" or not decision.windows:
        return Budget(remaining=None, limit=None)
    window = min(decision.windows, key=lambda w: w.remaining)
    if queued is None:
        queued = queued_requests([account]).get(account.pk, 0)
    return Budget(remaining=window.remaining, limit=window.limit, queued=queued)


def in_schedule(rule: AutomationRule, now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    return local.weekday() in rule.days and rule.start_time <= local.time() < rule.end_time


def done_today(rule: AutomationRule, now: datetime.datetime) -> int:
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return AutomationAction.objects.filter(rule=rule, at__gte=start).count()


def _live_listings(rule: AutomationRule, now: datetime.datetime):
    """Published listings of the rule's account, older than its age, whose product is for sale
    and has no job in progress, oldest first."""
    older_than = now - datetime.timedelta(days=rule.min_age_days)
    busy = Job.objects.filter(account=rule.account, state__in=Job.ACTIVE).values("product_id")
    return (
        Listing.objects.filter(account=rule.account, status=Listing.Status.PUBLISHED)
        .annotate(since=Coalesce("published_at", "created_at"))
        .filter(since__lte=older_than)
        .filter(product__deleted_at__isnull=True, product__stock__gt=0)
        .exclude(product__status__in=[Product.Status.SOLD, Product.Status.ARCHIVED])
        .exclude(product_id__in=busy)
        .select_related("product")
        .only(
            "id",
            "favourites",
            "published_at",
            "created_at",
            "product__public_id",
            "product__sku",
            "product__title",
            "product__price",
            "product__photo_count",
        )
        .order_by("since", "id")
    )


def repost_candidates(rule: AutomationRule, now: datetime.datetime):
    # A reserved item is promised to a buyer: reposting it would drop the reservation.
    listings = _live_listings(rule, now).filter(is_reserved=False)
    if rule.max_favourites is not None:
        listings = listings.filter(favourites__lt=rule.max_favourites)
    gap = now - datetime.timedelta(days=rule.repost_gap_days)
    last_repost = (
        Job.objects.filter(account=rule.account, product_id=OuterRef("product_id"), action=Job.Action.REPOST)
        .order_by()
        .values("product_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    listings = listings.annotate(last_repost=Subquery(last_repost)).filter(
        Q(last_repost__isnull=True) | Q(last_repost__lt=gap)
    )
    return listings


def price_drop_candidates(rule: AutomationRule, now: datetime.datetime):
    drops = (
        AutomationAction.objects.filter(rule=rule, product_id=OuterRef("product_id"), kind="price_drop")
        .order_by()
        .values("product_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    listings = _live_listings(rule, now).annotate(drops=Coalesce(Subquery(drops), 0)).filter(drops__lt=rule.max_drops)
    if rule.floor_price is not None:
        listings = listings.filter(product__price__gt=rule.floor_price)
    return listings


def dropped_price(rule: AutomationRule, price: Decimal) -> Decimal | None:
    """The price after one drop, or None when it would not go down (already at the floor)."""
    if rule.drop_percent:
        new = price * (Decimal(100) - rule.drop_percent) / Decimal(100)
    else:
        new = price - (rule.drop_amount or Decimal(0))
    new = max(new, rule.floor_price or Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP)
    return new if new < price else None


def plan(
    rule: AutomationRule, now: datetime.datetime | None = None, budget: Budget | None = None, done: int | None = None
) -> Plan:
    """`budget` and `done` (actions today) may come precomputed for many rules (plan_many)."""
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
    allowed = budget.allowed
    over_budget = False
    if rule.kind == AutomationRule.Kind.REPOST:
        # No more rows than the cap can take: one short query, not a walk over the wardrobe.
        for listing in repost_candidates(rule, now)[:cap_left]:
            cost = listing.product.photo_count + 2  # jobs.selectors.requests_needed("repost")
            if result.requests + cost > allowed:
                over_budget = True
                break
            result.requests += cost
            result.chosen.append(
                {
                    "product": str(listing.product.public_id),
                    "sku": listing.product.sku,
                    "title": listing.product.title,
                    "requests": cost,
                    "age_days": (now - listing.since).days,
                    "favourites": listing.favourites,
                }
            )
    else:
        for listing in price_drop_candidates(rule, now)[: cap_left * 2]:
            if len(result.chosen) >= cap_left:
                break
            new_price = dropped_price(rule, listing.product.price)
            if new_price is None:
                continue
            if result.requests + 1 > allowed:
                over_budget = True
                break
            result.requests += 1
            result.chosen.append(
                {
                    "product": str(listing.product.public_id),
                    "sku": listing.product.sku,
                    "title": listing.product.title,
                    "requests": 1,
                    "age_days": (now - listing.since).days,
                    "old_price": str(listing.product.price),
                    "new_price": str(new_price),
                    "drops": listing.drops,
                }
            )
    result.budget = budget.as_dict(result.requests)
    if over_budget:
        result.reason = gettext_noop("Stopped at the share of the request budget the rule may use.")
    elif len(result.chosen) >= cap_left:
        result.reason = gettext_noop("Stopped at the daily cap.")
    elif not result.chosen:
        result.reason = gettext_noop("No listing matches the rule.")
    return result


def plan_many(rules, now: datetime.datetime | None = None) -> dict[int, Plan]:
    """Plans of many rules (the beat's pass) with the queued jobs and today's actions read in two
    queries for all of them; the limiter is read once per account."""
    now = now or timezone.now()
    rules = list(rules)
    queued = queued_requests({rule.account_id for rule in rules})
    done = done_today_by_rule(rules, now)
    budgets: dict[int, Budget] = {}
    plans = {}
    for rule in rules:
        if rule.account.status not in PAUSED and rule.account_id not in budgets:
            budgets[rule.account_id] = account_budget(rule.account, queued.get(rule.account_id, 0))
        plans[rule.pk] = plan(rule, now, budgets.get(rule.account_id), done.get(rule.pk, 0))
        if rule.account_id in budgets:  # two rules of one account share its budget
            budgets[rule.account_id].queued += plans[rule.pk].requests
    return plans


def next_window(rule: AutomationRule, now: datetime.datetime | None = None):
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
