"""A catalog product as a Vinted item body (docs/vinted-api.md §4.2-§4.4), through the taxonomy's ids.

Run `preflight()` first: mapping assumes a publishable product.
"""

import unicodedata
from decimal import Decimal, InvalidOperation

from catalog.models import Product
from catalog.taxonomy.selectors import external_id

from . import domains, pricing
from .client import VintedClient
from .models import VintedAccount
from .reference import selectors as reference

NO_BRAND_ID = 1  # Vinted's "no brand"


class MappingError(ValueError):
    """The product cannot be mapped; `field` names the Vinted field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return "".join(c for c in folded if c.isalnum())


def resolve_brand(
    product: Product, catalog_id: int, client: VintedClient | None, site_key: str = ""
) -> tuple[int | None, str]:
    """(brand_id, brand title): the taxonomy's id, else the site's stored brands, else Vinted's brands
    lookup by name (docs/vinted-api.md §4.2 and §7), else free text where the site allows it."""
    if product.brand is not None and external_id(product.brand) is not None:
        return external_id(product.brand), product.brand.name_en
    name = (product.brand_name or "").strip()
    if not name:
        return NO_BRAND_ID, ""
    stored = reference.brand_by_name(site_key, name) if site_key else None
    if stored is not None:
        return stored
    if client is not None:
        outcome = client.brands(catalog_id, name)
        if outcome.ok:
            for brand in outcome.data.get("brands") or []:
                if _normal(brand.get("title", "")) == _normal(name) and isinstance(brand.get("id"), int):
                    return brand["id"], brand["title"]
            if outcome.data.get("disable_custom_brands"):
                raise MappingError("brand", name)
    return None, name  # free text; Vinted accepts it where custom brands are allowed


def vinted_price(product: Product) -> Decimal:
    return pricing.apply(pricing.rule_for_shop(), product.price)


def price_of(value) -> Decimal | None:
    """A price as Vinted gives it (a money object {"amount": "12.5", ...}, a string or a number),
    to the cent; None when it is not one."""
    if isinstance(value, dict):
        value = value.get("amount")
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _number(price: Decimal):
    # A bare number, not a money object (§4.2): 12 or 25.5.
    return int(price) if price == price.to_integral_value() else float(price)


# Item body keys that never reflect a product edit: photos (sent by id), the brand's Vinted id
# (looked up by name when sending), and constants.
_NOT_COMPARED = (
    "assigned_photos",
    "brand_id",
    "currency",
    "shipment_prices",
    "isbn",
    "ai_photo",
    "manufacturer",
    "manufacturer_labelling",
)


def comparable(item: dict) -> dict:
    """The part of an item body that a product edit changes, JSON-ready: what a listing's
    snapshot keeps, and what is compared with what would be sent now."""
    return {key: value for key, value in item.items() if key not in _NOT_COMPARED}


def comparable_now(product: Product, account: VintedAccount) -> dict | None:
    """What an update would send now (mapped without a client: no brand lookup on Vinted), or
    None when the product cannot be mapped (pre-flight says why)."""
    try:
        return comparable(to_vinted_item(product, account, photo_ids=[], client=None))
    except (MappingError, domains.DomainNotAllowed, AttributeError, TypeError, ValueError):
        return None


def to_vinted_item(
    product: Product, account: VintedAccount, *, photo_ids: list[int], client: VintedClient | None = None
) -> dict:
    site = domains.site_for(account.domain)
    catalog_id = external_id(product.category)
    size_id = external_id(product.size) if product.size_id and product.category.size_groups.exists() else None
    status_id = external_id(product.condition)
    brand_id, brand = resolve_brand(product, catalog_id, client, account.domain)
    colour_ids = [external_id(c) for c in product.colours.order_by("position", "pk")][:2]
    material_ids = [external_id(m) for m in product.materials.order_by("position", "pk")][:3]
    attributes = []
    if size_id is not None:
        attributes.append({"code": "size", "ids": [size_id]})
    attributes.append({"code": "condition", "ids": [status_id]})
    if material_ids:
        attributes.append({"code": "material", "ids": material_ids})
    return {
        "currency": site.currency,
        "title": product.title.strip(),
        "description": product.description.strip(),
        "brand_id": brand_id,
        "brand": brand,
        "catalog_id": catalog_id,
        # Size and condition go out twice: flat and in item_attributes (§4.3).
        "size_id": size_id,
        "status_id": status_id,
        "item_attributes": attributes,
        "color_ids": colour_ids,
        "price": _number(vinted_price(product)),
        "package_size_id": external_id(product.package_size),
        "shipment_prices": {"domestic": None, "international": None},
        "assigned_photos": [{"id": pid, "orientation": 0} for pid in photo_ids],
        "is_unisex": bool(product.is_unisex),
        "isbn": None,
        "ai_photo": False,
        "measurement_length": product.length_cm,
        "measurement_width": product.width_cm,
        "manufacturer": None,
        "manufacturer_labelling": None,
    }
