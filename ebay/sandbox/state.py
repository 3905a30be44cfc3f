"""Everything the sandbox remembers, behind one lock, with an injectable clock.

Plain dicts and lists, so the whole state (image bytes aside) saves to a JSON file for `make run`.
"""

import json
import secrets
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_CONFIG = {
    "access_lifetime": 7200,  # seconds an access token lives (ebay-api §2.3)
    "refresh_lifetime": 47304000,
    "code_lifetime": 299,
    "publish_published": "same",  # publish on a PUBLISHED offer: "same" listing id, or "error" (25002)
    "relist_listing_id": "new",  # re-publish after withdraw: a "new" listing id or the "same"
    "sold_out_status": "OUT_OF_STOCK",  # listingStatus once the last unit sold: OUT_OF_STOCK or ENDED
    "media_posts_per_5s": 50,  # Media API POSTs per user in any 5 s (ebay-api §5.1)
    "revisions_per_day": 250,  # revisions of one listing per calendar day (ebay-api §4)
    "fee_rate": "0.13",  # totalMarketplaceFee as a share of the order total
}

LOCAL_APP = {
    "client_id": "Stoflow-local-PRD-0000000000-00000000",
    "client_secret": "PRD-local-sandbox-secret",
    "runame": "Stoflow-local-RuName",
    "accept_url": "http://127.0.0.1:8000/ebay/consent/accepted",
    "declined_url": "http://127.0.0.1:8000/ebay/consent/declined",
}


def empty_data() -> dict:
    return {
        "apps": {},
        "sellers": {},
        "codes": {},
        "access": {},
        "refresh": {},
        "policies": {},
        "programs": {},
        "locations": {},
        "items": {},
        "offers": {},
        "images": {},
        "orders": {},
        "faults": [],
        "config": dict(DEFAULT_CONFIG),
        "media_posts": {},
        "revisions": {},
        "counters": {
            "offer": 5000000000,
            "listing": 110000000000,
            "policy": 6230659000,
            "order": 1000,
            "image": 1,
            "fault": 1,
            "notification": 1,
        },
    }


class SandboxState:
    def __init__(self, state_file: str | None = None):
        self.lock = threading.RLock()
        self.path = Path(state_file) if state_file else None
        self.offset = 0.0  # seconds added to the wall clock (tests move time forward)
        self.image_bytes: dict[str, bytes] = {}
        self.requests: list[dict] = []
        self.data = empty_data()
        if self.path and self.path.exists():
            loaded = json.loads(self.path.read_text())
            self.data.update(loaded)
            self.data["config"] = {**DEFAULT_CONFIG, **loaded.get("config", {})}
        self.data["apps"].setdefault(LOCAL_APP["client_id"], dict(LOCAL_APP))

    # Clock ---------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.offset

    def iso(self, at: float | None = None) -> str:
        moment = datetime.fromtimestamp(self.now() if at is None else at, tz=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"

    def next_id(self, counter: str) -> str:
        self.data["counters"][counter] += 1
        return str(self.data["counters"][counter])

    @property
    def config(self) -> dict:
        return self.data["config"]

    # Persistence ------------------------------------------------------------------
    def save(self):
        if self.path:
            with self.lock:
                text = json.dumps(self.data)
            self.path.write_text(text)

    def reset(self):
        with self.lock:
            apps = {k: v for k, v in self.data["apps"].items()}
            self.data = empty_data()
            self.data["apps"] = apps
            self.image_bytes.clear()
            self.requests.clear()
            self.offset = 0.0

    def record(self, entry: dict):
        with self.lock:
            self.requests.append(entry)
            del self.requests[:-2000]

    # Sellers ------------------------------------------------------------------------
    def create_seller(self, username: str, password: str) -> dict:
        with self.lock:
            if username in self.data["sellers"]:
                raise ValueError(f"seller {username!r} exists")
            seller = {
                "username": username,
                "password": password,
                "userId": secrets.token_urlsafe(8),
                "eiasToken": secrets.token_urlsafe(30) + "==",
                "created": self.iso(),
            }
            self.data["sellers"][username] = seller
            for bucket in ("policies", "locations", "items"):
                self.data[bucket][username] = {}
            self.data["programs"][username] = []
            self.data["policies"][username] = {"fulfillment": [], "payment": [], "return": []}
            return seller

    def revoke_consent(self, username: str):
        """The seller revoked Stoflow (account settings, a password change): every token stops working."""
        with self.lock:
            for bucket in ("refresh", "access"):
                for record in self.data[bucket].values():
                    if record.get("username") == username:
                        record["revoked"] = True

    def new_token(self, kind: str) -> str:
        prefix = "v^1.1#i^1#p^3#r^1#I^3#f^0#t^" if kind != "code" else "v^1.1#i^1#I^3#f^0#r^1#p^3#t^"
        return prefix + secrets.token_urlsafe(48 if kind != "code" else 40)
