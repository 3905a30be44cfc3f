"""Vinted endpoints the publisher uses (docs/vinted-api.md §2.5, §3-§7), each returning an Outcome."""

import json
import uuid
from typing import Any

from django.core.cache import caches

from .base import BaseClient
from .outcomes import Kind, Outcome

SIZE_GROUPS = {"X-Enable-Multiple-Size-Groups": "true"}
LOOKUP_CACHE_SECONDS = 24 * 3600
MAX_WARDROBE_PAGES = 100


def new_upload_session() -> str:
    """One UUID v4 per listing, for every photo, item.temp_uuid and upload_session_id (§3)."""
    return str(uuid.uuid4())


def _item_id(value: int | str) -> int:
    item_id = int(value)
    if item_id <= 0:
        raise ValueError("Vinted item ids are positive")
    return item_id


def _write_body(item: dict[str, Any], upload_session_id: str, item_id: int | None) -> dict[str, Any]:
    body_item = {key: value for key, value in item.items() if key != "push_up"}
    body_item["id"] = item_id
    body_item["temp_uuid"] = upload_session_id
    # push_up true opens a paid bump checkout: never, whatever the caller passed.
    return {
        "item": body_item,
        "feedback_id": None,
        "push_up": False,
        "parcel": None,
        "upload_session_id": upload_session_id,
    }


class VintedClient(BaseClient):
    # -- identity ------------------------------------------------------------------
    def who_am_i(self) -> Outcome:
        outcome = self._read_unreported("/api/v2/users/current")
        if outcome.kind in (Kind.REJECTED, Kind.CSRF_REFRESH) and outcome.status == 403:
            outcome.kind = Kind.SESSION_EXPIRED  # signed out is 401 mostly, 403 once (§2.5)
        if outcome.ok:
            user = (outcome.data or {}).get("user") or {}
            if not isinstance(user.get("id"), int):
                outcome = Outcome(Kind.REJECTED, status=outcome.status, message="no user in the answer")
            else:
                outcome.data = {"id": user["id"], "login": str(user.get("login", ""))[:150]}
        return self._finish(outcome)

    # -- photos and listings -----------------------------------------------------------
    def upload_photo(
        self, content: bytes, *, upload_session_id: str, filename: str = "photo.jpg", content_type: str = "image/jpeg"
    ) -> Outcome:
        outcome = self._write(
            "POST",
            "/api/v2/photos",
            data={"photo[type]": "item", "photo[temp_uuid]": upload_session_id},
            files={"photo[file]": (filename, content, content_type)},
        )
        if outcome.ok:
            photo = outcome.data.get("photo", outcome.data) if isinstance(outcome.data, dict) else {}
            if not isinstance(photo.get("id"), int):
                return Outcome(Kind.AMBIGUOUS, status=outcome.status, message="photo answer without an id")
            outcome.data = photo
        return outcome

    def create_item(self, item: dict[str, Any], *, upload_session_id: str) -> Outcome:
        outcome = self._write(
            "POST",
            "/api/v2/item_upload/items",
            json=_write_body(item, upload_session_id, None),
            headers={"X-Upload-Form": "true", **SIZE_GROUPS},
        )
        return self._item_answer(outcome)

    def get_item(self, item_id: int) -> Outcome:
        return self._item_answer(self._read(f"/api/v2/item_upload/items/{_item_id(item_id)}", headers=SIZE_GROUPS))

    def edit_item(self, item_id: int, item: dict[str, Any], *, upload_session_id: str = "") -> Outcome:
        item_id = _item_id(item_id)
        outcome = self._write(
            "PUT",
            f"/api/v2/item_upload/items/{item_id}",
            json=_write_body(item, upload_session_id, item_id),
            headers=SIZE_GROUPS,
            referer=f"/items/{item_id}/edit",
        )
        return self._item_answer(outcome)

    def delete_item(self, item_id: int) -> Outcome:
        return self._write("POST", f"/api/v2/items/{_item_id(item_id)}/delete")

    def hide_item(self, item_id: int, hidden: bool = True) -> Outcome:
        return self._write("PUT", f"/api/v2/items/{_item_id(item_id)}/is_hidden", json={"is_hidden": bool(hidden)})

    @staticmethod
    def _item_answer(outcome: Outcome) -> Outcome:
        if outcome.ok:
            item = (outcome.data or {}).get("item") if isinstance(outcome.data, dict) else None
            if not isinstance(item, dict) or not isinstance(item.get("id"), int):
                # 200 without an item id: Vinted may or may not have acted. Reconcile, never resubmit.
                return Outcome(Kind.AMBIGUOUS, status=outcome.status, message="answer without item.id")
            outcome.data = item
        return outcome

    # -- wardrobe ----------------------------------------------------------------------------
    def wardrobe_page(self, user_id: int, page: int = 1, per_page: int = 96, order: str = "newest_first") -> Outcome:
        if order not in ("newest_first", "relevance"):
            raise ValueError(order)
        return self._read(
            f"/api/v2/wardrobe/{_item_id(user_id)}/items",
            params={"page": int(page), "per_page": max(20, min(100, int(per_page))), "order": order},
        )

    def wardrobe(self, user_id: int, per_page: int = 96, order: str = "newest_first") -> Outcome:
        """Every item of the wardrobe, paging until the last page or a short one."""
        items: list[dict[str, Any]] = []
        for page in range(1, MAX_WARDROBE_PAGES + 1):
            outcome = self.wardrobe_page(user_id, page, per_page, order)
            if not outcome.ok:
                return outcome
            chunk = outcome.data.get("items") or []
            items.extend(chunk)
            pagination = outcome.data.get("pagination") or {}
            if len(chunk) < pagination.get("per_page", per_page) or pagination.get(
                "current_page", page
            ) >= pagination.get("total_pages", page):
                break
        return Outcome(Kind.OK, status=200, data=items)

    # -- lookups (§7), cached per site for a day -------------------------------------------------
    # `fresh=True` (the reference-data refresh) sends the request even when an answer is cached, and
    # caches the new one; `locale` asks for labels in another language than the session's.
    def _lookup(
        self,
        path: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        missing_means_empty: dict[str, Any] | None = None,
        *,
        fresh: bool = False,
        locale: str = "",
        body: dict[str, Any] | None = None,
    ) -> Outcome:
        cache = caches["shared"]
        locale = locale or self.session.locale
        query = "&".join(f"{k}={v}" for k, v in sorted((params or {}).items()))
        payload = json.dumps(body, sort_keys=True) if body is not None else ""
        key = f"vinted:lookup:{self.site.key}:{locale}:{path}:{query}:{payload}"
        cached = None if fresh else cache.get(key)
        if cached is not None:
            return Outcome(Kind.OK, status=200, data=cached, sent=False)
        headers = {**(headers or {}), **({"Accept-Language": locale, "Locale": locale} if locale else {})}
        if body is None:
            outcome = self._read(path, params=params, headers=headers)
        else:
            # A POST that only reads (the attributes lookup): the CSRF header, no budget slot (§10.1).
            csrf = self.ensure_csrf()
            if not csrf.ok:
                return csrf
            outcome = self._finish(self._send("POST", path, write=False, json=body, headers=headers))
        if outcome.kind is Kind.NOT_FOUND and missing_means_empty is not None:
            outcome = Outcome(Kind.OK, status=404, data=missing_means_empty)
        if outcome.ok:
            cache.set(key, outcome.data, LOOKUP_CACHE_SECONDS)
        return outcome

    def configuration(self) -> Outcome:
        return self._lookup("/api/v2/items/configuration")

    def catalogs(self, *, fresh: bool = False, locale: str = "") -> Outcome:
        return self._lookup("/api/v2/item_upload/catalogs", fresh=fresh, locale=locale)

    def brands(self, category_id: int, keyword: str, *, fresh: bool = False) -> Outcome:
        return self._lookup(
            "/api/v2/item_upload/brands", {"category_id": _item_id(category_id), "keyword": keyword[:100]}, fresh=fresh
        )

    def colors(self, *, fresh: bool = False, locale: str = "") -> Outcome:
        return self._lookup("/api/v2/item_upload/colors", fresh=fresh, locale=locale)

    def conditions(self, catalog_id: int, *, fresh: bool = False, locale: str = "") -> Outcome:
        return self._lookup(
            "/api/v2/item_upload/conditions", {"catalog_id": _item_id(catalog_id)}, fresh=fresh, locale=locale
        )

    def size_groups(self, catalog_id: int, *, fresh: bool = False) -> Outcome:
        # Size-less leaves answer 404 or an empty list: both mean "no size" (§7).
        return self._lookup(
            "/api/v2/size_groups",
            {"catalog_ids": _item_id(catalog_id)},
            SIZE_GROUPS,
            missing_means_empty={"size_groups": []},
            fresh=fresh,
        )

    def package_sizes(self, catalog_id: int, *, fresh: bool = False, locale: str = "") -> Outcome:
        return self._lookup(f"/api/v2/catalogs/{_item_id(catalog_id)}/package_sizes", fresh=fresh, locale=locale)

    def attributes(self, catalog_id: int, *, fresh: bool = False) -> Outcome:
        """What the upload form asks for this leaf: codes, required flags, options (§7)."""
        return self._lookup(
            "/api/v2/item_upload/attributes",
            fresh=fresh,
            body={"attributes": [{"code": "category", "value": [_item_id(catalog_id)]}]},
        )
