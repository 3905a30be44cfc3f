"""Own listings: create, read, edit, delete, hide (docs/vinted-api.md §4, §6.1–6.3)."""

import time

from . import errors
from .messages import text
from .shapes import editor_json
from .validation import asks_for_bump, validate_item
from .web import ok


def protected(response):
    """Vinted marks successful creates, edits and deletes with this DataDome header."""
    return response.header("x-datadome", "protected")


def reject_bump(locale: str):
    return errors.validation(
        [{"field": "push_up", "value": text("push_up", locale)}], locale, message_code="paid_feature_not_allowed"
    )


def checked_fields(request, state, body, fields, *, draft: bool = False):
    """What every listing write checks: no paid bump, then the upload form's validation.
    Returns (cleaned fields, None) or (None, the error response)."""
    if asks_for_bump(body):
        return None, reject_bump(request.locale)
    problems, cleaned = validate_item(
        fields, site=request.site, seller_id=request.seller_id, state=state, locale=request.locale, draft=draft
    )
    if problems:
        return None, errors.validation(problems, request.locale)
    return cleaned, None


def new_item(state, request, cleaned: dict, *, draft: bool) -> dict:
    now = time.time()
    item = {
        **cleaned,
        "id": state.next_id("item"),
        "seller_id": request.seller_id,
        "site": request.site.code,
        "is_draft": draft,
        "is_hidden": False,
        "is_closed": False,
        "is_reserved": False,
        "closing_action": None,
        "view_count": 0,
        "favourite_count": 0,
        "created_at": now,
        "updated_at": now,
    }
    with state.lock:
        state.items[item["id"]] = item
        state.save()
    return item


def own_item(request, state, item_id: str, *, editable: bool = True):
    """(item, None) or (None, the error Vinted gives): 404 unknown, 403 someone else's,
    404 or 403 (configurable) for a sold or closed listing."""
    item = state.items.get(int(item_id)) if item_id.isdigit() else None
    if item is None or item["site"] != request.site.code:
        return None, errors.not_found(request.locale)
    if item["seller_id"] != request.seller_id:
        return None, errors.access_denied(request.locale)
    if editable and item["is_closed"]:
        if int(state.config["sold_item_status"]) == 403:
            return None, errors.access_denied(request.locale)
        return None, errors.not_found(request.locale)
    return item, None


def create(request, state, **_):
    """POST /api/v2/item_upload/items."""
    body = request.json()
    cleaned, error = checked_fields(request, state, body, body.get("item") if isinstance(body, dict) else None)
    if error:
        return error
    item = new_item(state, request, cleaned, draft=False)
    return protected(ok({"item": editor_json(item, state, request.base_url, request.locale)}))


def read(request, state, item_id, **_):
    """GET /api/v2/item_upload/items/{id}: the editor shape, owner only."""
    item, error = own_item(request, state, item_id)
    if error:
        return error
    return ok({"item": editor_json(item, state, request.base_url, request.locale), "parcel": None})


def update(request, state, item_id, **_):
    """PUT /api/v2/item_upload/items/{id}: the full item, assigned_photos included."""
    item, error = own_item(request, state, item_id)
    if error:
        return error
    body = request.json()
    cleaned, error = checked_fields(request, state, body, body.get("item") if isinstance(body, dict) else None)
    if error:
        return error
    with state.lock:
        previous_uuid = item.get("temp_uuid")  # an edit may send temp_uuid "" (§6.2)
        item.update(cleaned, updated_at=time.time())
        item["temp_uuid"] = cleaned.get("temp_uuid") or previous_uuid
        state.save()
    return protected(ok({"item": editor_json(item, state, request.base_url, request.locale)}))


def delete(request, state, item_id, **_):
    """POST /api/v2/items/{id}/delete, DELETE /api/v2/items/{id} and DELETE …/delete."""
    item, error = own_item(request, state, item_id)
    if error:
        return error
    with state.lock:
        state.items.pop(item["id"], None)
        state.save()
    return protected(ok())


def hide(request, state, item_id, **_):
    """PUT /api/v2/items/{id}/is_hidden with {"is_hidden": true|false}."""
    item, error = own_item(request, state, item_id)
    if error:
        return error
    body = request.json()
    hidden = body.get("is_hidden") if isinstance(body, dict) else None
    if not isinstance(hidden, bool):
        return errors.validation(
            [{"field": "is_hidden", "value": text("field_invalid", request.locale)}], request.locale
        )
    with state.lock:
        item["is_hidden"] = hidden
        state.save()
    return protected(ok())


def old_public_json(request, state, **_):
    """GET /api/v2/items/{id}: retired by Vinted; answers a 404 HTML page."""
    return errors.not_found_html()
