"""Controls for tests and demos, answered at /__sandbox__/ to the machine itself only (JSON)."""

from . import account, faults, fulfillment, notification
from .state import DEFAULT_CONFIG
from .web import Router, empty, json_response


def _body(request) -> dict:
    body = request.json()
    return body if isinstance(body, dict) else {}


def _seller_view(seller):
    return {k: v for k, v in seller.items() if k != "password"}


def overview(request, state, **_):
    with state.lock:
        return json_response(
            {
                "sellers": [_seller_view(s) for s in state.data["sellers"].values()],
                "apps": [{k: v for k, v in a.items() if k != "client_secret"} for a in state.data["apps"].values()],
                "offers": len(state.data["offers"]),
                "orders": len(state.data["orders"]),
                "faults": state.data["faults"],
                "config": state.config,
                "fault_modes": sorted(faults.MODES),
            }
        )


def reset(request, state, **_):
    state.reset()
    return empty(204)


def config(request, state, **_):
    if request.method == "PATCH":
        changes = _body(request)
        unknown = set(changes) - set(DEFAULT_CONFIG)
        if unknown:
            return json_response({"error": f"unknown settings: {', '.join(sorted(unknown))}"}, 400)
        with state.lock:
            state.config.update(changes)
    return json_response(state.config)


def sellers(request, state, **_):
    body = _body(request)
    if not body.get("username") or not body.get("password"):
        return json_response({"error": "username and password are required"}, 400)
    try:
        return json_response(_seller_view(state.create_seller(body["username"], body["password"])), 201)
    except ValueError as error:
        return json_response({"error": str(error)}, 409)


def _seller(state, username):
    return state.data["sellers"].get(username)


def revoke(request, state, username, **_):
    if not _seller(state, username):
        return json_response({"error": "no such seller"}, 404)
    state.revoke_consent(username)
    return empty(204)


def delete_account(request, state, username, **_):
    body = _body(request)
    if not _seller(state, username) or not body.get("endpoint") or not body.get("verification_token"):
        return json_response({"error": "a seller, endpoint and verification_token are required"}, 400)
    return json_response(
        notification.send_deletion(
            state, username, body["endpoint"], body["verification_token"], tamper=bool(body.get("tamper"))
        )
    )


def set_up(request, state, username, **_):
    if not _seller(state, username):
        return json_response({"error": "no such seller"}, 404)
    account.set_up(state, username)
    return empty(204)


def requests_log(request, state, username, **_):
    with state.lock:
        return json_response([r for r in state.requests if r["username"] == username])


def offers(request, state, username, **_):
    with state.lock:
        return json_response(
            [
                {k: v for k, v in o.items() if k != "username"}
                for o in state.data["offers"].values()
                if o["username"] == username
            ]
        )


def apps(request, state, **_):
    body = _body(request)
    needed = ("client_id", "client_secret", "runame", "accept_url", "declined_url")
    if any(not body.get(k) for k in needed):
        return json_response({"error": f"required: {', '.join(needed)}"}, 400)
    with state.lock:
        state.data["apps"][body["client_id"]] = {k: body[k] for k in needed}
    return empty(204)


def fault_list(request, state, **_):
    if request.method == "POST":
        body = _body(request)
        try:
            fault = faults.add(
                state,
                body.get("mode", ""),
                route=body.get("route", "*"),
                username=body.get("username"),
                times=body.get("times", 1),
                error_id=body.get("error_id", 25002),
                message=body.get("message", ""),
                seconds=body.get("seconds", 0),
            )
        except (TypeError, ValueError) as error:
            return json_response({"error": str(error)}, 400)
        return json_response(fault, 201)
    if request.method == "DELETE":
        with state.lock:
            state.data["faults"].clear()
        return empty(204)
    return json_response(state.data["faults"])


def buy(request, state, listing_id, **_):
    body = _body(request)
    try:
        order = fulfillment.buy(
            state,
            listing_id,
            quantity=int(body.get("quantity", 1)),
            buyer=body.get("buyer", ""),
            paid=bool(body.get("paid", True)),
        )
    except LookupError as error:
        return json_response({"error": str(error)}, 404)
    except ValueError as error:
        return json_response({"error": str(error)}, 400)
    return json_response(order, 201)


def order_action(request, state, order_id, action, **_):
    try:
        return json_response(fulfillment.change(state, order_id, action))
    except LookupError:
        return json_response({"error": "no such order"}, 404)
    except ValueError:
        return json_response({"error": "action is pay, ship or cancel"}, 400)


def clock(request, state, **_):
    advance = float(_body(request).get("advance", 0))
    with state.lock:
        state.offset += advance
    return json_response({"now": state.iso()})


def build() -> Router:
    r = Router()
    r.add("GET", "/__sandbox__/", overview, "admin")
    r.add("POST", "/__sandbox__/reset", reset, "admin")
    r.add("GET PATCH", "/__sandbox__/config", config, "admin")
    r.add("POST", "/__sandbox__/apps", apps, "admin")
    r.add("POST", "/__sandbox__/sellers", sellers, "admin")
    r.add("POST", "/__sandbox__/sellers/{username}/revoke", revoke, "admin")
    r.add("POST", "/__sandbox__/sellers/{username}/set_up", set_up, "admin")
    r.add("POST", "/__sandbox__/sellers/{username}/delete_account", delete_account, "admin")
    r.add("GET", "/__sandbox__/sellers/{username}/requests", requests_log, "admin")
    r.add("GET", "/__sandbox__/sellers/{username}/offers", offers, "admin")
    r.add("GET POST DELETE", "/__sandbox__/faults", fault_list, "admin")
    r.add("POST", "/__sandbox__/listings/{listing_id}/buy", buy, "admin")
    r.add("POST", "/__sandbox__/orders/{order_id}/{action}", order_action, "admin")
    r.add("POST", "/__sandbox__/clock", clock, "admin")
    return r
