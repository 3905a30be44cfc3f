"""A repost rule in "ask me" mode on the sandbox: it proposes the stale listings, and approved,
reposts them through the jobs, within the rule's share of the real request budget."""

import datetime

import pytest
from django.utils import timezone

from vinted.automation import planner, services
from vinted.jobs import services as jobs
from vinted.jobs.models import Job, Listing
from vinted.tests.jobs.conftest import publishable

pytestmark = pytest.mark.django_db


def test_ask_me_repost_rule_proposes_then_reposts_on_the_sandbox_within_the_budget(
    account, rule, run_job, shop_a, sandbox, seller, small_budget
):
    small_budget(24)  # 6 spent publishing below; 25 % (6) reserved: 12 left for the rule
    listings = []
    for _ in range(3):
        [job] = jobs.request_publication(account, [publishable()], user=shop_a.owner)
        assert run_job(job).state == "completed"
        listings.append(Listing.objects.get(product=job.product, account=account))
    Listing.objects.filter(pk__in=[x.pk for x in listings[:2]]).update(
        published_at=timezone.now() - datetime.timedelta(days=45)
    )
    made = rule(mode="ask", min_age_days=30)
    run = services.run_rule(made)
    assert run.state == "proposed" and run.budget["remaining"] == 18 and run.budget["allowed"] == 12
    assert {c["sku"] for c in run.chosen} == {x.product.sku for x in listings[:2]}
    before = {x.pk: x.item_id for x in listings}
    done = services.approve_run(run, user=shop_a.owner)
    for job in Job.objects.filter(action="repost"):
        assert run_job(job).state == "completed"
    after = {x.pk: x.item_id for x in Listing.objects.filter(pk__in=before)}
    assert [after[x.pk] != before[x.pk] for x in listings] == [True, True, False]
    assert done.budget["planned"] == 6 and planner.account_budget(account).remaining == 12
    live = {item["id"] for item in sandbox.listings(seller["id"])}
    assert set(after.values()) <= live


def test_an_item_reserved_on_the_sandbox_is_synced_and_left_out_of_reposts(
    account, rule, run_job, shop_a, sandbox, seller
):
    listings = []
    for _ in range(2):
        [job] = jobs.request_publication(account, [publishable()], user=shop_a.owner)
        assert run_job(job).state == "completed"
        listings.append(Listing.objects.get(product=job.product, account=account))
    Listing.objects.filter(pk__in=[x.pk for x in listings]).update(
        published_at=timezone.now() - datetime.timedelta(days=45)
    )
    kept, free = listings
    sandbox.set_reserved(kept.item_id)
    assert run_job(jobs.request_sync(account, user=shop_a.owner)).state == "completed"
    kept.refresh_from_db()
    free.refresh_from_db()
    assert (kept.is_reserved, free.is_reserved) == (True, False)
    assert [c["sku"] for c in planner.plan(rule(min_age_days=30)).chosen] == [free.product.sku]
    sandbox.set_reserved(kept.item_id, False)  # the buyer backed out
    assert run_job(jobs.request_sync(account, user=shop_a.owner)).state == "completed"
    kept.refresh_from_db()
    assert kept.is_reserved is False
