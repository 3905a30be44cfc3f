"""Switchable faults: what eBay does on a bad day, per route and seller, for a number of calls.

Modes (docs/ebay-sandbox.md): before acting — rate_limited (429/2001), system_error (500/25001),
concurrent (500/25025), invalid_token (401/1001), validation (400 with the fault's error_id, e.g. a
publish refused), reset_before (connection closed, nothing done); after acting — error_after_commit
(500/25001), drop_after_commit (connection closed: a lost response), warning (2xx with warning 25402);
slow (waits `seconds` before acting, then acts and answers: a request in flight long enough for a test to
kill the client meanwhile).
"""

import json
import time

from . import errors

BEFORE = {"rate_limited", "system_error", "concurrent", "invalid_token", "validation", "reset_before"}
AFTER = {"error_after_commit", "drop_after_commit", "warning"}
MODES = BEFORE | AFTER | {"slow"}


def add(
    state,
    mode: str,
    *,
    route: str = "*",
    username: str | None = None,
    times: int | None = 1,
    error_id: int = 25002,
    message: str = "",
    seconds: float = 0,
) -> dict:
    if mode not in MODES:
        raise ValueError(f"unknown fault mode {mode!r}; known: {', '.join(sorted(MODES))}")
    with state.lock:
        fault = {
            "id": state.next_id("fault"),
            "mode": mode,
            "route": route,
            "username": username,
            "times": times,
            "error_id": int(error_id),
            "message": message,
            "seconds": float(seconds),
        }
        state.data["faults"].append(fault)
        return fault


def take(state, route_name: str, username: str | None) -> list[dict]:
    """The faults this call fires (each used up by one), oldest first."""
    fired = []
    with state.lock:
        for fault in list(state.data["faults"]):
            if fault["route"] not in ("*", route_name) and not (
                fault["route"].endswith(".*") and route_name.startswith(fault["route"][:-1])
            ):
                continue
            if fault["username"] not in (None, username):
                continue
            fired.append(dict(fault))
            if fault["times"] is not None:
                fault["times"] -= 1
                if fault["times"] <= 0:
                    state.data["faults"].remove(fault)
    return fired


def before(fault, api: str):
    mode = fault["mode"]
    if mode == "rate_limited":
        return errors.too_many_requests()
    if mode == "system_error":
        return errors.system_error(api)
    if mode == "concurrent":
        return errors.concurrent_access()
    if mode == "invalid_token":
        return errors.invalid_token()
    if mode == "validation":
        return errors.error(400, fault["error_id"], fault["message"] or "A user error has occurred.", api=api)
    return None  # reset_before: the server closes the connection


def after(fault, response, api: str):
    mode = fault["mode"]
    if mode == "error_after_commit":
        return errors.system_error(api)
    if mode == "warning" and 200 <= response.status < 300:
        body = json.loads(response.body or b"{}") if response.body else {}
        body.setdefault("warnings", []).append(
            {
                "errorId": 25402,
                "domain": "API_INVENTORY",
                "category": "REQUEST",
                "message": "System warning. Dependent service returned a warning.",
            }
        )
        response.body = json.dumps(body).encode()
        response.content_type = "application/json"
        if response.status == 204:
            response.status = 200
    return response


def delay(fired: list[dict]) -> None:
    """Outside the state's lock, so the rest of the sandbox answers meanwhile."""
    for fault in fired:
        if fault["mode"] == "slow":
            time.sleep(fault["seconds"])
