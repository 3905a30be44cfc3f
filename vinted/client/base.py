"""The low-level client: headers, one send, classification, budget and CSRF handling."""

import datetime
import logging
import time
from collections.abc import Callable
from typing import Any

import requests
from django.views.decorators.debug import sensitive_variables

from .. import budget, tokens
from ..domains import Site
from ..ledger.models import VintedAttempt
from ..sessions import VintedSession
from . import http
from .classify import classify
from .outcomes import Kind, Outcome

log = logging.getLogger("vinted.client")
WRITE_MARGIN_SECONDS = 600  # docs/vinted-api.md §2.6: under 10 minutes left, wait for a fresh export instead


class BaseClient:
    def __init__(
        self,
        site: Site,
        session: VintedSession,
        *,
        budget_key: str | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
    ):
        self.site = site
        self.session = session
        self.budget_key = budget_key
        self.on_outcome = on_outcome
        self.session_changed = False  # a new CSRF token or datadome cookie to persist
        self._policy = None  # resolved once per client (one job), not per request
        self.http = http.new_session()

    def __repr__(self) -> str:
        return f"<VintedClient {self.site.key}>"

    # -- headers ---------------------------------------------------------------
    @sensitive_variables("headers")
    def _headers(
        self, *, write: bool, referer: str | None = None, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        session = self.session
        headers = {
            "Accept": http.ACCEPT,
            "Priority": "u=3",
            "User-Agent": session.user_agent,
            "Cookie": http.cookie_header(session.cookies),
        }
        if session.locale:
            headers["Accept-Language"] = session.locale
            headers["Locale"] = session.locale
        if session.anon_id:
            headers["X-Anon-Id"] = session.anon_id
        if session.csrf_token:
            headers["X-CSRF-Token"] = session.csrf_token
        headers.update(http.client_hint_headers(session.ua_client_hints))
        if write:
            headers["Origin"] = self.site.origin
            headers["Referer"] = self.site.url(referer or "/items/new")
        headers.update(extra or {})
        return headers

    def _seconds_left(self) -> float | None:
        try:
            expiry = tokens.expires_at(tokens.claims(self.session.access_token))
        except tokens.NotAToken:
            return None
        return expiry.timestamp() - time.time() if expiry else None

    # -- one request -----------------------------------------------------------
    def _absorb(self, response: requests.Response) -> None:
        # DataDome re-issues its cookie on ordinary responses; always keep the newest.
        fresh = response.cookies.get("datadome")
        if fresh and fresh != self.session.cookies.get("datadome"):
            self.session.cookies["datadome"] = fresh
            self.session_changed = True
        self.http.cookies.clear()

    def _finish(self, outcome: Outcome) -> Outcome:
        if outcome.sent and self.budget_key and outcome.kind in (Kind.RATE_LIMITED, Kind.BOT_CHALLENGE):
            # Vinted's word beats our count, whether a read or a write drew it: stop the account.
            if self._policy is None:
                self._policy = budget.policy_for(self.budget_key)
            budget.exhaust(self.budget_key, outcome.kind.value, self._policy)
        if self.on_outcome is not None:
            self.on_outcome(outcome)
        return outcome

    @sensitive_variables("headers", "kwargs")
    def _send(self, method: str, path: str, *, write: bool, expect_html: bool = False, **kwargs: Any) -> Outcome:
        headers = self._headers(write=write, referer=kwargs.pop("referer", None), extra=kwargs.pop("headers", None))
        started = time.monotonic()
        try:
            response = self.http.request(
                method, self.site.url(path), headers=headers, timeout=http.timeouts(), allow_redirects=False, **kwargs
            )
        except requests.RequestException as error:
            sent = not http.nothing_sent(error)
            log.info(
                "vinted %s %s on %s: no answer (%s, sent=%s)", method, path, self.site.key, type(error).__name__, sent
            )
            kind = Kind.AMBIGUOUS if (sent and write) else Kind.TRANSIENT
            return Outcome(kind, sent=sent, message=type(error).__name__)
        self._absorb(response)
        outcome = classify(response, expect_html=expect_html)
        if write and outcome.kind is Kind.TRANSIENT:
            # A 5xx on a write does not prove nothing happened: reconcile before any retry
            # (docs/decisions/0009-exactly-once-jobs-and-reconciliation.md).
            outcome.kind = Kind.AMBIGUOUS
        if 300 <= response.status_code < 400:
            outcome = Outcome(Kind.REJECTED, status=response.status_code, message="redirect not followed")
        log.info(
            "vinted %s %s on %s -> %s %s (%.0f ms)",
            method,
            path,
            self.site.key,
            response.status_code,
            outcome.kind.value,
            (time.monotonic() - started) * 1000,
        )
        return outcome

    def _read_unreported(self, path: str, *, expect_html: bool = False, **kwargs: Any) -> Outcome:
        outcome = self._send("GET", path, write=False, expect_html=expect_html, **kwargs)
        if outcome.kind is Kind.TRANSIENT:  # reads get one retry (docs/vinted-api.md §9.2)
            time.sleep(0.2)
            outcome = self._send("GET", path, write=False, expect_html=expect_html, **kwargs)
        return outcome

    def _read(self, path: str, *, expect_html: bool = False, **kwargs: Any) -> Outcome:
        return self._finish(self._read_unreported(path, expect_html=expect_html, **kwargs))

    # -- writes ------------------------------------------------------------------
    def ensure_csrf(self) -> Outcome:
        if self.session.csrf_token:
            return Outcome(Kind.OK, data=self.session.csrf_token, sent=False)
        return self.refresh_csrf()

    def refresh_csrf(self) -> Outcome:
        outcome = self._send("GET", "/items/new", write=False, expect_html=True)
        if outcome.kind is not Kind.OK:
            return self._finish(outcome)
        token = http.find_csrf_token(outcome.data or "")
        if token is None:
            return self._finish(
                Outcome(Kind.REJECTED, status=outcome.status, message="no CSRF token on /items/new", sent=False)
            )
        self.session.csrf_token = token
        self.session_changed = True
        return Outcome(Kind.OK, data=token)

    def _write(self, method: str, path: str, **kwargs: Any) -> Outcome:
        left = self._seconds_left()
        if left is not None and left < WRITE_MARGIN_SECONDS:
            return self._finish(
                Outcome(
                    Kind.SESSION_EXPIRED,
                    sent=False,
                    message="access token expires too soon; waiting for a fresh export",
                )
            )
        csrf = self.ensure_csrf()
        if not csrf.ok:
            return csrf
        outcome = self._write_once(method, path, **kwargs)
        if outcome.kind is Kind.CSRF_REFRESH:
            # docs/vinted-api.md §2.3: a 106 is a stale CSRF token; fetch it again and retry exactly once.
            refreshed = self.refresh_csrf()
            if refreshed.ok:
                outcome = self._write_once(method, path, **kwargs)
        return self._finish(outcome)

    def _write_once(self, method: str, path: str, **kwargs: Any) -> Outcome:
        if not self.budget_key:
            raise RuntimeError("a client without a budget key cannot write")
        if self._policy is None:
            self._policy = budget.policy_for(self.budget_key)
        decision, attempt_id = budget.reserve(self.budget_key, method, path, self._policy)
        if not decision.allowed:
            return Outcome(
                Kind.BUDGET_EXHAUSTED, sent=False, retry_at_ms=_ms(decision.retry_at), message=str(decision.reason)
            )
        outcome = self._send(method, path, write=True, **kwargs)
        if not outcome.sent:
            budget.release(self.budget_key, attempt_id)
        else:
            budget.record(attempt_id, _ledger_outcome(outcome), outcome.status)
        return outcome


def _ms(value: datetime.datetime | float | None) -> int | None:
    if value is None:
        return None
    if hasattr(value, "timestamp"):
        return int(value.timestamp() * 1000)
    return int(value)


def _ledger_outcome(outcome: Outcome) -> str:
    values = {choice.value for choice in VintedAttempt.Outcome}
    return outcome.kind.value if outcome.kind.value in values else VintedAttempt.Outcome.REJECTED
