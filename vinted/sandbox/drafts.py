"""Drafts and their completion (docs/vinted-api.md §5)."""

import time

from . import errors
from .items import checked_fields, new_item, own_item, protected
from .shapes import editor_json
from .web import ok


def _draft_body(request):
    body = request.json()
    return body, (body.get("draft") if isinstance(body, dict) else None)


def _own_draft(request, state, draft_id):
    item, error = own_item(request, state, draft_id)
    if error:
        return None, error
    if not item["is_draft"]:
        return None, errors.not_found(request.locale)
    return item, None


def create(request, state, **_):
    """POST /api/v2/item_upload/drafts: only what the draft carries is checked."""
    body, draft = _draft_body(request)
    cleaned, error = checked_fields(request, state, body, draft, draft=True)
    if error:
        return error
    item = new_item(state, request, cleaned, draft=True)
    return ok({"draft": editor_json(item, state, request.base_url, request.locale)})


def update(request, state, draft_id, **_):
    """PUT /api/v2/item_upload/drafts/{id}."""
    item, error = _own_draft(request, state, draft_id)
    if error:
        return error
    body, draft = _draft_body(request)
    cleaned, error = checked_fields(request, state, body, draft, draft=True)
    if error:
        return error
    with state.lock:
        item.update(cleaned, updated_at=time.time())
        state.save()
    return ok({"draft": editor_json(item, state, request.base_url, request.locale)})


def delete(request, state, draft_id, **_):
    """DELETE /api/v2/item_upload/drafts/{id}."""
    item, error = _own_draft(request, state, draft_id)
    if error:
        return error
    with state.lock:
        state.items.pop(item["id"], None)
        state.save()
    return ok()


def complete(request, state, draft_id, **_):
    """POST /api/v2/item_upload/drafts/{id}/completion: full validation, then published."""
    item, error = _own_draft(request, state, draft_id)
    if error:
        return error
    body, draft = _draft_body(request)
    cleaned, error = checked_fields(request, state, body, draft)
    if error:
        return error
    with state.lock:
        item.update(cleaned, is_draft=False, updated_at=time.time())
        state.save()
    return protected(ok({"item": editor_json(item, state, request.base_url, request.locale)}))
