"""Publishing a product: the happy path, refusals, the budget, and the index the dispatcher reads."""

import pytest
from django.db import connection
from django.utils import timezone

from catalog.models import Product
from ratelimit import limiter
from vinted import domains
from vinted.jobs import selectors, services
from vinted.jobs.models import Job, JobEvent, Listing
from vinted.ledger.models import JobDispatch

from .conftest import publishable

pytestmark = pytest.mark.django_db


def test_publish_uploads_photos_then_creates_and_marks_the_product_listed(account, seller, sandbox, run_job, shop_a):
    product = publishable(photos=2)
    [job] = services.request_publication(account, [product], user=shop_a.owner)
    assert job.state == "pending" and JobDispatch.objects.filter(job_public_id=job.public_id).exists()

    job = run_job(job)

    assert job.state == "completed" and job.step == "done"
    assert (job.photos_done, job.photos_total) == (2, 2)
    [remote_item] = sandbox.listings(seller["id"])
    listing = Listing.objects.get(product=product, account=account)
    assert listing.item_id == remote_item["id"] and listing.status == "published"
    assert listing.url == f"{domains.site_for(account.domain).base_url}/items/{remote_item['id']}"
    product.refresh_from_db()
    assert product.status == Product.Status.LISTED
    assert listing.sent_at >= product.updated_at  # sent after the product was marked listed: not out of date
    assert sandbox.mutating_count(seller["id"]) == 3
    requests = JobEvent.objects.filter(job=job, kind="request").values_list("method", "path")
    assert ("POST", "/api/v2/item_upload/items") in list(requests)
    assert not JobDispatch.objects.filter(job_public_id=job.public_id).exists()
    progress = selectors.job_progress(job)
    assert progress["url"] == listing.url and progress["state"] == "completed"


def test_request_publication_with_a_refused_product_names_its_problems_and_creates_nothing(account, shop_a):
    good, bad = publishable(), publishable(photos=0, stock=0)
    with pytest.raises(services.JobRefused) as refused:
        services.request_publication(account, [good, bad], user=shop_a.owner)
    problems = refused.value.problems[str(bad.public_id)]
    assert {p.field for p in problems} >= {"photos", "stock"}
    assert Job.objects.count() == 0


def test_request_publication_twice_for_the_same_product_returns_the_job_in_progress(account, product, shop_a):
    [first] = services.request_publication(account, [product], user=shop_a.owner)
    [again] = services.request_publication(account, [product], user=shop_a.owner)
    assert again == first and Job.objects.filter(product=product).count() == 1


def test_request_publication_of_a_listed_product_is_still_refused(account, product, shop_a, run_job, sandbox):
    [job] = services.request_publication(account, [product], user=shop_a.owner)
    assert run_job(job).state == "completed"
    with pytest.raises(services.JobRefused):
        services.request_publication(account, [product], user=shop_a.owner)
    assert Job.objects.filter(product=product).count() == 1


def test_publish_without_room_for_all_its_requests_sends_none_until_there_is(
    account, seller, sandbox, run_job, small_budget, shop_a
):
    small_budget(3)
    first, second = publishable(), publishable()  # a photo and a create each
    jobs = services.request_publication(account, [first, second], user=shop_a.owner)
    done = run_job(jobs[0])
    waiting = run_job(jobs[1])
    assert done.state == "completed"
    assert waiting.state == "waiting_rate_limit" and waiting.error_code == "budget"
    assert sandbox.mutating_count(seller["id"]) == 2  # one slot was free, two are needed: no photo sent
    assert waiting.remote.get("photos") in (None, {})
    from vinted.ledger.models import VintedAttempt

    oldest = VintedAttempt.objects.exclude(outcome="released").order_by("reserved_at_ms").first()
    assert abs(waiting.next_attempt_at.timestamp() * 1000 - (oldest.reserved_at_ms + 7200 * 1000)) < 5
    row = JobDispatch.objects.get(job_public_id=waiting.public_id)
    assert row.state == "waiting_rate_limit" and row.due_at == waiting.next_attempt_at
    # Woken early (e.g. a duplicate message), it does not send: not due yet.
    assert run_job(waiting).state == "waiting_rate_limit"
    assert sandbox.mutating_count(seller["id"]) == 2

    with limiter.frozen_clock(waiting.next_attempt_at.timestamp() * 1000):
        Job.objects.filter(pk=waiting.pk).update(next_attempt_at=timezone.now())
        assert run_job(waiting).state == "completed"
    assert sandbox.mutating_count(seller["id"]) == 4 and len(sandbox.listings(seller["id"])) == 2


def test_publish_needing_more_than_the_whole_budget_starts_on_an_empty_window_and_carries_on(
    account, seller, sandbox, run_job, small_budget, shop_a
):
    small_budget(3)
    product = publishable(photos=3)  # four requests, three slots in a window
    [job] = services.request_publication(account, [product], user=shop_a.owner)
    job = run_job(job)
    assert job.state == "waiting_rate_limit" and sandbox.mutating_count(seller["id"]) == 3
    assert len(job.remote["photos"]) == 3 and sandbox.listings(seller["id"]) == []
    with limiter.frozen_clock(job.next_attempt_at.timestamp() * 1000):
        Job.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())
        assert run_job(job).state == "completed"  # no second wait for room: its photos are sent
    assert sandbox.mutating_count(seller["id"]) == 4 and len(sandbox.listings(seller["id"])) == 1


def test_requests_needed_counts_photos_plus_create_and_repost_delete(account):
    product = publishable(photos=3)
    assert selectors.requests_needed("publish", product) == 4
    assert selectors.requests_needed("repost", product) == 5
    assert selectors.requests_needed("update", product) == 1
    assert selectors.requests_needed("sync", None) == 0


def test_dispatch_sends_due_jobs_once_and_pushes_them_forward(account, product, shop_a, settings):
    from django.utils import timezone

    from vinted.jobs import dispatch

    [job] = services.request_publication(account, [product], user=shop_a.owner)
    JobDispatch.objects.filter(job_public_id=job.public_id).update(due_at=timezone.now())
    schema = connection.schema_name
    sent = []
    from vinted.jobs import tasks

    original = tasks.run_job.delay
    tasks.run_job.delay = lambda *args: sent.append(args)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
            assert dispatch.dispatch_due() == 1
            assert dispatch.dispatch_due() == 0  # pushed forward by the redispatch grace
    finally:
        tasks.run_job.delay = original
        connection.set_schema(schema)
    assert sent == [(schema, job.pk)]


@pytest.mark.parametrize("answered", ["/items/7700000-listing", "https://evil.example/items/1", "javascript:alert(1)"])
def test_listing_url_is_built_from_the_item_id_whatever_url_the_answer_carries(
    account, product, run_job, shop_a, monkeypatch, answered
):
    from vinted.client.api import VintedClient

    original = VintedClient.create_item

    def create_item(self, item, *, upload_session_id):
        outcome = original(self, item, upload_session_id=upload_session_id)
        outcome.data["url"] = answered
        return outcome

    monkeypatch.setattr(VintedClient, "create_item", create_item)
    [job] = services.request_publication(account, [product], user=shop_a.owner)

    job = run_job(job)

    listing = Listing.objects.get(product=product, account=account)
    expected = f"{domains.site_for(account.domain).base_url}/items/{listing.item_id}"
    assert job.state == "completed" and listing.url == expected
    assert selectors.job_progress(job)["url"] == expected
