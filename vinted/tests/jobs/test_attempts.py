"""An attempt is a run that ended in an error worth retrying. Waiting for the account, the budget, a
pause between requests or a session is not one; a job resumes where it was after each wait."""

import datetime

import pytest
from django.utils import timezone

from channels.models import JobDispatch
from vinted.budget import account_key
from vinted.jobs import handoff, pacing, services
from vinted.jobs.models import Job

from .conftest import publishable

pytestmark = pytest.mark.django_db


def _key(account):
    return account_key(account.domain, account.vinted_user_id)


def _publish(account, products, user):
    return services.request_publication(account, products, user=user)


def _pause_over(job, redis_client):
    """Time passes: the account's pause and the job's wait are over."""
    redis_client.delete(f"vinted:jobs:{{{_key(job.account)}}}:next_write")
    Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))


@pytest.fixture
def scheduled_pauses(settings):
    settings.VINTED_SANDBOX_REQUEST_DELAY_MIN = settings.VINTED_SANDBOX_REQUEST_DELAY_MAX = 5
    settings.VINTED_INLINE_PAUSE_MAX_SECONDS = 3


def test_scheduled_pause_is_not_an_attempt_and_the_job_resumes_where_it_was(
    account, seller, sandbox, run_job, shop_a, scheduled_pauses, redis_client
):
    [job] = _publish(account, [publishable(photos=2)], shop_a.owner)

    job = run_job(job)
    assert (job.state, job.error_code, job.attempts) == ("pending", "pause", 0)
    assert (job.step, job.photos_done, job.photos_total) == ("photos", 1, 2)
    assert 4 <= (job.next_attempt_at - timezone.now()).total_seconds() <= 5

    _pause_over(job, redis_client)
    job = run_job(job)
    assert (job.state, job.error_code, job.attempts, job.photos_done) == ("pending", "pause", 0, 2)

    _pause_over(job, redis_client)
    job = run_job(job)
    assert (job.state, job.attempts) == ("completed", 0)
    assert sandbox.mutating_count(seller["id"]) == 3  # two photos, one create: nothing twice


def test_bounce_off_a_busy_account_is_not_an_attempt_and_leaves_the_dispatcher_a_grace(
    account, product, run_job, shop_a, settings
):
    settings.VINTED_JOB_REDISPATCH_SECONDS = 60
    holder = pacing.AccountLock(_key(account))
    assert holder.acquire(30)
    try:
        [job] = _publish(account, [product], shop_a.owner)
        job = run_job(job)
    finally:
        holder.release()
    assert (job.state, job.error_code, job.attempts, job.next_attempt_at) == ("pending", "busy", 0, None)
    due = JobDispatch.objects.get(job_id=job.pk).due_at
    assert (due - timezone.now()).total_seconds() > 50


def test_budget_wait_is_not_an_attempt(account, product, run_job, shop_a, small_budget):
    small_budget(1)  # the product needs two requests: a photo and the create
    [job] = _publish(account, [product], shop_a.owner)
    job = run_job(job)
    assert (job.state, job.attempts) == ("waiting_rate_limit", 0)


def test_read_error_counts_an_attempt_and_too_many_fail_the_job(
    account, product, seller, sandbox, run_job, shop_a, settings
):
    settings.VINTED_JOB_MAX_ATTEMPTS = 2
    sandbox.add_fault("server_error", seller_id=seller["id"], route="wardrobe")
    [job] = _publish(account, [product], shop_a.owner)

    job = run_job(job)
    assert (job.state, job.error_code, job.attempts) == ("pending", "transient", 1)

    Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
    job = run_job(job)
    assert (job.state, job.error_code, job.attempts) == ("failed", "attempts", 2)
    assert job.message == "Too many attempts: the job was stopped."


def test_retry_by_the_seller_starts_a_fresh_count(account, product, seller, sandbox, run_job, shop_a, settings):
    settings.VINTED_JOB_MAX_ATTEMPTS = 1
    sandbox.add_fault("server_error", seller_id=seller["id"], route="wardrobe", times=2)
    [job] = _publish(account, [product], shop_a.owner)
    job = run_job(job)
    assert (job.state, job.attempts) == ("failed", 1)

    job = services.retry_job(job, user=shop_a.owner)
    assert job.attempts == 0
    assert run_job(job).state == "completed"


def test_next_job_of_an_account_is_the_first_due_oldest_first_and_waits_for_the_pause(
    account, shop_a, settings, redis_client
):
    first, second, third = _publish(account, [publishable(), publishable(), publishable()], shop_a.owner)
    now = timezone.now()
    assert handoff.next_job(account, now) == (first, now)

    Job.objects.filter(pk=first.pk).update(
        state="waiting_rate_limit", next_attempt_at=now + datetime.timedelta(hours=1)
    )
    assert handoff.next_job(account, now) == (second, now)

    settings.VINTED_SANDBOX_REQUEST_DELAY_MIN = settings.VINTED_SANDBOX_REQUEST_DELAY_MAX = 30
    pacing.after_write(_key(account))
    job, at = handoff.next_job(account, now)
    assert job == second and 29 <= (at - now).total_seconds() <= 31


def test_hand_over_sends_the_next_job_just_before_the_pause_ends_and_moves_its_index_row(
    account, shop_a, settings, redis_client, monkeypatch, django_capture_on_commit_callbacks
):
    from vinted.jobs import tasks

    sent = []
    monkeypatch.setattr(tasks.run_job, "apply_async", lambda args, countdown=None: sent.append((args, countdown)))
    settings.VINTED_SANDBOX_REQUEST_DELAY_MIN = settings.VINTED_SANDBOX_REQUEST_DELAY_MAX = 30
    settings.VINTED_JOB_REDISPATCH_SECONDS, settings.VINTED_INLINE_PAUSE_MAX_SECONDS = 60, 3
    first, _second = _publish(account, [publishable(), publishable()], shop_a.owner)
    pacing.after_write(_key(account))

    with django_capture_on_commit_callbacks(execute=True):
        assert handoff.hand_over(account) == first

    [(args, countdown)] = sent
    # One second early: it gets ready while the pause runs out, and sleeps the rest.
    assert args[1] == first.pk and 28.5 <= countdown <= 29.5
    due = JobDispatch.objects.get(job_id=first.pk).due_at
    assert 85 <= (due - timezone.now()).total_seconds() <= 90  # the pause, then the grace


def test_paused_job_is_claimed_up_to_the_early_start_before_its_pause_ends(account, product, shop_a, settings):
    from vinted.jobs import engine

    settings.VINTED_INLINE_PAUSE_MAX_SECONDS = 3
    [job] = _publish(account, [product], shop_a.owner)
    soon = timezone.now() + datetime.timedelta(seconds=0.5)
    Job.objects.filter(pk=job.pk).update(next_attempt_at=soon, error_code="budget")
    assert engine.claim(job.pk) is None  # a budget slot is never taken early
    Job.objects.filter(pk=job.pk).update(error_code="pause")
    assert engine.claim(job.pk).state == "running"


def test_hand_over_leaves_a_job_due_beyond_the_limit_to_the_dispatcher(account, product, shop_a, settings):
    settings.VINTED_HANDOFF_MAX_WAIT_SECONDS = 120
    [job] = _publish(account, [product], shop_a.owner)
    Job.objects.filter(pk=job.pk).update(
        state="waiting_rate_limit", next_attempt_at=timezone.now() + datetime.timedelta(minutes=30)
    )
    assert handoff.hand_over(account) is None
