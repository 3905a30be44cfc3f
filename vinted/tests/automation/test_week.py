"""A week of automatic rules through a real worker, checked on the sandbox's request log.

The planner (services.run_due, what the beat's task calls) runs in this process; every job it
asks for runs in a real Celery worker against the sandbox over HTTP, under the real limiter. A
fast clock cannot be made honest across processes (the limiter counts with Redis's clock, the
worker stamps rows with its own), so time passes explicitly: after each simulated day every
stored timestamp (jobs, listings, rule runs and actions, the attempts log and the limiter's
window in Redis) moves one day back. See docs/automation.md ("A simulated week").
"""

import datetime
import math

import pytest
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import tenant_context

from ratelimit import limiter
from vinted import budget as vinted_budget
from vinted.automation import services
from vinted.automation.models import AutomationAction, RuleRun
from vinted.jobs.models import Job, Listing
from vinted.ledger.models import VintedAttempt

from ..jobs.conftest import publish
from ..jobs.worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]

LIMIT = 20  # requests per window (about 2 h); the rules may use 75 % of it, 15
DAY = datetime.timedelta(days=1)
SETTLING = (Job.State.PENDING, Job.State.RUNNING, Job.State.WAITING_RATE_LIMIT, Job.State.UNKNOWN)


@pytest.fixture
def shop(worker_shop, settings):
    settings.VINTED_RATE_LIMIT_MAX = LIMIT
    # The rules' local day must not turn over while the test runs: a zone where it is about noon.
    offset = 12 - timezone.now().astimezone(datetime.UTC).hour
    settings.TIME_ZONE = f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}"
    return worker_shop("week")


def _pass_time(shop, account, redis_client, delta: datetime.timedelta) -> None:
    """Everything stored happened `delta` earlier: the clock moved on by that much."""
    with tenant_context(shop.tenant):
        Job.objects.update(created_at=F("created_at") - delta, finished_at=F("finished_at") - delta)
        Listing.objects.update(created_at=F("created_at") - delta)
        Listing.objects.filter(published_at__isnull=False).update(published_at=F("published_at") - delta)
        AutomationAction.objects.update(at=F("at") - delta)
        RuleRun.objects.update(at=F("at") - delta, decided_at=F("decided_at") - delta)
    key = vinted_budget.account_key(account.domain, account.vinted_user_id)
    ms = int(delta.total_seconds() * 1000)
    VintedAttempt.objects.filter(account_key=key).update(reserved_at_ms=F("reserved_at_ms") - ms)
    window = limiter.redis_key(key)
    slots = redis_client.zrange(window, 0, -1, withscores=True)
    if slots:
        redis_client.zadd(window, {member: score - ms for member, score in slots})


def _settled(jobs) -> bool:
    return all(job.state not in SETTLING for job in jobs)


def _mutations(sandbox, seller) -> list[dict]:
    return [e for e in sandbox.request_log(seller["id"]) if e.get("mutating")]


def _creates(entries) -> int:
    return sum(e["method"] == "POST" and e["path"].endswith("/api/v2/item_upload/items") for e in entries)


def _edits(entries) -> int:
    return sum(e["method"] == "PUT" and "/api/v2/item_upload/items/" in e["path"] for e in entries)


def test_automatic_rules_over_a_week_keep_their_caps_and_share_and_pause_with_the_account(
    shop, sandbox, redis_client, settings
):
    seller = sandbox.create_seller("week-rules")
    account = connect_account(shop, sandbox, seller)
    worker = start_worker(sandbox, VINTED_RATE_LIMIT_MAX=LIMIT, VINTED_AUTOMATION_INTERVAL_SECONDS=86400)
    reserve = math.ceil(LIMIT * settings.VINTED_AUTOMATION_RESERVE_SHARE)
    try:
        # 20 listings, in batches a few hours apart (8 take 16 requests of the 20).
        for batch in (8, 8, 4):
            publish(shop, account, batch)
            wait_for(shop, _settled, what="the listings")
            _pass_time(shop, account, redis_client, datetime.timedelta(hours=3))
        with tenant_context(shop.tenant):
            assert Job.objects.filter(action="publish", state="completed").count() == 20
        _pass_time(shop, account, redis_client, 40 * DAY)  # listed 40 days ago
        with tenant_context(shop.tenant):
            rule = dict(mode="automatic", days=list(range(7)), start_time=datetime.time(0, 0))
            rule["end_time"] = datetime.time(23, 59)
            reposts = services.save_rule(account, {**rule, "kind": "repost", "daily_cap": 3, "min_age_days": 30})
            drops = services.save_rule(
                account,
                {**rule, "kind": "price_drop", "daily_cap": 2, "min_age_days": 30, "drop_percent": 10},
            )
        days = []
        for day in range(7):
            before = len(_mutations(sandbox, seller))
            seller_own = 0
            if day == 1:  # the seller's own publications come first this day: 6 requests
                publish(shop, account, 3)
                wait_for(shop, _settled, what="the seller's own publications")
                seller_own = 6
            if day == 2:  # Vinted asks for a check on the day's first request
                sandbox.add_fault("bot_challenge", seller_id=seller["id"], times=1)
            if day == 4:  # the seller passed the check and reconnected
                sandbox.clear_faults()
                connect_account(shop, sandbox, seller)
            services.run_due()
            wait_for(shop, _settled, what=f"day {day}'s jobs")
            entries = _mutations(sandbox, seller)[before:]
            with tenant_context(shop.tenant):
                runs = {
                    r.rule_id: r for r in RuleRun.objects.filter(at__gte=timezone.now() - datetime.timedelta(hours=1))
                }
                account.refresh_from_db()
            days.append(
                {
                    "requests": len(entries) - seller_own,
                    "reposts": _creates(entries) - seller_own // 2,
                    "drops": _edits(entries),
                    "total": len(entries),
                    "runs": {k: (r.state, r.reason) for k, r in runs.items()},
                    "status": account.status,
                }
            )
            _pass_time(shop, account, redis_client, DAY)
    finally:
        worker.stop()

    for figures in days:
        assert figures["reposts"] <= 3 and figures["drops"] <= 2, days
        assert figures["requests"] <= LIMIT - reserve and figures["total"] <= LIMIT - reserve, days
    # Day 0: both caps bind (3 reposts of 3 requests, 2 drops of 1), 11 requests of the 15 allowed.
    assert (days[0]["reposts"], days[0]["drops"], days[0]["requests"]) == (3, 2, 11), days
    # Day 1: the seller spent 6, so 9 are left for the rules: the reposts take them all.
    assert (days[1]["reposts"], days[1]["drops"]) == (3, 0), days
    assert days[1]["runs"][drops.pk][1] == "Stopped at the share of the request budget the rule may use.", days
    # Day 2: the challenge pauses the account after at most one request; day 3 its rules are paused.
    assert days[2]["total"] <= 1 and days[2]["status"] == "challenge_required", days
    assert days[3]["total"] == 0 and days[3]["runs"][reposts.pk][0] == "skipped", days
    assert "paused" in days[3]["runs"][reposts.pk][1] and "paused" in days[3]["runs"][drops.pk][1], days
    # Reconnected on day 4, the rules resume: the reposts reach their cap each day to the end.
    assert days[4]["status"] == "connected", days
    assert [d["reposts"] for d in days[4:]] == [3, 3, 3], days

    with tenant_context(shop.tenant):
        actions = list(AutomationAction.objects.all())
        rule_jobs = Job.objects.filter(action__in=["repost", "update"])
        assert len(actions) == rule_jobs.count()  # every action is a job
        chosen = [item for run in RuleRun.objects.filter(state="done") for item in run.chosen]
        assert all("job" in item or "error" in item for item in chosen)
        assert rule_jobs.filter(state="completed").count() == sum(d["reposts"] + d["drops"] for d in days)
    # Every request that reached the sandbox was reserved in the account's budget first.
    key = vinted_budget.account_key(account.domain, account.vinted_user_id)
    sent = VintedAttempt.objects.filter(account_key=key).exclude(outcome=VintedAttempt.Outcome.RELEASED).count()
    assert sent == len(_mutations(sandbox, seller))
