"""Running one eBay job: claim it, run the steps of its action, record the outcome.

Every remote id is stored as soon as eBay gives it (image URLs and the offer id on the listing, the
policies and location in `remote`). Before each write the job stores an `inflight` marker; a run that
finds one (the worker died, or the answer was lost) reads eBay first and goes on from what it finds,
never sending the write blindly again (ebay-api §4.7, §9.2). Nothing holds a transaction while a request
is in flight. The state machine, history, claim and dispatch are channels.jobs'.
"""

import datetime
import hashlib
import json
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import photos as catalog_photos
from catalog import services as catalog_services
from catalog.models import Product
from channels import jobs as channel_jobs
from channels.models import JobState

from .. import mapping, selectors
from ..client import EbayClient, Kind
from ..models import EbayAccount
from .models import EbayJob, EbayListing

log = logging.getLogger(__name__)
S = JobState
# Runs that ended in one of these count as attempts; waiting for the call limit or for the seller does not.
COUNTED = frozenset({"transient", "ambiguous", "error", "worker_lost"})
SAVED_FIELDS = ["step", "remote", "lease_expires_at", "updated_at"]
RECONCILE_AFTER = datetime.timedelta(seconds=2)


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_JOB_LEASE_SECONDS)


def grace() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.EBAY_JOB_REDISPATCH_SECONDS)


def move(job: EbayJob, to: str, message: str = "", **fields) -> EbayJob:
    before = job.state
    moved = channel_jobs.move(job, to, message, grace=grace(), **fields)
    if before != to and job.reason:
        from .takedown import job_moved  # takedown asks for end jobs through services, which move them

        job_moved(moved, before)
    return moved


class Stop(Exception):
    """Leave the run with the job in `state`."""

    def __init__(self, state: str, message: str, *, code: str = "", at=None, errors=None):
        super().__init__(message)
        self.state, self.message, self.code, self.at, self.errors = state, message, code, at, errors or []


class Ambiguous(Exception):
    """A write left the machine without a clear answer: the next run reads eBay before anything else."""


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(5 * 2 ** max(attempts, 0), 600))


def stop_for(outcome, job: EbayJob) -> Stop:
    """What an outcome that is not a success means for the job (docs/ebay.md, "Publishing")."""
    kind = outcome.kind
    if kind is Kind.RATE_LIMITED:
        if outcome.retry_at is not None:  # our own limiter refused: nothing was sent
            return Stop(
                S.WAITING_RATE_LIMIT,
                gettext_noop("eBay's call limit is reached: waiting until it frees."),
                code="budget",
                at=outcome.retry_at,
            )
        seen = int(job.remote.get("rate_limited", 0))
        job.remote["rate_limited"] = seen + 1
        wait = min(settings.EBAY_RATE_LIMITED_WAIT_SECONDS * 2**seen, 86400)
        return Stop(
            S.WAITING_RATE_LIMIT,
            gettext_noop("eBay asked Stoflow to slow down: waiting before trying again."),
            code="rate_limited",
            at=timezone.now() + datetime.timedelta(seconds=wait),
        )
    if kind is Kind.RECONNECT_NEEDED:
        return Stop(
            S.WAITING_RECONNECT,
            gettext_noop("eBay no longer accepts Stoflow's access: reconnect the account and the job goes on."),
            code="reconnect",
        )
    if kind is Kind.FORBIDDEN:
        return Stop(
            S.WAITING_RECONNECT,
            gettext_noop("The eBay consent lacks a permission Stoflow needs: reconnect the account."),
            code="forbidden",
        )
    if kind is Kind.TRANSIENT:
        return Stop(
            S.PENDING,
            gettext_noop("eBay could not be reached; trying again shortly."),
            code="transient",
            at=timezone.now() + _backoff(job.attempts),
        )
    errors = [
        {"field": str(e.get("errorId", "")), "message": str(e.get("longMessage") or e.get("message") or "")[:300]}
        for e in outcome.errors
    ]
    return Stop(
        S.NEEDS_ATTENTION,
        gettext_noop("eBay refused the listing: see its message, fix the product and retry."),
        code="validation",
        errors=errors,
    )


class Run:
    def __init__(self, job: EbayJob, client: EbayClient):
        self.job, self.client = job, client
        self.listing: EbayListing = job.listing
        self.account: EbayAccount = job.account
        self.product: Product = job.product
        # The write a previous run left in flight: its step reads eBay before writing anything.
        self.reconcile = self.inflight

    @property
    def remote(self) -> dict:
        return self.job.remote

    @property
    def inflight(self) -> str:
        return (self.remote.get("inflight") or {}).get("op", "")

    def save(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.job, name, value)
        with transaction.atomic():
            self.job.save(update_fields=SAVED_FIELDS)
            channel_jobs.sync_index(self.job, grace=grace())

    def save_listing(self, **fields) -> None:
        for name, value in fields.items():
            setattr(self.listing, name, value)
        self.listing.save(update_fields=[*fields, "updated_at"])

    def step(self, name: str) -> None:
        self.save(step=name)

    def _log(self, method: str, path: str, outcome, started: float) -> None:
        channel_jobs.event(
            self.job,
            outcome.kind.value,
            kind="request",
            method=method,
            path=path[:200],
            status=outcome.status,
            duration_ms=int((time.monotonic() - started) * 1000),
        )

    def read(self, method: str, path: str, call, *, ok=(Kind.OK,)):
        started = time.monotonic()
        outcome = call()
        self._log(method, path, outcome, started)
        if outcome.kind in ok:
            return outcome
        raise stop_for(outcome, self.job)

    def write(self, op: str, method: str, path: str, call, *, ok=(Kind.OK,)):
        """One write: check for a cancel, renew the lease, mark it in flight, send, classify. The caller
        records what eBay gave back and clears the marker (`done`)."""
        if EbayJob.objects.filter(pk=self.job.pk, cancel_requested=True).exists():
            raise Stop(S.CANCELLED, gettext_noop("Cancelled by the seller."), code="cancelled")
        self.remote["inflight"] = {"op": op}
        self.save(lease_expires_at=timezone.now() + lease(), remote=self.remote)
        started = time.monotonic()
        outcome = call()
        self._log(method, path, outcome, started)
        if outcome.kind is Kind.AMBIGUOUS:
            raise Ambiguous(op)
        if outcome.kind in ok:
            return outcome
        self.remote.pop("inflight", None)  # eBay did nothing
        raise stop_for(outcome, self.job)

    def done(self, **remote) -> None:
        self.remote.pop("inflight", None)
        self.remote.update(remote)
        self.save(remote=self.remote)

    def sent_already(self, what: str, body: dict) -> bool:
        """This job already sent exactly this body (an earlier run): not again."""
        return self.remote.get("sent", {}).get(what) == _digest(body)

    def record_sent(self, what: str, body: dict) -> None:
        self.done(sent={**self.remote.get("sent", {}), what: _digest(body)})


def _digest(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


# Steps ------------------------------------------------------------------------------------------------
def prerequisites(run: Run) -> None:
    """The three business policies and the inventory location the offer names (ebay-api §3): the ones
    the seller chose in the account's set-up (ebay.setup), kept in `remote`."""
    if run.remote.get("policies") and run.remote.get("location"):
        return
    chosen = selectors.listing_settings(run.account)
    if chosen is None:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop(
                "Finish this eBay account's set-up (shipping, payment and return policies, and where you "
                "ship from) on the eBay accounts page, then retry."
            ),
            code="setup_needed",
        )
    run.done(
        policies={
            "fulfillmentPolicyId": chosen.fulfillment_policy_id,
            "paymentPolicyId": chosen.payment_policy_id,
            "returnPolicyId": chosen.return_policy_id,
        },
        location=chosen.merchant_location_key,
    )


def offer_settings_from_ebay(run: Run) -> dict | None:
    """The live offer (its policies and location are the seller's), or None when eBay has none."""
    if not run.listing.offer_id:
        found = run.read(
            "GET",
            "/sell/inventory/v1/offer",
            lambda: run.client.offers_for(run.listing.sku),
            ok=(Kind.OK, Kind.NOT_FOUND),
        )
        offers = (found.data or {}).get("offers") or [] if found.ok else []
        if not offers:
            return None
        run.save_listing(offer_id=str(offers[0]["offerId"]))
        return offers[0]
    found = run.read(
        "GET",
        f"/sell/inventory/v1/offer/{run.listing.offer_id}",
        lambda: run.client.offer(run.listing.offer_id),
        ok=(Kind.OK, Kind.NOT_FOUND),
    )
    return found.data if found.ok else None


def map_product(run: Run) -> mapping.Mapped:
    run.step("mapping")
    try:
        mapped = mapping.map_product(run.product, run.account, run.client)
    except mapping.TaxonomyUnavailable as error:
        raise stop_for(error.outcome, run.job) from None
    if mapped.problems:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("The product is not ready for eBay: see what is missing."),
            code="preflight",
            errors=[{"field": p.field, "message": str(p.message)} for p in mapped.problems],
        )
    return mapped


def images(run: Run) -> list[str]:
    """eBay-hosted URLs of the product's photos (Media API), uploading only those not uploaded yet."""
    photos = list(run.product.photos.order_by("position", "pk")[: mapping.PICTURES_MAX])
    urls = dict(run.listing.images)
    missing = [p for p in photos if str(p.public_id) not in urls]
    if missing:
        run.step("images")
    for photo in missing:
        try:
            content = catalog_photos.read_photo(photo)
        except catalog_photos.PhotoFileMissing:
            raise Stop(S.NEEDS_ATTENTION, catalog_photos.PhotoFileMissing.advice, code="photo_missing") from None
        started = time.monotonic()
        outcome = run.client.upload_image(f"{photo.public_id}.jpg", content, "image/jpeg")
        run._log("POST", "/commerce/media/v1_beta/image/create_image_from_file", outcome, started)
        if not outcome.ok:
            raise stop_for(outcome, run.job)
        urls[str(photo.public_id)] = outcome.data["imageUrl"]
        run.save_listing(images=urls)  # at once: a retry does not upload it again
    return [urls[str(p.public_id)] for p in photos]


def put_item(run: Run, body: dict) -> None:
    if run.sent_already("item", body):
        return
    run.step("item")
    path = f"/sell/inventory/v1/inventory_item/{run.listing.sku}"
    if run.reconcile == "item":
        found = run.read("GET", path, lambda: run.client.inventory_item(run.listing.sku), ok=(Kind.OK, Kind.NOT_FOUND))
        if found.ok and _same_item(found.data, body):
            run.record_sent("item", body)
            return
    run.write("item", "PUT", path, lambda: run.client.put_inventory_item(run.listing.sku, body))
    run.record_sent("item", body)


def _same_item(found: dict, body: dict) -> bool:
    return all(found.get(k) == v for k, v in body.items())


def put_offer(run: Run, body: dict) -> None:
    """Create the offer, or replace it: its id is stored as soon as eBay gives it."""
    if run.listing.offer_id and run.sent_already("offer", body):
        return
    run.step("offer")
    if not run.listing.offer_id and run.reconcile == "offer_create":
        # The create may have landed: look for the SKU's offer before sending anything.
        found = run.read(
            "GET",
            "/sell/inventory/v1/offer",
            lambda: run.client.offers_for(run.listing.sku),
            ok=(Kind.OK, Kind.NOT_FOUND),
        )
        offers = found.data.get("offers") or [] if found.ok else []
        if offers:
            run.save_listing(offer_id=str(offers[0]["offerId"]))
        run.done()
    if not run.listing.offer_id:
        created = run.write(
            "offer_create",
            "POST",
            "/sell/inventory/v1/offer",
            lambda: run.client.create_offer(body),
            ok=(Kind.OK, Kind.DUPLICATE_OFFER),
        )
        run.save_listing(offer_id=str(created.data["offerId"]))
        if created.ok:
            run.record_sent("offer", body)
            return
        run.done()
        # 25002: eBay already holds an offer for this SKU and names it; it gets this job's offer.
    path = f"/sell/inventory/v1/offer/{run.listing.offer_id}"
    if run.reconcile == "offer_update":
        found = run.read("GET", path, lambda: run.client.offer(run.listing.offer_id), ok=(Kind.OK, Kind.NOT_FOUND))
        if found.ok and _same_item(found.data, body):
            run.record_sent("offer", body)
            return
    run.write("offer_update", "PUT", path, lambda: run.client.update_offer(run.listing.offer_id, body))
    run.record_sent("offer", body)


def publish_offer(run: Run) -> str:
    run.step("publishing")
    offer_id = run.listing.offer_id
    path = f"/sell/inventory/v1/offer/{offer_id}"
    if run.reconcile == "publish":
        found = run.read("GET", path, lambda: run.client.offer(offer_id))
        if found.data.get("status") == "PUBLISHED":
            run.done()
            return str(found.data["listing"]["listingId"])
    published = run.write("publish", "POST", path + "/publish", lambda: run.client.publish_offer(offer_id))
    run.done()
    return str(published.data["listingId"])


def _send_listing(run: Run) -> None:
    """Publish and relist: prerequisites, mapping, pictures, item, offer, publish; the listing is live."""
    prerequisites(run)
    mapped = map_product(run)
    urls = images(run)
    item = mapping.inventory_item(run.product, mapped, urls)
    offer = mapping.offer(run.listing, mapped, run.account, run.remote["policies"], run.remote["location"])
    put_item(run, item)
    put_offer(run, offer)
    listing_id = publish_offer(run)
    previous = list(run.listing.previous_listing_ids)
    if run.listing.listing_id and run.listing.listing_id != listing_id:
        previous.append(run.listing.listing_id)
    # The product first: its `updated_at` must not be later than the listing's `sent_at`, or the product
    # list would call the listing out of date at once (catalog.extensions.ChannelState.stale).
    if run.product.status in (Product.Status.DRAFT, Product.Status.READY):
        catalog_services.mark_listed(run.product)
    now = timezone.now()
    run.save_listing(
        listing_id=listing_id,
        status=EbayListing.Status.PUBLISHED,
        price=mapped.price,
        currency=mapped.currency,
        category_id=mapped.choice.ebay_category_id,
        published_at=now,
        ended_at=None,
        last_error="",
        previous_listing_ids=previous,
        sent=mapping.comparable(item, offer),
        sent_at=now,
    )


def do_publish(run: Run) -> None:
    _send_listing(run)


def do_relist(run: Run) -> None:
    if not run.remote.get("policies"):
        current = offer_settings_from_ebay(run)
        if current and current.get("listingPolicies") and current.get("merchantLocationKey"):
            run.done(policies=current["listingPolicies"], location=current["merchantLocationKey"])
    _send_listing(run)


def do_update(run: Run) -> None:
    """The item and the offer, each sent whole (ebay-api §4.5: a revision of the live listing)."""
    if not run.remote.get("policies"):
        current = offer_settings_from_ebay(run)
        if current is None:
            raise Stop(S.NEEDS_ATTENTION, gettext_noop("eBay has no offer for this listing any more."), code="gone")
        run.done(policies=current.get("listingPolicies") or {}, location=current.get("merchantLocationKey", ""))
    mapped = map_product(run)
    urls = images(run)
    item = mapping.inventory_item(run.product, mapped, urls)
    offer = mapping.offer(run.listing, mapped, run.account, run.remote["policies"], run.remote["location"])
    put_item(run, item)
    put_offer(run, offer)
    run.save_listing(
        price=mapped.price,
        currency=mapped.currency,
        category_id=mapped.choice.ebay_category_id,
        last_error="",
        sent=mapping.comparable(item, offer),
        sent_at=timezone.now(),
    )


def do_end(run: Run) -> None:
    """Withdraw the offer (the listing ends; the offer stays for a relist). Reads it first: an offer already
    unpublished is done."""
    run.step("ending")
    current = offer_settings_from_ebay(run)
    if current is not None and current.get("status") == "PUBLISHED":
        offer_id = run.listing.offer_id
        run.write(
            "withdraw",
            "POST",
            f"/sell/inventory/v1/offer/{offer_id}/withdraw",
            lambda: run.client.withdraw_offer(offer_id),
            ok=(Kind.OK, Kind.NOT_FOUND),
        )
        run.done()
    run.save_listing(
        status=EbayListing.Status.SOLD if run.job.reason == "sold" else EbayListing.Status.ENDED,
        ended_at=timezone.now(),
        last_error="",
    )


ACTIONS = {
    EbayJob.Action.PUBLISH: do_publish,
    EbayJob.Action.UPDATE: do_update,
    EbayJob.Action.END: do_end,
    EbayJob.Action.RELIST: do_relist,
}
DONE_MESSAGES = {
    EbayJob.Action.PUBLISH: gettext_noop("Live on eBay."),
    EbayJob.Action.RELIST: gettext_noop("Live on eBay again."),
    EbayJob.Action.UPDATE: gettext_noop("Updated on eBay."),
    EbayJob.Action.END: gettext_noop("Ended on eBay."),
}


# Running ----------------------------------------------------------------------------------------------
def run(job_id: int, client_factory=EbayClient) -> None:
    job, before = channel_jobs.claim(EbayJob, job_id, lease=lease(), grace=grace())
    if job is None:
        return
    if before == S.RUNNING:  # the lease ran out: the worker running it died
        _finish(job, Stop(S.PENDING, gettext_noop("Resuming after an interruption."), code="worker_lost"), retry=True)
        job, _before = channel_jobs.claim(EbayJob, job_id, lease=lease(), grace=grace())
        if job is None:
            return
    job = EbayJob.objects.select_related("listing", "account", "product").get(pk=job.pk)
    try:
        if job.product is None:
            raise Stop(S.FAILED, gettext_noop("The product no longer exists."), code="gone")
        ACTIONS[job.action](Run(job, client_factory(job.account)))
    except Stop as stop:
        _finish(job, stop)
    except Ambiguous:
        _finish(
            job,
            Stop(
                S.UNKNOWN,
                gettext_noop("eBay did not answer clearly: Stoflow checks what happened before going on."),
                code="ambiguous",
                at=timezone.now() + RECONCILE_AFTER,
            ),
        )
    except Exception:
        log.exception("eBay job %s failed", job.public_id)
        _finish(
            job,
            Stop(S.PENDING, gettext_noop("Something went wrong; trying again shortly."), code="error"),
        )
    else:
        with transaction.atomic():
            job = EbayJob.objects.select_for_update().get(pk=job.pk)
            job.remote.pop("rate_limited", None)
            move(job, S.COMPLETED, DONE_MESSAGES[job.action], step="done", error_code="", errors=[], remote=job.remote)


def _finish(job: EbayJob, stop: Stop, *, retry: bool = False) -> None:
    remote = job.remote
    with transaction.atomic():
        job = EbayJob.objects.select_for_update().get(pk=job.pk)
        job.remote = {**job.remote, **remote}
        counted = stop.code in COUNTED
        attempts = job.attempts + (1 if counted else 0)
        at = stop.at
        if stop.state == S.PENDING and at is None:
            at = timezone.now() + (_backoff(attempts) if not retry else datetime.timedelta(0))
        if counted and attempts >= settings.EBAY_JOB_MAX_ATTEMPTS and not job.remote.get("inflight"):
            move(
                job,
                S.FAILED,
                gettext_noop("Too many attempts: retry when eBay answers again."),
                attempts=attempts,
                error_code=stop.code,
            )
        else:
            move(
                job,
                stop.state,
                stop.message,
                attempts=attempts,
                next_attempt_at=at,
                error_code=stop.code,
                errors=stop.errors,
                lease_expires_at=None,
            )
        if stop.state in (S.NEEDS_ATTENTION, S.FAILED, S.WAITING_RECONNECT):
            EbayListing.objects.filter(pk=job.listing_id).update(
                last_error=stop.message[:500], updated_at=timezone.now()
            )
