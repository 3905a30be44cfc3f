"""How a stored listing reads back: the editor shape (§6.1) and the wardrobe shape (§6.4)."""

import re
import unicodedata

from . import fixtures
from . import tree as trees
from .messages import label
from .photos import photo_json


def slug(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "item"


def item_path(item: dict) -> str:
    return f"/items/{item['id']}-{slug(item['title'])}"


def item_url(item: dict, base_url: str) -> str:
    return f"{base_url}/{item['site']}{item_path(item)}"


def money(item: dict) -> dict:
    amount = item["price"] if item["price"] is not None else 0
    return {
        "amount": f"{amount:.1f}" if amount == round(amount, 1) else f"{amount:.2f}",
        "currency_code": item["currency"],
    }


def _photos(item: dict, state, base_url: str) -> list[dict]:
    found = []
    for number, photo_id in enumerate(item["photo_ids"], start=1):
        photo = state.photos.get(photo_id)
        if photo:
            found.append({**photo_json(photo, base_url), "image_no": number})
    return found


def _colors(item: dict, locale: str) -> dict:
    shape = {}
    for n in (1, 2):
        color_id = item["color_ids"][n - 1] if len(item["color_ids"]) >= n else None
        shape[f"color{n}_id"] = color_id
        shape[f"color{n}"] = label(fixtures.COLORS[color_id][1:3], locale) if color_id else None
    return shape


def _condition(item: dict, locale: str) -> str | None:
    row = fixtures.CONDITIONS.get(item["status_id"])
    return label(row[1:], locale) if row else None


def editor_json(item: dict, state, base_url: str, locale: str) -> dict:
    brand = trees.BRANDS.get(item["brand_id"]) or item["brand"]
    return {
        "id": item["id"],
        "title": item["title"],
        "description": item["description"],
        "price": money(item),
        "currency": item["currency"],
        "catalog_id": item["catalog_id"],
        "brand_id": item["brand_id"],
        "brand": brand,
        "brand_dto": {"id": item["brand_id"], "title": brand, "slug": slug(brand or "")} if brand else None,
        "size_id": item["size_id"],
        "size": fixtures.size_title(item["size_id"]) if item["size_id"] else None,
        "status_id": item["status_id"],
        "status": _condition(item, locale),
        **_colors(item, locale),
        "package_size_id": item["package_size_id"],
        "shipment_prices": item.get("shipment_prices") or {"domestic": None, "international": None},
        "item_attributes": item["item_attributes"],
        "photos": _photos(item, state, base_url),
        "isbn": item.get("isbn"),
        "measurement_length": item.get("measurement_length"),
        "measurement_width": item.get("measurement_width"),
        "measurement_unit": None,
        "is_unisex": bool(item.get("is_unisex")),
        "is_draft": item["is_draft"],
        "manufacturer": item.get("manufacturer"),
        "manufacturer_labelling": item.get("manufacturer_labelling"),
        "url": item_url(item, base_url),
        "path": item_path(item),
    }


def wardrobe_json(item: dict, state, base_url: str, locale: str) -> dict:
    visible = not (item["is_draft"] or item["is_hidden"] or item["is_closed"])
    return {
        "id": item["id"],
        "title": item["title"],
        "price": money(item),
        "url": item_url(item, base_url),
        "path": item_path(item),
        "photos": _photos(item, state, base_url),
        "brand": trees.BRANDS.get(item["brand_id"]) or item["brand"],
        "size": fixtures.size_title(item["size_id"]) if item["size_id"] else "",
        "status": _condition(item, locale),
        "favourite_count": item["favourite_count"],
        "view_count": item["view_count"],
        "is_draft": item["is_draft"],
        "is_closed": item["is_closed"],
        "is_reserved": item["is_reserved"],
        "is_hidden": item["is_hidden"],
        "is_processing": False,
        "is_visible": visible,
        "item_closing_action": item["closing_action"],
        "can_edit": not item["is_closed"],
    }
