"""Test and demo controls: plain functions (used by the Python handle) and their JSON routes
under /__sandbox__/ (answered to loopback clients only)."""

import time

from . import faults as fault_modes
from .auth import WEEK
from .fixtures import SITES
from .web import json_response

# --- functions ------------------------------------------------------------------------------


def issue_session(state, seller_id: int, base_url: str) -> dict:
    """What the browser extension would export after the seller signed in: cookies, CSRF token,
    anon id and user agent, with no browser involved (for "connect a sandbox seller")."""
    seller = state.sellers[seller_id]
    session, issued = state.sign_in(seller_id)
    site = seller["site"]
    cookies = {
        "access_token_web": issued["access_token"],
        "anon_id": session["anon_id"],
        "v_uid": str(seller_id),
        "datadome": f"sandbox-{session['sid']}",
    }
    return {
        "site": site,
        "base_url": f"{base_url}/{site}",
        "domain": f"{base_url}/{site}",
        "vinted_user_id": seller_id,
        "login": seller["login"],
        "cookies": cookies,
        "refresh_token_web": issued["refresh_token"],
        "csrf_token": session["csrf"],
        "anon_id": session["anon_id"],
        "user_agent": state.config["user_agent"],
        "locale": SITES[site].locale,
        "access_expires_at": issued["access_claims"]["exp"],
        "cookie_max_age": WEEK,
    }


def mark_sold(state, item_id: int, sold: bool = True) -> dict:
    with state.lock:
        item = state.items[item_id]
        item["is_closed"] = sold
        item["closing_action"] = "sold" if sold else None
        state.save()
        return dict(item)


def set_stats(state, item_id: int, views: int | None = None, favourites: int | None = None) -> dict:
    with state.lock:
        item = state.items[item_id]
        if views is not None:
            item["view_count"] = int(views)
        if favourites is not None:
            item["favourite_count"] = int(favourites)
        state.save()
        return dict(item)


def set_reserved(state, item_id: int, reserved: bool = True) -> dict:
    """The seller reserved the item for a buyer (or lifted it): it stays on sale, marked reserved."""
    with state.lock:
        item = state.items[item_id]
        item["is_reserved"] = reserved
        state.save()
        return dict(item)


def public_seller(seller: dict) -> dict:
    return {k: seller[k] for k in ("id", "login", "site", "email")}


def public_item(item: dict) -> dict:
    return {k: v for k, v in item.items()}


# --- routes ---------------------------------------------------------------------------------


def _body(request) -> dict:
    body = request.json()
    return body if isinstance(body, dict) else {}


def _bad(field: str, message: str):
    return json_response({"code": 99, "errors": [{"field": field, "value": message}]}, 400)


def _seller(state, seller_id: str):
    return state.sellers.get(int(seller_id)) if seller_id.isdigit() else None


def _missing(what: str):
    return json_response({"code": 104, "message": f"{what} not found"}, 404)


def overview(request, state, **_):
    return json_response(
        {
            "sites": {c: s.currency for c, s in SITES.items()},
            "config": state.config,
            "sellers": len(state.sellers),
            "items": len(state.items),
            "code": 0,
        }
    )


def reset(request, state, **_):
    state.reset()
    return json_response({"code": 0})


def config(request, state, **_):
    if request.method != "GET":
        unknown = set(_body(request)) - set(state.config)
        if unknown:
            return _bad(sorted(unknown)[0], "unknown setting")
        with state.lock:
            state.config.update(_body(request))
            state.save()
    return json_response({"config": state.config, "code": 0})


def change_tree(state, retire=(), move=None, replace: bool = False) -> dict:
    from . import tree

    retire = [int(node_id) for node_id in retire or ()]
    move = {int(node_id): int(parent) for node_id, parent in (move or {}).items()}
    unknown = [n for n in retire + list(move) + list(move.values()) if n not in tree.BASE.nodes]
    if unknown:
        raise ValueError(f"unknown catalog id {unknown[0]}")
    with state.lock:
        if replace:
            state.tree_changes = {"retired": [], "moved": {}}
        state.tree_changes["retired"] = sorted(set(state.tree_changes["retired"]) | set(retire))
        state.tree_changes["moved"].update(move)
        return {"retired": list(state.tree_changes["retired"]), "moved": dict(state.tree_changes["moved"])}


def tree_changes(request, state, **_):
    """GET the changes; POST {"retire": [ids], "move": {"id": parent}} adds some; DELETE undoes all."""
    if request.method == "GET":
        return json_response({**change_tree(state), "code": 0})
    if request.method == "DELETE":
        return json_response({**change_tree(state, replace=True), "code": 0})
    body = _body(request)
    retire, move = body.get("retire", []), body.get("move", {})
    if not isinstance(retire, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in retire):
        return _bad("retire", "a list of catalog ids")
    if not isinstance(move, dict) or not all(
        str(k).isdigit() and isinstance(v, int) and not isinstance(v, bool) for k, v in move.items()
    ):
        return _bad("move", "an object of catalog id -> parent id")
    try:
        return json_response({**change_tree(state, retire, move), "code": 0})
    except ValueError as error:
        return _bad("retire" if retire else "move", str(error))


def sellers(request, state, **_):
    if request.method == "GET":
        return json_response({"sellers": [public_seller(s) for s in state.sellers.values()], "code": 0})
    body = _body(request)
    for field in ("login", "password"):
        if not isinstance(body.get(field), str) or not body[field]:
            return _bad(field, "required")
    try:
        seller = state.create_seller(body["login"], body["password"], body.get("site", "fr"), body.get("email", ""))
    except ValueError as error:
        return _bad("site" if "site" in str(error) else "login", str(error))
    return json_response({"seller": public_seller(seller), "code": 0}, 201)


def session(request, state, seller_id, **_):
    if not _seller(state, seller_id):
        return _missing("seller")
    return json_response({**issue_session(state, int(seller_id), request.base_url), "code": 0})


def requests_log(request, state, seller_id, **_):
    if not _seller(state, seller_id):
        return _missing("seller")
    return json_response({"requests": state.requests_of(int(seller_id)), "code": 0})


def mutations(request, state, seller_id, **_):
    if not _seller(state, seller_id):
        return _missing("seller")
    raw = request.query.get("window")
    try:
        window = float(raw) if raw else None
    except ValueError:
        return _bad("window", "seconds, as a number")
    stamps = state.mutation_times(int(seller_id), window)
    return json_response({"count": len(stamps), "timestamps": stamps, "now": time.time(), "code": 0})


def listings(request, state, seller_id, **_):
    if not _seller(state, seller_id):
        return _missing("seller")
    return json_response({"items": [public_item(i) for i in state.items_of(int(seller_id))], "code": 0})


def faults(request, state, **_):
    if request.method == "GET":
        return json_response({"faults": list(state.faults), "code": 0})
    if request.method == "DELETE":
        with state.lock:
            state.faults.clear()
        return json_response({"code": 0})
    body = _body(request)
    try:
        fault = fault_modes.make_fault(**body)
    except (TypeError, ValueError) as error:
        return _bad("mode" if "mode" in str(error) else "fault", str(error))
    with state.lock:
        state.faults.append(fault)
    return json_response({"fault": fault, "code": 0}, 201)


def fault_delete(request, state, fault_id, **_):
    with state.lock:
        before = len(state.faults)
        state.faults[:] = [f for f in state.faults if str(f["id"]) != fault_id]
        removed = before - len(state.faults)
    return json_response({"code": 0}) if removed else _missing("fault")


def item_sold(request, state, item_id, **_):
    if not item_id.isdigit() or int(item_id) not in state.items:
        return _missing("item")
    sold = _body(request).get("sold", True)
    return json_response({"item": public_item(mark_sold(state, int(item_id), bool(sold))), "code": 0})


def item_reserved(request, state, item_id, **_):
    if not item_id.isdigit() or int(item_id) not in state.items:
        return _missing("item")
    reserved = _body(request).get("reserved", True)
    if not isinstance(reserved, bool):
        return _bad("reserved", "true or false")
    return json_response({"item": public_item(set_reserved(state, int(item_id), reserved)), "code": 0})


def item_stats(request, state, item_id, **_):
    if not item_id.isdigit() or int(item_id) not in state.items:
        return _missing("item")
    body = _body(request)
    for field in ("views", "favourites"):
        if field in body and (not isinstance(body[field], int) or body[field] < 0):
            return _bad(field, "a whole number, 0 or more")
    item = set_stats(state, int(item_id), body.get("views"), body.get("favourites"))
    return json_response({"item": public_item(item), "code": 0})
