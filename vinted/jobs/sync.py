"""Sync: read the wardrobe, bring listings up to date, import what Stoflow does not know.

Sold listings mark the product sold and take one off its stock; items absent from the wardrobe
are deleted; unknown items become products (wardrobe import), photos included, within the plan.
"""

import functools
import logging
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from catalog import sales as catalog_sales
from catalog import services as catalog_services
from catalog.models import Product
from catalog.taxonomy.models import Category, Condition, PackageSize, Size

from .. import domains, mapping
from ..client import http
from . import takedown
from .models import Listing

log = logging.getLogger(__name__)
MAX_PHOTO_BYTES = 15 * 1024 * 1024


def _status_of(item: dict) -> str:
    if item.get("item_closing_action") == "sold" or (item.get("is_closed") and not item.get("is_hidden")):
        return Listing.Status.SOLD
    if item.get("is_hidden"):
        return Listing.Status.HIDDEN
    return Listing.Status.PUBLISHED


def _sold(listing: Listing, item: dict) -> None:
    """Record the sale at the listing's price on Vinted (what the buyer paid, not the catalog's
    price): one unit off the stock, the product sold only when none is left."""
    product = listing.product
    if product.deleted_at is not None:
        return
    account = listing.account
    price = mapping.price_of(item.get("price")) or listing.price or product.price
    currency = (item.get("price") or {}).get("currency_code") if isinstance(item.get("price"), dict) else None
    catalog_sales.record_sale(
        product,
        price=price,
        currency=currency or _site_currency(account),
        channel=takedown.CHANNEL,
        account_ref=str(account.public_id),
        account_label=f"{account.login or account.vinted_user_id} · Vinted",
        listing_ref=str(listing.item_id),
    )


def _site_currency(account) -> str:
    try:
        return domains.site_for(account.domain).currency
    except domains.DomainNotAllowed:
        return ""


def sync_wardrobe(run, items: list[dict]) -> None:
    account = run.job.account
    now = timezone.now()
    listings = {
        row.item_id: row
        for row in Listing.objects.filter(account=account, item_id__isnull=False).select_related("product", "account")
    }
    previous = {old for row in listings.values() for old in row.previous_item_ids}
    seen, unknown, unchanged = set(), [], []
    for item in items:
        item_id = item.get("id")
        if not isinstance(item_id, int) or item.get("is_draft"):
            continue
        seen.add(item_id)
        listing = listings.get(item_id)
        if listing is None:
            if item_id not in previous and _status_of(item) != Listing.Status.SOLD:
                unknown.append(item)
            continue
        status = _status_of(item)
        newly_sold = status == Listing.Status.SOLD and listing.status != Listing.Status.SOLD
        before = (listing.status, listing.views, listing.favourites, listing.is_reserved, listing.price, listing.url)
        listing.status = status
        listing.views = int(item.get("view_count") or 0)
        listing.favourites = int(item.get("favourite_count") or 0)
        listing.is_reserved = bool(item.get("is_reserved"))
        listing.price = mapping.price_of(item.get("price")) or listing.price
        listing.url = domains.listing_url(account.domain, listing.item_id)
        listing.last_synced_at = now
        # A wardrobe is read every minute while it has live listings: rows that did not change are
        # stamped together below instead of written one by one.
        if (
            listing.status,
            listing.views,
            listing.favourites,
            listing.is_reserved,
            listing.price,
            listing.url,
        ) == before:
            unchanged.append(listing.pk)
            continue
        listing.save()
        if newly_sold:
            _sold(listing, item)
    Listing.objects.filter(pk__in=unchanged).update(last_synced_at=now)
    for item_id, listing in listings.items():
        # A failed listing with an item id may have been live all along: once the wardrobe shows it is
        # gone, it no longer keeps its product from being deleted for good (catalog's LiveListings).
        if item_id not in seen and listing.status in (
            Listing.Status.PUBLISHED,
            Listing.Status.HIDDEN,
            Listing.Status.ERROR,
        ):
            listing.status, listing.last_synced_at = Listing.Status.DELETED, now
            listing.save(update_fields=["status", "last_synced_at", "updated_at"])
    if unknown:
        _import(run, unknown[: settings.VINTED_IMPORT_MAX_PER_SYNC])


def _by_vinted_id(model, vinted_id):
    if not isinstance(vinted_id, int):
        return None
    return model.objects.filter(external_ids__contains={"vinted": vinted_id}).first()


def _allowed_photo_url(url: str, site) -> bool:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return False
    if f"{parts.scheme}://{parts.netloc}" == site.origin:
        return True
    return parts.scheme == "https" and (parts.hostname == "vinted.net" or parts.hostname.endswith(".vinted.net"))


def _download(urls: list[str], site) -> list[bytes]:
    photos = []
    with http.new_session() as session:
        for url in urls[:20]:
            if not _allowed_photo_url(url, site):
                continue
            try:
                response = session.get(url, timeout=http.timeouts(), allow_redirects=False, stream=True)
                content = response.raw.read(MAX_PHOTO_BYTES + 1, decode_content=True)
            except requests.RequestException:
                continue
            if response.status_code == 200 and len(content) <= MAX_PHOTO_BYTES:
                photos.append(content)
    return photos


def _import(run, items: list[dict]) -> None:
    site = domains.site_for(run.job.account.domain)
    imported, refused = 0, 0
    for index, item in enumerate(items):
        detail = run.read(
            "GET", f"/api/v2/item_upload/items/{item['id']}", functools.partial(run.client.get_item, item["id"])
        )
        if not detail.ok:
            continue
        full = detail.data
        category = _by_vinted_id(Category, full.get("catalog_id"))
        size = _by_vinted_id(Size, full.get("size_id"))
        data = {
            "sku": f"VINTED-{item['id']}",
            "title": (full.get("title") or item.get("title") or "")[:100],
            "description": (full.get("description") or "")[:2000],
            "price": mapping.price_of(full.get("price") or item.get("price")) or 0,
            "stock": 1,
            "brand_name": ((full.get("brand_dto") or {}).get("title") or item.get("brand") or "")[:120],
            "category": category,
            "condition": _by_vinted_id(Condition, full.get("status_id")),
            "size": size if (size is not None and category is not None) else None,
            "package_size": _by_vinted_id(PackageSize, full.get("package_size_id")),
            "status": Product.Status.LISTED,
        }
        photo_rows = sorted(full.get("photos") or item.get("photos") or [], key=lambda p: p.get("image_no") or 0)
        urls = [p.get("full_size_url") or p.get("url") for p in photo_rows]
        try:
            product = catalog_services.create_product(connection.tenant, data, photos=_download(urls, site))
        except catalog_services.QuotaExceeded:
            refused = len(items) - index
            break
        except (ValidationError, catalog_services.PhotoRejected):
            try:
                data["size"] = None
                product = catalog_services.create_product(connection.tenant, data)
            except (ValidationError, catalog_services.QuotaExceeded):
                continue
        # The product as imported is what the listing shows: later edits in Stoflow are compared with it.
        Listing.objects.create(
            product=product,
            account=run.job.account,
            item_id=item["id"],
            url=domains.listing_url(run.job.account.domain, item["id"]),
            status=_status_of(item),
            price=data["price"],
            published_at=None,
            last_synced_at=timezone.now(),
            views=int(item.get("view_count") or 0),
            favourites=int(item.get("favourite_count") or 0),
            is_reserved=bool(item.get("is_reserved")),
            sent=mapping.comparable_now(product, run.job.account) or {},
            sent_at=timezone.now(),
        )
        imported += 1
    run.remote["imported"] = run.remote.get("imported", 0) + imported
    if refused:
        run.remote["not_imported"] = refused
        run.final_message = gettext_noop(
            "Some Vinted listings were not imported: your plan's product limit is reached."
        )
    elif imported:
        run.final_message = gettext_noop("Vinted listings new to Stoflow were imported as products.")
