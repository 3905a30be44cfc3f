"""Is a live listing out of date? What its last create or edit sent, against what would be sent now.

Reads only: the item body is mapped without a client (no brand lookup on Vinted), so brands are
compared by name, ignoring case and accents.
"""

from django.utils.translation import gettext_lazy as _

from .. import mapping
from ..jobs.models import Listing

LIVE = (Listing.Status.PUBLISHED, Listing.Status.HIDDEN)
# Item body keys and the field the seller knows them by, in the product form's order.
FIELDS = (
    (("title",), _("Title")),
    (("description",), _("Description")),
    (("price",), _("Price")),
    (("brand",), _("Brand")),
    (("catalog_id",), _("Category")),
    (("size_id",), _("Size")),
    (("status_id",), _("Condition")),
    (("color_ids",), _("Colours")),
    (("materials",), _("Materials")),
    (("package_size_id",), _("Package size")),
    (("is_unisex",), _("Unisex")),
    (("measurement_length", "measurement_width"), _("Measurements")),
)


def _normalised(body: dict) -> dict:
    values = dict(body)
    values["brand"] = mapping._normal(values.get("brand") or "")
    values["price"] = str(float(values["price"])) if values.get("price") is not None else None
    values["materials"] = next(
        (a.get("ids") for a in values.get("item_attributes") or [] if a.get("code") == "material"), []
    )
    return values


def differences(listing: Listing | None, product) -> list[str] | None:
    """Labels of the fields that differ, [] when up to date, None when it cannot be told (not
    live, no snapshot, or not mappable)."""
    if listing is None or listing.status not in LIVE or not listing.item_id or not listing.sent:
        return None
    now = mapping.comparable_now(product, listing.account)
    if now is None:
        return None
    sent, now = _normalised(listing.sent), _normalised(now)
    return [str(label) for keys, label in FIELDS if any(sent.get(k) != now.get(k) for k in keys)]


def out_of_date(products, accounts) -> list[dict]:
    """Per account, the listings of `products` that differ from what they were last sent:
    [{"account", "items": [{"product", "listing", "fields"}]}], accounts with none left out."""
    by_pk = {product.pk: product for product in products}
    plan = []
    for account in accounts:
        items = []
        for listing in Listing.objects.filter(
            account=account, product_id__in=list(by_pk), status__in=LIVE, item_id__isnull=False
        ).order_by("pk"):
            listing.account = account
            fields = differences(listing, by_pk[listing.product_id])
            if fields:
                items.append({"product": by_pk[listing.product_id], "listing": listing, "fields": fields})
        if items:
            plan.append({"account": account, "items": items})
    return plan
