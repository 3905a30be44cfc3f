"""The steps of each action (docs/vinted-api.md §13, §6.2-§6.5). Every id Vinted returns is stored
in `job.remote` right after its request, so a second run resumes where the first one stopped."""

import functools

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import photos as catalog_photos
from catalog import services as catalog_services
from catalog.models import Product
from ratelimit import limiter

from .. import budget, domains, mapping
from ..client import new_upload_session
from . import selectors
from .models import Job, JobEvent, Listing
from .runtime import Run, Stop
from .state import event
from .sync import sync_wardrobe

S = Job.State
CREATE_PATH = "/api/v2/item_upload/items"


def _listing(run: Run) -> Listing:
    listing, _ = Listing.objects.get_or_create(product=run.job.product, account=run.job.account)
    return listing


# --- shared pieces ----------------------------------------------------------------------------


def _wait_for_room(run: Run, writes: int) -> None:
    """Start a listing's requests only when the budget has room for all of them: otherwise its
    photos would be uploaded and the listing itself would wait up to a window for a slot."""
    decision = limiter.status(run.account_key, budget.policy_for(run.account_key), slots=writes)
    if not decision.allowed:
        raise Stop(
            S.WAITING_RATE_LIMIT,
            gettext_noop(
                "The account's request budget has no room yet for all of this "
                "listing's requests (its photos, then the listing): waiting "
                "for it, so nothing is left half done."
            ),
            code="budget",
            at=decision.retry_at,
        )


def _upload_photos(run: Run) -> list[int]:
    photos = list(run.job.product.photos.order_by("position", "id"))
    if not photos:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop("Add at least one photo."),
            code="validation",
            errors=[{"field": "photos", "message": gettext_noop("Add at least one photo.")}],
        )
    remote = run.remote
    remote.setdefault("upload_session", new_upload_session())
    uploaded = remote.setdefault("photos", {})
    if not uploaded:
        _wait_for_room(run, selectors.requests_needed(run.job.action, run.job.product))
    run.save(step="photos", photos_total=len(photos), photos_done=len(uploaded), remote=remote)
    for index, photo in enumerate(photos):
        key = str(photo.public_id)
        if key in uploaded:
            continue
        try:
            content = catalog_photos.read_photo(photo)
        except catalog_photos.PhotoFileMissing:
            raise Stop(S.NEEDS_ATTENTION, catalog_photos.PhotoFileMissing.advice, code="photo_missing") from None
        outcome = run.write(
            "photo",
            "POST",
            "/api/v2/photos",
            functools.partial(run.client.upload_photo, content, upload_session_id=remote["upload_session"]),
            index=index,
        )
        uploaded[key] = outcome.data["id"]
        remote.pop("inflight", None)
        run.save(photos_done=len(uploaded), remote=remote)
    return [uploaded[str(p.public_id)] for p in photos]


def _wardrobe(run: Run, *, newest_only: bool = False) -> list[dict]:
    """The whole wardrobe (sync), or its first page newest first: enough to see what a create just
    added (docs/vinted-api.md §13 step 9), and reads stay sparse."""
    account = run.job.account
    path = f"/api/v2/wardrobe/{account.vinted_user_id}/items"
    if newest_only:
        outcome = run.read("GET", path, lambda: run.client.wardrobe_page(account.vinted_user_id, 1, 96))
        return (outcome.data or {}).get("items") or [] if isinstance(outcome.data, dict) else []
    outcome = run.read("GET", path, lambda: run.client.wardrobe(account.vinted_user_id))
    return outcome.data or []


def _create(run: Run, photo_ids: list[int]) -> dict:
    remote = run.remote
    if "before_ids" not in remote:
        # Which items existed before the create: a lost answer is matched among the others only.
        remote["before_ids"] = [item.get("id") for item in _wardrobe(run, newest_only=True)]
        run.save(remote=remote)
    item = mapping.to_vinted_item(run.job.product, run.job.account, photo_ids=photo_ids, client=run.client)
    remote["expected"] = {"title": item["title"], "price": str(item["price"])}
    # In order: an update falls back on them when Vinted's read of the item lacks its photos.
    remote["photo_ids"] = list(photo_ids)
    remote["sent"] = mapping.comparable(item)
    run.save(step="creating", remote=remote)
    outcome = run.write(
        "create", "POST", CREATE_PATH, lambda: run.client.create_item(item, upload_session_id=remote["upload_session"])
    )
    created = {"id": outcome.data["id"]}
    remote["created"] = created
    remote.pop("inflight", None)
    run.save(remote=remote)
    return created


def _find_created(run: Run) -> dict | None:
    """An item absent before the create, with the job's title and price (docs/vinted-api.md §13 step 9)."""
    expected = run.remote.get("expected") or {}
    before = set(run.remote.get("before_ids") or [])
    for item in _wardrobe(run, newest_only=True):
        if item.get("id") in before:
            continue
        if (item.get("title") or "").strip() == expected.get("title") and mapping.price_of(
            item.get("price")
        ) == mapping.price_of(expected.get("price")):
            return {"id": item["id"]}
    return None


def reconcile(run: Run) -> None:
    """A request was in flight when the answer was lost (or the worker died): find out what
    Vinted did before sending anything again."""
    remote = run.remote
    inflight = remote.get("inflight") or {}
    op = inflight.get("op")
    if op == "create":
        found = _find_created(run)
        if found is not None:
            remote["created"] = found
            note = gettext_noop("The listing was found on Vinted: kept, not sent again.")
        elif remote.get("create_resubmits", 0) < 1:
            remote["create_resubmits"] = remote.get("create_resubmits", 0) + 1
            remote.pop("before_ids", None)
            note = gettext_noop("The listing is not on Vinted: it will be sent once more.")
        else:
            raise Stop(
                S.NEEDS_ATTENTION,
                gettext_noop("Vinted's answer was lost twice: check your Vinted wardrobe, then retry."),
                code="ambiguous",
            )
    elif op == "delete":
        item_id = inflight.get("item_id")
        gone = run.read("GET", f"/api/v2/item_upload/items/{item_id}", lambda: run.client.get_item(item_id))
        if gone.kind.value == "not_found":
            remote.setdefault("deleted", []).append(item_id)
        note = gettext_noop("Checked on Vinted whether the listing was deleted.")
    else:
        # A lost photo upload or edit: an unassigned photo is harmless, an edit is sent whole again.
        note = gettext_noop("A request was interrupted; it is sent again.")
    remote.pop("inflight", None)
    run.save(remote=remote)
    event(run.job, note, kind=JobEvent.Kind.TRANSITION, from_state=S.UNKNOWN, to_state=S.RUNNING)


def _mark_published(run: Run, created: dict, *, previous: int | None = None) -> None:
    product = run.job.product
    with transaction.atomic():
        # The product first: its `updated_at` must not be later than the listing's `sent_at`, or the
        # product list would call the listing out of date at once (catalog.extensions.ChannelState.stale).
        if product.status != Product.Status.LISTED:
            catalog_services.mark_listed(product)
        listing = _listing(run)
        if previous and previous not in listing.previous_item_ids:
            listing.previous_item_ids = [*listing.previous_item_ids, previous]
            listing.views = listing.favourites = 0
        listing.item_id = created["id"]
        listing.url = domains.listing_url(run.job.account.domain, created["id"])
        listing.status = Listing.Status.PUBLISHED
        listing.price = mapping.vinted_price(product)
        listing.published_at = timezone.now()
        listing.last_error = ""
        listing.sent, listing.sent_at = run.remote.get("sent") or listing.sent, timezone.now()
        listing.save()


def _listed_item(run: Run) -> Listing:
    listing = Listing.objects.filter(product=run.job.product, account=run.job.account).first()
    if listing is None or not listing.item_id:
        raise Stop(S.FAILED, gettext_noop("This product is not listed on this Vinted account."), code="not_listed")
    return listing


# --- actions --------------------------------------------------------------------------------


def publish(run: Run) -> None:
    _listing(run)
    created = run.remote.get("created")
    if created is None:
        photo_ids = _upload_photos(run)
        created = _create(run, photo_ids)
    _mark_published(run, created)


def repost(run: Run) -> None:
    """Upload the photos again, create the new listing, then delete the old one (§6.5)."""
    listing = _listed_item(run)
    remote = run.remote
    old = remote.setdefault("old_item_id", listing.item_id)
    created = remote.get("created")
    if created is None:
        created = _create(run, _upload_photos(run))
    if old not in remote.get("deleted", []):
        run.save(step="deleting_old")
        run.write("delete", "POST", f"/api/v2/items/{old}/delete", lambda: run.client.delete_item(old), item_id=old)
        remote.setdefault("deleted", []).append(old)
        remote.pop("inflight", None)
        run.save(remote=remote)
    _mark_published(run, created, previous=old)


def _current_photo_ids(item) -> list[int]:
    """The photo ids of Vinted's read of the item, in their order (docs/vinted-api.md §6.1)."""
    photos = item.get("photos") if isinstance(item, dict) else None
    if not isinstance(photos, list):
        return []
    photos = [p for p in photos if isinstance(p, dict) and isinstance(p.get("id"), int)]
    return [p["id"] for p in sorted(photos, key=lambda p: p.get("image_no") or 0)]


def _published_photo_ids(run: Run, listing: Listing) -> list[int]:
    """The photos this listing was created with, as its publish (or repost) job recorded them."""
    for job in Job.objects.filter(
        product=run.job.product,
        account=run.job.account,
        state=S.COMPLETED,
        action__in=[Job.Action.PUBLISH, Job.Action.REPOST],
    ).order_by("-finished_at", "-pk"):
        remote = job.remote or {}
        if (remote.get("created") or {}).get("id") != listing.item_id:
            continue
        if remote.get("photo_ids"):
            return [int(i) for i in remote["photo_ids"]]
        # Jobs from before photo_ids was kept: their ids by product photo, in the photos' order.
        uploaded = remote.get("photos") or {}
        photos = run.job.product.photos.order_by("position", "id")
        keys = [str(key) for key in photos.values_list("public_id", flat=True)]
        return [int(uploaded[key]) for key in keys if key in uploaded]
    return []


def update(run: Run) -> None:
    listing = _listed_item(run)
    run.save(step="updating")
    current = run.read(
        "GET", f"/api/v2/item_upload/items/{listing.item_id}", lambda: run.client.get_item(listing.item_id)
    )
    if current.kind.value == "not_found":
        Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.DELETED, updated_at=timezone.now())
        raise Stop(S.FAILED, gettext_noop("The listing no longer exists on Vinted."), code="not_found")
    photo_ids = _current_photo_ids(current.data) or _published_photo_ids(run, listing)
    if not photo_ids:
        raise Stop(
            S.NEEDS_ATTENTION,
            gettext_noop(
                "Vinted's answer did not list this listing's photos and Stoflow has no record of "
                "them, so nothing was sent (an edit without photos would be refused). Check the "
                "listing on Vinted, then retry."
            ),
            code="photos_unknown",
        )
    item = mapping.to_vinted_item(run.job.product, run.job.account, photo_ids=photo_ids, client=run.client)
    run.write(
        "update",
        "PUT",
        f"/api/v2/item_upload/items/{listing.item_id}",
        lambda: run.client.edit_item(listing.item_id, item),
    )
    run.remote.pop("inflight", None)
    run.save(remote=run.remote)
    Listing.objects.filter(pk=listing.pk).update(
        price=mapping.vinted_price(run.job.product),
        last_error="",
        sent=mapping.comparable(item),
        sent_at=timezone.now(),
        updated_at=timezone.now(),
    )


def delete(run: Run) -> None:
    listing = _listed_item(run)
    item_id = listing.item_id
    if item_id not in run.remote.get("deleted", []):
        run.save(step="deleting")
        run.write(
            "delete",
            "POST",
            f"/api/v2/items/{item_id}/delete",
            lambda: run.client.delete_item(item_id),
            item_id=item_id,
        )
        run.remote.pop("inflight", None)
    Listing.objects.filter(pk=listing.pk).update(status=Listing.Status.DELETED, updated_at=timezone.now())


def _set_hidden(run: Run, hidden: bool) -> None:
    """Take a listing off sale without losing it, or put it back (docs/vinted-api.md §6.3): one request."""
    listing = _listed_item(run)
    item_id = listing.item_id
    if "hidden" not in run.remote:
        run.save(step="hiding" if hidden else "showing")
        run.write(
            "hide",
            "PUT",
            f"/api/v2/items/{item_id}/is_hidden",
            lambda: run.client.hide_item(item_id, hidden),
            item_id=item_id,
        )
        run.remote.pop("inflight", None)
        run.remote["hidden"] = hidden
        run.save(remote=run.remote)
    Listing.objects.filter(pk=listing.pk).update(
        status=Listing.Status.HIDDEN if hidden else Listing.Status.PUBLISHED, updated_at=timezone.now()
    )


def hide(run: Run) -> None:
    _set_hidden(run, True)


def show(run: Run) -> None:
    _set_hidden(run, False)


def sync(run: Run) -> None:
    run.save(step="syncing")
    sync_wardrobe(run, _wardrobe(run))


ACTIONS = {
    Job.Action.PUBLISH: publish,
    Job.Action.REPOST: repost,
    Job.Action.UPDATE: update,
    Job.Action.DELETE: delete,
    Job.Action.SYNC: sync,
    Job.Action.HIDE: hide,
    Job.Action.SHOW: show,
}
