"""Each Vinted fault ends the job in the right state, with no duplicate listing."""

import datetime

import pytest
from django.utils import timezone

from ratelimit import limiter
from vinted import services as vinted_services
from vinted.jobs import services
from vinted.jobs.models import Job, Listing
from vinted.models import VintedAccount
from vinted.sessions import VintedSession

from .conftest import publishable

pytestmark = pytest.mark.django_db


def _publish(account, product, user):
    [job] = services.request_publication(account, [product], user=user)
    return job


def test_connection_dropped_after_create_adopts_the_listing_without_sending_again(
    account, product, seller, sandbox, run_job, shop_a
):
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="items.create", times="once")
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "completed"
    [item] = sandbox.listings(seller["id"])
    assert Listing.objects.get(product=product).item_id == item["id"]
    assert sandbox.mutating_count(seller["id"]) == 2  # one photo, one create: nothing re-sent
    assert job.events.filter(to_state="unknown").exists()


def test_connection_dropped_after_a_photo_upload_sends_that_photo_again(account, seller, sandbox, run_job, shop_a):
    product = publishable(photos=2)
    sandbox.add_fault("drop_after_commit", seller_id=seller["id"], route="photos", times="once")
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "completed"
    assert len(sandbox.listings(seller["id"])) == 1


def test_server_error_on_create_without_a_listing_resubmits_once(account, product, seller, sandbox, run_job, shop_a):
    sandbox.add_fault("server_error", seller_id=seller["id"], route="items.create", times="once")
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "completed"
    assert len(sandbox.listings(seller["id"])) == 1


def test_validation_error_needs_attention_with_vinted_field_messages(
    account, product, seller, sandbox, run_job, shop_a
):
    sandbox.add_fault("validation", seller_id=seller["id"], route="items.create", errors=["brand", "color"])
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "needs_attention" and job.error_code == "validation"
    assert {e["field"] for e in job.errors} == {"brand", "color"} and all(e["message"] for e in job.errors)
    assert sandbox.listings(seller["id"]) == []
    # The photo already uploaded is kept for the retry: only the create goes again.
    sandbox.clear_faults()
    services.retry_job(job, user=shop_a.owner)
    job = run_job(job)
    assert job.state == "completed" and sandbox.mutating_count(seller["id"]) == 3


def test_bot_challenge_pauses_the_account_and_tells_the_seller_what_to_do(
    account, product, seller, sandbox, run_job, shop_a
):
    other = publishable()
    sandbox.add_fault("bot_challenge", seller_id=seller["id"], route="photos")
    jobs = services.request_publication(account, [product, other], user=shop_a.owner)
    first = run_job(jobs[0])
    assert first.state == "needs_attention" and first.error_code == "bot_challenge"
    assert "browser" in first.message
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.CHALLENGE_REQUIRED
    before = sandbox.mutating_count(seller["id"])
    second = run_job(jobs[1])
    assert second.state == "needs_attention" and sandbox.mutating_count(seller["id"]) == before


def test_too_many_requests_pauses_the_account_for_a_full_window_then_resumes_by_itself(
    account, product, seller, sandbox, run_job, shop_a
):
    sandbox.add_fault("rate_limited", seller_id=seller["id"], route="photos", times="once")
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "waiting_rate_limit" and job.error_code == "rate_limited"
    assert job.next_attempt_at >= timezone.now() + datetime.timedelta(seconds=7100)
    assert sandbox.listings(seller["id"]) == []
    account.refresh_from_db()
    assert account.status == VintedAccount.Status.CONNECTED  # a cool-down, not a check for the seller

    before_the_end = job.next_attempt_at - datetime.timedelta(seconds=1)
    with limiter.frozen_clock(before_the_end.timestamp() * 1000):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
        assert run_job(job).state == "waiting_rate_limit" and sandbox.listings(seller["id"]) == []
    with limiter.frozen_clock(job.next_attempt_at.timestamp() * 1000):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
        assert run_job(job).state == "completed"
    assert len(sandbox.listings(seller["id"])) == 1


def test_expired_session_parks_the_account_jobs_and_a_fresh_session_resumes_them(
    account, product, seller, sandbox, export_of, run_job, shop_a
):
    other = publishable()
    sandbox.add_fault("expired_token", seller_id=seller["id"], route="photos", times="once")
    jobs = services.request_publication(account, [product, other], user=shop_a.owner)
    first = run_job(jobs[0])
    assert first.state == "waiting_reconnect"
    assert Job.objects.get(pk=jobs[1].pk).state == "waiting_reconnect"

    payload = export_of(seller)
    session = VintedSession(
        cookies=payload["cookies"],
        csrf_token=payload["csrf_token"],
        anon_id=payload["anon_id"],
        user_agent=payload["user_agent"],
        locale=payload["locale"],
    )
    vinted_services.connect(
        vinted_services.Capture(domain=payload["domain"], session=session, vinted_user_id=seller["id"]),
        tenant=shop_a.tenant,
    )
    assert set(Job.objects.filter(pk__in=[j.pk for j in jobs]).values_list("state", flat=True)) == {"pending"}
    assert run_job(jobs[0]).state == "completed" and run_job(jobs[1]).state == "completed"
    assert len(sandbox.listings(seller["id"])) == 2


def test_a_dead_workers_job_is_reconciled_not_sent_again(account, product, seller, sandbox, run_job, shop_a):
    """As if the worker died right after Vinted created the item, before the answer was recorded."""
    from vinted.jobs import engine

    job = _publish(account, product, shop_a.owner)

    class WorkerDied(BaseException):
        pass

    log_request = engine.Run._log

    def die_after_create(run, method, path, outcome, started):
        log_request(run, method, path, outcome, started)
        if path == "/api/v2/item_upload/items":
            raise WorkerDied  # Vinted acted; the answer is never recorded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine.Run, "_log", die_after_create)
        with pytest.raises(WorkerDied):
            engine.run(job.pk)
    job.refresh_from_db()
    assert job.state == "running" and job.remote["inflight"]["op"] == "create"
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    from vinted.jobs import pacing

    pacing._redis().delete(pacing.AccountLock(engine.key_of(job)).key)  # its lock expired with it

    job = run_job(job)
    assert job.state == "completed"
    assert job.events.filter(to_state="unknown", from_state="running").exists()
    assert len(sandbox.listings(seller["id"])) == 1 and sandbox.mutating_count(seller["id"]) == 2


def test_cancel_of_a_waiting_job_stops_it(account, product, shop_a, run_job, small_budget, sandbox):
    small_budget(1)  # the photo goes, the create waits
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "waiting_rate_limit"
    services.cancel_job(job, user=shop_a.owner)
    job.refresh_from_db()
    assert job.state == "cancelled" and job.finished_at is not None
    with pytest.raises(services.JobRefused):
        services.cancel_job(job, user=shop_a.owner)


def test_photo_missing_from_storage_needs_attention_and_sends_nothing(account, seller, sandbox, run_job, shop_a):
    from django.core.files.storage import default_storage

    product = publishable(photos=2)
    default_storage.delete(product.photos.order_by("position")[1].image)
    job = run_job(_publish(account, product, shop_a.owner))
    assert job.state == "needs_attention" and job.error_code == "photo_missing"
    assert "delete that photo on the product page" in job.message
    assert not sandbox.listings(seller["id"])
    assert sandbox.mutating_count(seller["id"]) == 1  # the first photo only
