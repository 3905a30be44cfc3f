"""The sandbox's memory: sellers, sessions, photos, listings, faults, the request log.

Everything lives in plain dicts guarded by one re-entrant lock (the server is threaded), and
can be written to a JSON file so a demo seller's listings survive a restart. Faults and the
request log are test instruments and are not persisted.
"""

import base64
import json
import os
import secrets
import threading
import time
import uuid
from pathlib import Path

from . import tokens
from .fixtures import SITES

LOG_LIMIT = 20000
ANONYMOUS_SESSION_LIMIT = 2000

DEFAULT_CONFIG = {
    "access_lifetime": 7200,  # seconds; Vinted's access JWT lives about 2 h
    "refresh_lifetime": 7 * 86400,
    "strict": True,  # size/condition only inside item_attributes is rejected (§4.3)
    "sold_item_status": 404,  # Vinted answers 404 or 403 for sold items; tests pick
    "datadome_every": 7,  # re-issue the datadome cookie on every Nth response
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
}


class SandboxState:
    def __init__(self, path: str | os.PathLike | None = None, **config):
        self.lock = threading.RLock()
        self.path = Path(path) if path else None
        self.config = {**DEFAULT_CONFIG, **config}
        self._clear()
        if self.path and self.path.exists():
            self._load()
            self.config.update(config)  # what the caller asks for beats what the file remembers

    def _clear(self):
        self.key = secrets.token_bytes(32)
        self.sellers: dict[int, dict] = {}
        self.sessions: dict[str, dict] = {}
        self.dead_access: set[str] = set()
        self.photos: dict[int, dict] = {}
        self.items: dict[int, dict] = {}
        self.faults: list = []
        self.log: list[dict] = []
        self.mutations: dict[int, list[float]] = {}
        self.counters = {"seller": 1000000, "photo": 900000, "item": 5000000, "responses": 0}
        self._on_disk: set[int] = set()
        self.tree_changes: dict = {"retired": [], "moved": {}}  # tree.py; a test instrument, not persisted

    def reset(self):
        with self.lock:
            self._clear()
            if self.path and self._photo_dir().exists():
                for stored in self._photo_dir().glob("*.bin"):
                    stored.unlink()
            self.save()

    def next_id(self, kind: str) -> int:
        with self.lock:
            self.counters[kind] += 1
            return self.counters[kind]

    # --- sellers and sessions ----------------------------------------------------------------

    def create_seller(self, login: str, password: str, site: str = "fr", email: str = "") -> dict:
        if site not in SITES:
            raise ValueError(f"unknown site {site!r}")
        with self.lock:
            if self.seller_by_login(site, login):
                raise ValueError(f"login {login!r} is taken on {site}")
            seller_id = self.next_id("seller")
            seller = {
                "id": seller_id,
                "login": login,
                "password": password,
                "site": site,
                "email": email or f"{login}@sandbox.invalid",
                "created_at": time.time(),
            }
            self.sellers[seller_id] = seller
            self.save()
            return dict(seller)

    def seller_by_login(self, site: str, login: str) -> dict | None:
        with self.lock:
            return next(
                (s for s in self.sellers.values() if s["site"] == site and s["login"].lower() == login.lower()), None
            )

    def new_session(self, site: str, seller_id: int | None = None, anon_id: str | None = None) -> dict:
        with self.lock:
            session = {
                "sid": uuid.uuid4().hex,
                "site": site,
                "seller_id": seller_id,
                "anon_id": anon_id or str(uuid.uuid4()),
                "csrf": str(uuid.uuid4()),
                "refresh_jti": None,
                "created_at": time.time(),
                "revoked": False,
            }
            self.sessions[session["sid"]] = session
            if seller_id is None:
                self._forget_old_anonymous_sessions()
            return session

    def _forget_old_anonymous_sessions(self):
        """Every cookie-less page view opens one; a long-running sandbox keeps the newest only."""
        anonymous = [sid for sid, s in self.sessions.items() if s["seller_id"] is None]
        for sid in anonymous[: max(0, len(anonymous) - ANONYMOUS_SESSION_LIMIT)]:
            del self.sessions[sid]

    def issue_tokens(self, session: dict) -> dict:
        """A fresh access token (and, for a seller, a fresh refresh token) for the session."""
        now = int(time.time())
        account = session["seller_id"]
        base = {
            "iat": now,
            "sid": session["sid"],
            "site": session["site"],
            "anid": session["anon_id"],
            "account_id": account,
            "sub": str(account) if account else None,
        }
        access_claims = {
            **base,
            "purpose": "access",
            "jti": uuid.uuid4().hex,
            "exp": now + int(self.config["access_lifetime"]),
        }
        result = {"access_token": tokens.sign(access_claims, self.key), "access_claims": access_claims}
        if account:
            jti = uuid.uuid4().hex
            with self.lock:
                session["refresh_jti"] = jti
                self.save()
            refresh_claims = {
                **base,
                "purpose": "refresh",
                "jti": jti,
                "exp": now + int(self.config["refresh_lifetime"]),
            }
            result["refresh_token"] = tokens.sign(refresh_claims, self.key)
        return result

    def sign_in(self, seller_id: int, anon_id: str | None = None) -> tuple[dict, dict]:
        seller = self.sellers[seller_id]
        session = self.new_session(seller["site"], seller_id, anon_id)
        return session, self.issue_tokens(session)

    # --- the request log and the mutating counter ---------------------------------------------

    def record(self, entry: dict):
        with self.lock:
            self.log.append(entry)
            if len(self.log) > LOG_LIMIT:  # a long `make run` must not grow without bound
                del self.log[: len(self.log) - LOG_LIMIT]
            if entry.get("mutating") and entry.get("seller_id"):
                stamps = self.mutations.setdefault(entry["seller_id"], [])
                stamps.append(entry["time"])
                if len(stamps) > LOG_LIMIT:
                    del stamps[: len(stamps) - LOG_LIMIT]

    def requests_of(self, seller_id: int | None = None) -> list[dict]:
        with self.lock:
            return [dict(e) for e in self.log if seller_id is None or e.get("seller_id") == seller_id]

    def mutation_times(self, seller_id: int, window: float | None = None) -> list[float]:
        with self.lock:
            stamps = list(self.mutations.get(seller_id, []))
        if window is not None:
            since = time.time() - window
            stamps = [t for t in stamps if t >= since]
        return stamps

    # --- listings ------------------------------------------------------------------------------

    def items_of(self, seller_id: int, include_drafts: bool = True) -> list[dict]:
        with self.lock:
            found = [
                i for i in self.items.values() if i["seller_id"] == seller_id and (include_drafts or not i["is_draft"])
            ]
        return sorted(found, key=lambda i: i["id"], reverse=True)

    # --- persistence ---------------------------------------------------------------------------

    def save(self):
        """Writes the JSON file; photo bytes go once each into a folder beside it."""
        if not self.path:
            return
        with self.lock:
            photo_dir = self._photo_dir()
            photo_dir.mkdir(parents=True, exist_ok=True)
            for pid, photo in self.photos.items():
                target = photo_dir / f"{pid}.bin"
                if pid not in self._on_disk:
                    target.write_bytes(photo["data"])
                    self._on_disk.add(pid)
            blob = {
                "version": 1,
                "key": base64.b64encode(self.key).decode(),
                "config": self.config,
                "sellers": self.sellers,
                "sessions": {sid: s for sid, s in self.sessions.items() if s["seller_id"]},
                "photos": {pid: {k: v for k, v in p.items() if k != "data"} for pid, p in self.photos.items()},
                "items": self.items,
                "counters": self.counters,
                "dead_access": sorted(self.dead_access),
                "mutations": self.mutations,
            }
            tmp = self.path.with_suffix(self.path.suffix + ".tmp")
            tmp.write_text(json.dumps(blob))
            os.replace(tmp, self.path)

    def _photo_dir(self) -> Path:
        return self.path.with_name(self.path.name + ".photos")

    def _load(self):
        blob = json.loads(self.path.read_text())

        def as_int(d):  # JSON keys are strings
            return {int(k): v for k, v in d.items()}

        self.key = base64.b64decode(blob["key"])
        self.config.update({k: v for k, v in blob.get("config", {}).items() if k in self.config})
        self.sellers = as_int(blob["sellers"])
        self.sessions = blob["sessions"]
        self.photos = {}
        for pid, photo in as_int(blob["photos"]).items():
            stored = self._photo_dir() / f"{pid}.bin"
            if stored.exists():  # a photo whose bytes are gone cannot be served: drop it
                self.photos[pid] = {**photo, "data": stored.read_bytes()}
                self._on_disk.add(pid)
        self.items = as_int(blob["items"])
        self.counters.update(blob["counters"])
        self.dead_access = set(blob.get("dead_access", []))
        self.mutations = as_int(blob.get("mutations", {}))
