"""Automation rules: what a rule picks and why, its cap, its share of the budget, a paused
account, price drops, "ask me" and "automatic"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vinted.automation import planner, services
from vinted.automation.models import AutomationAction, RuleRun
from vinted.jobs.models import Job

pytestmark = pytest.mark.django_db


def budget(remaining=100, limit=100, queued=0):
    return planner.Budget(remaining=remaining, limit=limit, queued=queued)


def test_repost_picks_stale_listings_with_few_favourites_oldest_first(rule, listed):
    old, older = listed(days=40), listed(days=60)
    listed(days=10)  # too recent
    listed(days=50, favourites=9)  # liked
    sold = listed(days=70)
    sold.product.status = "sold"
    sold.product.save()
    plan = planner.plan(rule(max_favourites=5), budget=budget())
    assert [c["sku"] for c in plan.chosen] == [older.product.sku, old.product.sku]
    assert plan.chosen[0]["age_days"] == 60 and plan.requests == 2 * (1 + 2)  # one photo + 2 each


def test_repost_skips_a_product_reposted_within_the_gap(rule, listed, account):
    recent = listed(days=40)
    Job.objects.create(
        action="repost",
        product=recent.product,
        account=account,
        state="completed",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    assert planner.plan(rule(repost_gap_days=14), budget=budget()).chosen == []


def test_repost_skips_a_reserved_listing(rule, listed):
    free = listed(days=50)
    reserved = listed(days=60)
    reserved.is_reserved = True
    reserved.save()
    assert [c["sku"] for c in planner.plan(rule(), budget=budget()).chosen] == [free.product.sku]


def test_plan_many_reads_few_queries_and_rules_of_one_account_share_its_budget_and_listings(rule, listed, account):
    for _ in range(4):
        listed(days=50)
    reposts = rule(daily_cap=3)
    drops = rule(kind="price_drop", drop_percent=10, daily_cap=3)
    alone = {r.pk: planner.plan(r) for r in (reposts, drops)}
    with CaptureQueriesContext(connection) as captured:
        plans = planner.plan_many([reposts, drops])
    # Queued jobs, the policy overrides, the attempts log (the account's limiter key is new, so it is
    # rebuilt), today's actions, one query per kind: not one per rule (search path sets aside).
    reads = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith("SET ")]
    assert len(reads) == 6, reads
    assert [c["sku"] for c in plans[reposts.pk].chosen] == [c["sku"] for c in alone[reposts.pk].chosen]
    repost_skus = {c["sku"] for c in plans[reposts.pk].chosen}
    drop_skus = {c["sku"] for c in plans[drops.pk].chosen}
    assert len(repost_skus) == 3 and len(drop_skus) == 1 and not repost_skus & drop_skus
    assert plans[drops.pk].budget["queued"] == plans[reposts.pk].requests


def test_plan_stops_at_the_daily_cap(rule, listed):
    for _ in range(4):
        listed()
    plan = planner.plan(rule(daily_cap=3), budget=budget())
    assert len(plan.chosen) == 3 and plan.reason == "Stopped at the daily cap."


def test_plan_leaves_the_reserve_and_the_queued_jobs_requests_to_the_seller(rule, listed):
    for _ in range(10):
        listed()
    # 40 left of 100: 25 reserved for the seller, 6 for jobs already queued: 9 for the rule, 3 reposts of 3.
    plan = planner.plan(rule(), budget=budget(remaining=40, limit=100, queued=6))
    assert (len(plan.chosen), plan.requests) == (3, 9)
    assert plan.reason == "Stopped at the share of the request budget the rule may use."
    assert plan.budget == {"remaining": 40, "limit": 100, "queued": 6, "reserve": 25, "allowed": 9, "planned": 9}


def test_reserve_share_is_a_setting(rule, listed, settings):
    settings.VINTED_AUTOMATION_RESERVE_SHARE = 0.5
    listed()
    assert planner.plan(rule(), budget=budget(remaining=52, limit=100)).requests == 0


def test_a_paused_account_pauses_its_rules(rule, listed, account):
    listed()
    account.status = "challenge_required"
    account.save()
    made = rule(mode="automatic")
    run = services.run_rule(made, budget=budget())
    assert run.state == "skipped" and "paused" in run.reason and not Job.objects.filter(action="repost").exists()


def test_price_drop_never_goes_under_the_floor_and_stops_after_k_drops(rule, listed, account):
    item = listed(price=Decimal("20.00"))
    made = rule(
        kind="price_drop",
        mode="automatic",
        drop_percent=Decimal("30"),
        floor_price=Decimal("15"),
        max_drops=2,
        daily_cap=5,
    )
    first = services.run_rule(made, budget=budget())
    item.product.refresh_from_db()
    assert first.chosen[0]["new_price"] == "15.00" and item.product.price == Decimal("15.00")
    assert Job.objects.get(action="update", product=item.product)
    Job.objects.filter(action="update").update(state="completed")
    second = planner.plan(made, budget=budget())
    assert second.chosen == [] and second.reason == "No listing matches the rule."  # at the floor


def test_price_drop_at_most_k_times_per_listing(rule, listed):
    item = listed(price=Decimal("100.00"))
    made = rule(kind="price_drop", mode="automatic", drop_amount=Decimal("5"), max_drops=2, daily_cap=50)
    for day in range(3):
        services.run_rule(made, now=timezone.now() + datetime.timedelta(days=day, seconds=1), budget=budget())
        Job.objects.filter(action="update").update(state="completed")
    item.product.refresh_from_db()
    assert item.product.price == Decimal("90.00") and AutomationAction.objects.count() == 2


@pytest.mark.parametrize(
    "data, field",
    [
        ({"days": []}, "days"),
        ({"start_time": datetime.time(12), "end_time": datetime.time(9)}, "end_time"),
        ({"kind": "price_drop"}, "drop_percent"),
        ({"daily_cap": 0}, "daily_cap"),
    ],
)
def test_save_rule_with_bad_input_names_the_field(rule, data, field):
    with pytest.raises(ValidationError) as error:
        rule(**data)
    assert field in error.value.message_dict


def test_ask_me_proposes_once_and_approval_asks_for_the_jobs_within_the_budget(rule, listed, shop_a):
    a, b, c = listed(days=90), listed(days=80), listed(days=70)
    made = rule(mode="ask")
    run = services.run_rule(made, budget=budget())
    assert run.state == "proposed" and [x["sku"] for x in run.chosen] == [a.product.sku, b.product.sku, c.product.sku]
    assert services.run_rule(made, budget=budget()) is None  # one pending batch
    assert not Job.objects.filter(action="repost").exists()
    # Between proposal and approval the seller used the budget: only two reposts still fit.
    done = services.approve_run(run, user=shop_a.owner, budget=budget(remaining=31, limit=100))
    assert done.state == "done" and Job.objects.filter(action="repost").count() == 2
    assert [("job" in x, "error" in x) for x in done.chosen] == [(True, False), (True, False), (False, True)]
    with pytest.raises(ValidationError):
        services.approve_run(done, user=shop_a.owner, budget=budget())


def test_automatic_mode_over_a_simulated_week_never_exceeds_its_cap_or_its_share(rule, listed):
    for _ in range(40):
        listed(days=60)
    made = rule(
        mode="automatic", daily_cap=4, repost_gap_days=30, start_time=datetime.time(9), end_time=datetime.time(12)
    )
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    spent_per_day: dict = {}
    for quarter in range(7 * 24 * 4):  # the beat every 15 minutes
        now = start + datetime.timedelta(minutes=15 * quarter)
        # The window's budget: 100 a window, the seller's own use takes 70 on odd days.
        remaining = 30 if now.day % 2 else 100
        used = sum(spent_per_day.get(now.date(), [0]))
        if not planner.in_schedule(made, now):
            continue
        run = services.run_rule(made, now=now, budget=budget(remaining=remaining - used, limit=100))
        if run is not None and run.state == "done":
            assert run.budget["planned"] <= max(0, remaining - used - 25)
            spent_per_day.setdefault(now.date(), []).append(run.budget["planned"])
        Job.objects.filter(action="repost").update(state="completed")
    per_day = {}
    for action in AutomationAction.objects.all():
        day = timezone.localtime(action.at).date()
        per_day[day] = per_day.get(day, 0) + 1
    assert per_day and max(per_day.values()) <= 4 and len(per_day) == 7
    assert RuleRun.objects.filter(state="done").exists()
