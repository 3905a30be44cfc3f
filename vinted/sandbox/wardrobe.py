"""The wardrobe list and per-state counts (docs/vinted-api.md §6.4)."""

import math

from . import errors
from .shapes import wardrobe_json
from .web import ok


def _visible_to(item: dict, viewer: int | None) -> bool:
    if item["seller_id"] == viewer:
        return True
    return not (item["is_draft"] or item["is_hidden"] or item["is_closed"])


def _whole(raw, default: int) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return None


def items(request, state, user_id, **_):
    """GET /api/v2/wardrobe/{user_id}/items?page=&per_page=&order=: the owner sees everything,
    anyone else only visible listings."""
    seller = state.sellers.get(int(user_id)) if user_id.isdigit() else None
    if seller is None or seller["site"] != request.site.code:
        return errors.not_found(request.locale)
    page, per_page = _whole(request.query.get("page"), 1), _whole(request.query.get("per_page"), 20)
    if page is None or per_page is None or page < 1 or per_page < 1:
        return errors.validation(
            [{"field": "page", "value": "page and per_page must be positive whole numbers"}], request.locale
        )
    per_page = min(per_page, 100)
    found = [i for i in state.items_of(seller["id"]) if _visible_to(i, request.seller_id)]
    if request.query.get("order") == "price_low_to_high":
        found.sort(key=lambda i: (i["price"] or 0, -i["id"]))
    total = len(found)
    chunk = found[(page - 1) * per_page : page * per_page]
    with state.lock:
        shaped = [wardrobe_json(i, state, request.base_url, request.locale) for i in chunk]
    return ok(
        {
            "items": shaped,
            "pagination": {
                "current_page": page,
                "total_pages": max(1, math.ceil(total / per_page)),
                "total_entries": total,
                "per_page": per_page,
            },
        }
    )


def seller_filters(request, state, **_):
    """GET /api/v2/closet/seller_filters: how many own listings are in each state."""
    mine = state.items_of(request.seller_id)
    active = [i for i in mine if not (i["is_draft"] or i["is_hidden"] or i["is_closed"])]
    counts = [
        ("Active", len(active)),
        ("Hidden", sum(i["is_hidden"] and not i["is_closed"] for i in mine)),
        ("Reserved", sum(i["is_reserved"] for i in mine)),
        ("Sold", sum(i["closing_action"] == "sold" for i in mine)),
        ("Drafts", sum(i["is_draft"] for i in mine)),
    ]
    return ok({"filters": [{"name": name, "code": name.lower(), "count": count} for name, count in counts]})
