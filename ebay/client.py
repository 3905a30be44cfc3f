"""The eBay Sell APIs as Stoflow calls them, with typed outcomes (ebay-api §4.6, §8).

Every answer, or its absence, becomes one Outcome. Writes are never resent here: a write whose answer
is lost (timeout or reset after sending, a 5xx) is AMBIGUOUS and the caller reconciles by reading
(ebay-api §4.7, §9.2 step 7). A 401 refreshes the access token once and retries once.
"""

import enum
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests
from django.views.decorators.debug import sensitive_variables

from . import budget, config, oauth, tokens
from .models import EbayAccount

log = logging.getLogger(__name__)
TIMEOUT = (5, 30)
INV = "/sell/inventory/v1"


class Kind(enum.StrEnum):
    OK = "ok"
    VALIDATION = "validation"  # a 4xx REQUEST/BUSINESS error: final for this attempt, show errorId
    DUPLICATE_OFFER = "duplicate_offer"  # createOffer 25002 "already exists": data["offerId"] to reuse
    NOT_FOUND = "not_found"  # 404, 25710, 25713
    ALREADY_EXISTS = "already_exists"  # 409 25803 (location, opt-in): done before
    RATE_LIMITED = "rate_limited"  # 429 / 2001: wait, never loop
    TRANSIENT = "transient"  # nothing happened on eBay's side (a read failed, or nothing was sent)
    AMBIGUOUS = "ambiguous"  # a write was sent and no clear answer came back: read to reconcile
    FORBIDDEN = "forbidden"  # 403 / 1100: the consent lacks a scope
    RECONNECT_NEEDED = "reconnect_needed"  # the refresh token is refused: the seller must consent again


@dataclass
class Outcome:
    kind: Kind
    status: int | None = None
    data: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    retry_at: Any = None  # when our limiter refused: the moment a slot frees (nothing was sent)
    sent: bool = True

    @property
    def ok(self) -> bool:
        return self.kind is Kind.OK

    @property
    def error_id(self) -> int | None:
        return self.errors[0].get("errorId") if self.errors else None

    def __repr__(self) -> str:
        return f"<Outcome {self.kind.value} status={self.status} errorId={self.error_id}>"


NOT_FOUND_IDS = {25710, 25713, 25805}
RETRYABLE_IDS = {25001, 25025}


def classify(status: int, body: Any, *, write: bool) -> Outcome:
    body = body if isinstance(body, dict) else {}
    errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
    warnings = [w for w in body.get("warnings") or [] if isinstance(w, dict)]
    ids = {e.get("errorId") for e in errors}
    if 200 <= status < 300:
        return Outcome(Kind.OK, status, body, warnings=warnings)
    if status == 429 or 2001 in ids:
        return Outcome(Kind.RATE_LIMITED, status, body, errors)
    if status >= 500 or ids & RETRYABLE_IDS:
        return Outcome(Kind.AMBIGUOUS if write else Kind.TRANSIENT, status, body, errors)
    if status == 403:
        return Outcome(Kind.FORBIDDEN, status, body, errors)
    if status == 404 or ids & NOT_FOUND_IDS:
        return Outcome(Kind.NOT_FOUND, status, body, errors)
    if status == 409 or 25803 in ids:
        return Outcome(Kind.ALREADY_EXISTS, status, body, errors)
    if 25002 in ids:
        offer_id = next(
            (
                p.get("value")
                for e in errors
                for p in e.get("parameters") or []
                if isinstance(p, dict) and p.get("name") == "offerId"
            ),
            None,
        )
        if offer_id:
            return Outcome(Kind.DUPLICATE_OFFER, status, {"offerId": str(offer_id)}, errors)
    return Outcome(Kind.VALIDATION, status, body, errors)


class EbayClient:
    """One connected account's calls; `account` is an EbayAccount in the current shop."""

    def __init__(self, account: EbayAccount, session: requests.Session | None = None):
        self.account = account
        self.http = session or requests.Session()
        self.endpoints = config.endpoints()

    # Plumbing ----------------------------------------------------------------------------------
    def _call(
        self,
        method: str,
        url: str,
        *,
        json_body: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        language: bool = False,
        write: bool = False,
        retried: bool = False,
    ) -> Outcome:
        # Each request eBay receives counts against the application's day, the 401 retry too.
        api = budget.daily_api_of(url)
        if api:
            decision = budget.reserve_daily(api)
            if not decision.allowed:
                return Outcome(Kind.RATE_LIMITED, retry_at=decision.retry_at, sent=False)
        outcome = self._send(
            method,
            url,
            json_body=json_body,
            files=files,
            params=params,
            language=language,
            write=write,
            retried=retried,
        )
        if api and not outcome.sent:
            budget.release_daily(api)
        return outcome

    @sensitive_variables("access")
    def _send(
        self,
        method: str,
        url: str,
        *,
        json_body: dict[str, Any] | None,
        files: dict[str, Any] | None,
        params: dict[str, Any] | None,
        language: bool,
        write: bool,
        retried: bool,
    ) -> Outcome:
        try:
            access = tokens.access_token(self.account)
        except tokens.ReconnectNeeded:
            return Outcome(Kind.RECONNECT_NEEDED, sent=False)
        except oauth.OAuthError:
            return Outcome(Kind.TRANSIENT, sent=False)
        headers = {"Authorization": f"Bearer {access}", "Accept": "application/json"}
        if language:
            headers["Content-Language"] = self.account.marketplace.content_language
        try:
            answer = self.http.request(
                method, url, json=json_body, files=files, params=params, headers=headers, timeout=TIMEOUT
            )
        except (requests.ConnectTimeout, requests.exceptions.InvalidURL):
            return Outcome(Kind.TRANSIENT, sent=False)  # nothing left the machine
        except requests.ConnectionError as error:
            if _never_connected(error):
                return Outcome(Kind.TRANSIENT, sent=False)
            return Outcome(Kind.AMBIGUOUS if write else Kind.TRANSIENT)
        except requests.RequestException:
            return Outcome(Kind.AMBIGUOUS if write else Kind.TRANSIENT)
        try:
            body = answer.json() if answer.content else {}
        except ValueError:
            body = {}
        if answer.status_code == 401 and not retried:
            # Revoked, expired early, or eBay forgot it: one fresh token, one more try.
            self.account.access_expires_at = None
            return self._call(
                method,
                url,
                json_body=json_body,
                files=files,
                params=params,
                language=language,
                write=write,
                retried=True,
            )
        if answer.status_code == 401:
            return Outcome(Kind.RECONNECT_NEEDED, 401, body, body.get("errors") or [])
        return classify(answer.status_code, body, write=write)

    def _api(self, path: str) -> str:
        return self.endpoints.api + path

    # Account -------------------------------------------------------------------------------------
    def opted_in_programs(self) -> Outcome:
        return self._call("GET", self._api("/sell/account/v1/program/get_opted_in_programs"))

    def opt_in_business_policies(self) -> Outcome:
        return self._call(
            "POST",
            self._api("/sell/account/v1/program/opt_in"),
            json_body={"programType": "SELLING_POLICY_MANAGEMENT"},
            write=True,
        )

    def policies(self, kind: str) -> Outcome:
        """kind: fulfillment, payment or return; the account's marketplace only."""
        return self._call(
            "GET", self._api(f"/sell/account/v1/{kind}_policy"), params={"marketplace_id": self.account.marketplace_id}
        )

    def create_policy(self, kind: str, body: dict[str, Any]) -> Outcome:
        """kind: fulfillment, payment or return; 201 with the policy and its `{kind}PolicyId`."""
        return self._call("POST", self._api(f"/sell/account/v1/{kind}_policy"), json_body=body, write=True)

    # Locations -----------------------------------------------------------------------------------
    def locations(self) -> Outcome:
        return self._call("GET", self._api(f"{INV}/location"), params={"limit": 100})

    def location(self, key: str) -> Outcome:
        return self._call("GET", self._api(f"{INV}/location/{quote(key, safe='')}"))

    def create_location(self, key: str, body: dict[str, Any]) -> Outcome:
        return self._call("POST", self._api(f"{INV}/location/{quote(key, safe='')}"), json_body=body, write=True)

    # Items and offers ------------------------------------------------------------------------------
    def put_inventory_item(self, sku: str, body: dict[str, Any]) -> Outcome:
        return self._call(
            "PUT", self._api(f"{INV}/inventory_item/{quote(sku, safe='')}"), json_body=body, language=True, write=True
        )

    def inventory_item(self, sku: str) -> Outcome:
        return self._call("GET", self._api(f"{INV}/inventory_item/{quote(sku, safe='')}"))

    def offers_for(self, sku: str) -> Outcome:
        return self._call(
            "GET", self._api(f"{INV}/offer"), params={"sku": sku, "marketplace_id": self.account.marketplace_id}
        )

    def offer(self, offer_id: str) -> Outcome:
        return self._call("GET", self._api(f"{INV}/offer/{quote(offer_id, safe='')}"))

    def create_offer(self, body: dict[str, Any]) -> Outcome:
        return self._call("POST", self._api(f"{INV}/offer"), json_body=body, language=True, write=True)

    def update_offer(self, offer_id: str, body: dict[str, Any]) -> Outcome:
        return self._call(
            "PUT", self._api(f"{INV}/offer/{quote(offer_id, safe='')}"), json_body=body, language=True, write=True
        )

    def delete_offer(self, offer_id: str) -> Outcome:
        return self._call("DELETE", self._api(f"{INV}/offer/{quote(offer_id, safe='')}"), write=True)

    def publish_offer(self, offer_id: str) -> Outcome:
        return self._call("POST", self._api(f"{INV}/offer/{quote(offer_id, safe='')}/publish"), write=True)

    def withdraw_offer(self, offer_id: str) -> Outcome:
        return self._call("POST", self._api(f"{INV}/offer/{quote(offer_id, safe='')}/withdraw"), write=True)

    # Taxonomy and metadata (reads; eBay takes a user token as well as an application one) -----------------
    def default_category_tree(self) -> Outcome:
        return self._call(
            "GET",
            self._api("/commerce/taxonomy/v1/get_default_category_tree_id"),
            params={"marketplace_id": self.account.marketplace_id},
        )

    def category_suggestions(self, tree_id: str, q: str) -> Outcome:
        return self._call(
            "GET",
            self._api(f"/commerce/taxonomy/v1/category_tree/{quote(tree_id, safe='')}/get_category_suggestions"),
            params={"q": q},
        )

    def item_aspects(self, tree_id: str, category_id: str) -> Outcome:
        return self._call(
            "GET",
            self._api(f"/commerce/taxonomy/v1/category_tree/{quote(tree_id, safe='')}/get_item_aspects_for_category"),
            params={"category_id": category_id},
        )

    def condition_policies(self, category_id: str) -> Outcome:
        return self._call(
            "GET",
            self._api(f"/sell/metadata/v1/marketplace/{self.account.marketplace_id}/get_item_condition_policies"),
            params={"filter": f"categoryIds:{{{category_id}}}"},
        )

    # Images and orders -------------------------------------------------------------------------------
    def upload_image(self, filename: str, content: bytes, content_type: str) -> Outcome:
        # Retrying an upload only leaves an unused picture on eBay (ebay-api §9.2 step 3): not a write to reconcile.
        decision, attempt_id = budget.reserve_media(self.account.ebay_user_id)
        if not decision.allowed:
            return Outcome(Kind.RATE_LIMITED, retry_at=decision.retry_at, sent=False)
        outcome = self._call(
            "POST",
            self.endpoints.media + "/image/create_image_from_file",
            files={"image": (filename, content, content_type)},
        )
        if not outcome.sent:
            budget.release_media(self.account.ebay_user_id, attempt_id)
        return outcome

    def orders_modified_since(self, since_iso: str, *, limit: int = 200, offset: int = 0) -> Outcome:
        return self._call(
            "GET",
            self._api("/sell/fulfillment/v1/order"),
            params={"filter": f"lastmodifieddate:[{since_iso}..]", "limit": limit, "offset": offset},
        )


def _never_connected(error: requests.ConnectionError) -> bool:
    """True when the connection was refused or never made, so the request cannot have arrived."""
    text = repr(error)
    return "NewConnectionError" in text or "Connection refused" in text or "NameResolutionError" in text
