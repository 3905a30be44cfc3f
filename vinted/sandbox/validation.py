"""Checks a listing body the way Vinted's upload form does (docs/vinted-api.md §4.2, §4.3, §4.6).

Returns Vinted's field names with localized messages, every problem at once, and the cleaned
fields the sandbox stores.
"""

from . import fixtures
from . import tree as trees
from .messages import text

COPIED_FIELDS = (
    "is_unisex",
    "isbn",
    "measurement_length",
    "measurement_width",
    "manufacturer",
    "manufacturer_labelling",
    "video_game_rating_id",
    "ai_photo",
    "temp_uuid",
    "shipment_prices",
    "model_metadata",
)


def _known(value, table) -> bool:
    """An id (a real int, not a bool or anything unhashable) present in the table."""
    return isinstance(value, int) and not isinstance(value, bool) and value in table


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _attribute(item: dict, code: str) -> list:
    attributes = item.get("item_attributes")
    for attribute in attributes if isinstance(attributes, list) else []:
        if isinstance(attribute, dict) and attribute.get("code") == code:
            ids = attribute.get("ids")
            return ids if isinstance(ids, list) and ids else []
    return []


def _mostly_capitals(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def validate_item(item, *, site, seller_id: int, state, locale: str, draft: bool = False):
    """(errors, cleaned). A draft is only checked for what it carries, never for what it lacks."""
    if not isinstance(item, dict):
        return [{"field": "root", "value": text("item_missing", locale)}], {}
    problems: dict[str, str] = {}

    def problem(field, key, **params):
        problems.setdefault(field, text(key, locale, **params))

    def present(key):
        return item.get(key) not in (None, "", [])

    title = item.get("title")
    if not isinstance(title, str) or not title.strip():
        if not draft or present("title"):
            problem("title", "title_missing")
    elif len(title) > 100:
        problem("title", "title_long")
    elif _mostly_capitals(title):
        problem("title", "title_caps")

    description = item.get("description")
    if not isinstance(description, str) or not description.strip():
        if not draft or present("description"):
            problem("description", "description_missing")
    elif len(description) > 2000:
        problem("description", "description_long")

    tree = trees.current(state)
    catalog_id = item.get("catalog_id")
    leaf = _known(catalog_id, tree.nodes) and tree.is_leaf(catalog_id)
    if not leaf and (not draft or present("catalog_id")):
        problem("category", "category")

    price = _number(item.get("price"))
    if price is None or price <= 0:
        if not draft or present("price"):
            problem("price", "price")
    elif not site.min_price <= price <= site.max_price:
        problem("price", "price_range", min=site.min_price, max=site.max_price, currency=site.currency)
    if item.get("currency") != site.currency and (not draft or present("currency")):
        problem("currency", "currency", currency=site.currency)

    photos = item.get("assigned_photos")
    photo_ids = []
    if isinstance(photos, list):
        photo_ids = [p.get("id") if isinstance(p, dict) else p for p in photos]
    if not photo_ids:
        if not draft:
            problem("photos", "photos")
    elif len(photo_ids) > 20:
        problem("photos", "photos_many")
    else:
        with state.lock:
            foreign = [
                pid
                for pid in photo_ids
                if not isinstance(pid, int) or state.photos.get(pid, {}).get("seller_id") != seller_id
            ]
        if foreign:
            problem("photos", "photos_foreign")

    # Strict mode: the flat status_id / size_id must be there, not only the attributes (§4.3).
    strict = state.config["strict"]
    status_id = item.get("status_id")
    condition_attr = _attribute(item, "condition")
    if status_id is None and condition_attr and not strict:
        status_id = condition_attr[0]
    if status_id is None:
        if not draft or condition_attr:
            problem("condition", "condition")
    elif (
        not leaf
        or not _known(status_id, tree.allowed_condition_ids(catalog_id))
        or (condition_attr and condition_attr[0] != status_id)
    ):
        if leaf or not draft:
            problem("condition", "condition")

    size_id = item.get("size_id")
    size_attr = _attribute(item, "size")
    if size_id is None and size_attr and not strict:
        size_id = size_attr[0]
    if leaf and tree.size_group_ids(catalog_id):
        if size_id is None:
            if not draft or size_attr:
                problem("size", "size")
        elif not _known(size_id, tree.size_ids(catalog_id)) or (size_attr and size_attr[0] != size_id):
            problem("size", "size")

    package_size_id = item.get("package_size_id")
    if package_size_id is None:
        if not draft:
            problem("package_size", "package_size")
    elif not leaf or not _known(package_size_id, tree.package_size_ids(catalog_id)):
        problem("package_size", "package_size")

    brand_id, brand = item.get("brand_id"), item.get("brand")
    if brand_id is not None and not _known(brand_id, trees.BRANDS):
        problem("brand", "brand")
    elif (
        leaf
        and tree.needs_brand_and_color(catalog_id)
        and brand_id is None
        and not (isinstance(brand, str) and brand.strip())
        and not draft
    ):
        problem("brand", "brand")

    color_ids = item.get("color_ids") or []
    if not isinstance(color_ids, list) or not all(_known(c, fixtures.COLORS) for c in color_ids):
        problem("color", "color")
    elif len(color_ids) > 2:
        problem("color", "color_many")
    elif leaf and tree.needs_brand_and_color(catalog_id) and not color_ids and not draft:
        problem("color", "color")

    materials = _attribute(item, "material")
    if len(materials) > 3 or not all(_known(m, fixtures.MATERIALS) for m in materials):
        problem("material", "material")
    elif leaf and tree.material_required(catalog_id) and not materials and not draft:
        problem("material", "material")

    errors = [{"field": field, "value": message} for field, message in problems.items()]
    cleaned = {
        "title": title,
        "description": description,
        "catalog_id": catalog_id,
        "price": price,
        "currency": site.currency,
        "photo_ids": photo_ids,
        "status_id": status_id,
        "size_id": size_id if leaf and tree.size_group_ids(catalog_id) else None,
        "package_size_id": package_size_id,
        "brand_id": brand_id,
        "brand": brand if isinstance(brand, str) else None,
        "color_ids": list(color_ids)[:2] if isinstance(color_ids, list) else [],
        "item_attributes": [a for a in item.get("item_attributes") if isinstance(a, dict)]
        if isinstance(item.get("item_attributes"), list)
        else [],
        **{key: item.get(key) for key in COPIED_FIELDS},
    }
    return errors, cleaned


def asks_for_bump(body) -> bool:
    """True when `push_up: true` appears anywhere in the request body (§6.6)."""
    if isinstance(body, dict):
        return body.get("push_up") is True or any(asks_for_bump(v) for v in body.values())
    if isinstance(body, list):
        return any(asks_for_bump(v) for v in body)
    return False
