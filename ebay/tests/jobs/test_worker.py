"""eBay jobs through a real Celery worker (with its beat dispatcher), real Redis and the sandbox over HTTP."""

import signal
import time

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django_tenants.utils import tenant_context

from ebay import services as ebay_services
from ebay import setup
from ebay.jobs import services
from ebay.jobs.models import EbayJob, EbayListing
from ebay.tests.conftest import agree_on_ebay
from stoflow.celery import app as celery_app
from tests.factories import make_shop
from tests.services import WorkerWithBeat, database_url, use_broker

from .conftest import publishable

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(committed_platform, settings, ebay_sandbox):
    settings.EBAY_JOB_REDISPATCH_SECONDS, settings.EBAY_JOB_LEASE_SECONDS = 3, 4
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    return make_shop("e")


def start_worker(sandbox) -> WorkerWithBeat:
    env = {
        "DATABASE_URL": database_url(),
        "EBAY_ENVIRONMENT": "local",
        "EBAY_SANDBOX_URL": sandbox.url,
        "EBAY_CLIENT_ID": django_settings.EBAY_CLIENT_ID,
        "EBAY_CLIENT_SECRET": django_settings.EBAY_CLIENT_SECRET,
        "EBAY_RUNAME": django_settings.EBAY_RUNAME,
        "EBAY_DISPATCH_INTERVAL_SECONDS": "0.5",
        "EBAY_JOB_REDISPATCH_SECONDS": "3",
        "EBAY_JOB_LEASE_SECONDS": "4",
        "VINTED_SYNC_INTERVAL_SECONDS": "0",
        "RATELIMIT_UNAVAILABLE_RETRY_SECONDS": "2",
    }
    return WorkerWithBeat(env).start().ready()


def connect(shop, sandbox, username):
    sandbox.create_seller(username, "pw")
    sandbox.set_up_seller(username)
    session = {}
    with tenant_context(shop.tenant):
        back = agree_on_ebay(ebay_services.start_consent(session, "EBAY_FR"), username=username, password="pw")
        account = ebay_services.finish_consent(session, state=back["state"], code=back["code"])
        return setup.complete_with_first_choices(account, postal_code="69003", country="FR")


def wait_for(shop, predicate, timeout=60, what="job"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with tenant_context(shop.tenant):
            jobs = list(EbayJob.objects.select_related("listing").order_by("pk"))
        if jobs and predicate(jobs):
            return jobs
        time.sleep(0.1)
    raise AssertionError(f"{what} not reached in {timeout}s: {[(j.pk, j.state, j.message, j.remote) for j in jobs]}")


@pytest.mark.parametrize("route", ["inventory.offer_create", "inventory.publish"])
def test_worker_killed_between_offer_creation_and_publish_then_restarted_gives_one_published_offer(
    shop, ebay_sandbox, redis_client, route
):
    username = "kill_" + route.split(".")[1]
    account = connect(shop, ebay_sandbox, username)
    ebay_sandbox.add_fault("slow", route=route, username=username, seconds=2)
    op = {"inventory.offer_create": "offer_create", "inventory.publish": "publish"}[route]
    worker = start_worker(ebay_sandbox)
    try:
        with tenant_context(shop.tenant):
            product = publishable()
            with transaction.atomic():
                job = services.request_publish(account, product)
        wait_for(shop, lambda jobs: (jobs[0].remote.get("inflight") or {}).get("op") == op, what=op)
        time.sleep(0.2)
        worker.kill(signal.SIGKILL)
        time.sleep(2.5)  # the request the dead worker sent lands on eBay meanwhile
        worker = start_worker(ebay_sandbox)
        [job] = wait_for(shop, lambda jobs: jobs[0].state in EbayJob.TERMINAL, timeout=60, what="completion")
    finally:
        worker.kill(signal.SIGKILL)
    assert job.state == "completed", (job.message, job.errors)
    offers = ebay_sandbox.offers_of(username)
    assert len(offers) == 1 and offers[0]["status"] == "PUBLISHED"
    with tenant_context(shop.tenant):
        listing = EbayListing.objects.get(account=account)
        assert listing.offer_id == offers[0]["offerId"]
        assert listing.listing_id == offers[0]["listing"]["listingId"]
        assert EbayJob.objects.get(pk=job.pk).events.filter(message__startswith="Resuming").exists()
    sent = [r for r in ebay_sandbox.requests_of(username) if r["route"] == route]
    assert len(sent) == 1
