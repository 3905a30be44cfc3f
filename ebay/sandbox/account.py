"""Account API: business-policy opt-in and the three policy kinds per marketplace (ebay-api §3.1-3.2)."""

from . import errors
from .web import empty, json_response

PROGRAM = "SELLING_POLICY_MANAGEMENT"
KINDS = {"fulfillment": "fulfillmentPolicy", "payment": "paymentPolicy", "return": "returnPolicy"}
MARKETPLACES = {
    "EBAY_GB",
    "EBAY_FR",
    "EBAY_DE",
    "EBAY_IT",
    "EBAY_ES",
    "EBAY_AT",
    "EBAY_NL",
    "EBAY_BE",
    "EBAY_IE",
    "EBAY_PL",
    "EBAY_CH",
    "EBAY_US",
}


def _error(status, error_id, message):
    return errors.error(status, error_id, message, api="account", category="REQUEST")


def opted_in_programs(request, state, **_):
    programs = state.data["programs"][request.token["username"]]
    return json_response({"programs": [{"programType": p} for p in programs]})


def opt_in(request, state, **_):
    body = request.json() or {}
    if body.get("programType") not in (PROGRAM, "OUT_OF_STOCK_CONTROL", "PARTNER_MOTORS_DEALER"):
        return _error(400, 20403, "Invalid programType.")
    with state.lock:
        programs = state.data["programs"][request.token["username"]]
        if body["programType"] in programs:
            return errors.error(409, 25803, "programType already exists", api="account")
        programs.append(body["programType"])
    return json_response({})


def _eligible(request, state):
    if PROGRAM not in state.data["programs"][request.token["username"]]:
        return _error(400, 20403, "User is not eligible for Business Policy.")
    return None


def list_policies(request, state, kind, **_):
    refusal = _eligible(request, state)
    if refusal:
        return refusal
    marketplace = request.query.get("marketplace_id", "")
    if not marketplace:
        return _error(400, 20401, "Missing field marketplaceId.")
    if marketplace not in MARKETPLACES:
        return _error(400, 20403, "Invalid marketplaceId.")
    found = [p for p in state.data["policies"][request.token["username"]][kind] if p["marketplaceId"] == marketplace]
    answer = {"total": len(found)}
    if found:  # an empty list comes back without the array (ebay-api §9.1.17)
        answer[KINDS[kind][:-1] + "ies"] = found
    return json_response(answer)


def get_policy(request, state, kind, policy_id, **_):
    for policy in state.data["policies"][request.token["username"]][kind]:
        if policy[KINDS[kind] + "Id"] == policy_id:
            return json_response(policy)
    return _error(404, 20404, f"{KINDS[kind]}Id not found.")


def create_policy(request, state, kind, **_):
    refusal = _eligible(request, state)
    if refusal:
        return refusal
    body = request.json()
    if not isinstance(body, dict):
        return _error(400, 20400, "Invalid request.")
    for field in ("name", "marketplaceId"):
        if not body.get(field):
            return _error(400, 20401, f"Missing field {field}.")
    if body["marketplaceId"] not in MARKETPLACES:
        return _error(400, 20403, "Invalid marketplaceId.")
    if len(body["name"]) > 64:
        return _error(400, 20403, "Invalid name.")
    if (
        kind == "return"
        and body.get("returnsAccepted")
        and body["marketplaceId"] != "EBAY_GB"
        and int((body.get("returnPeriod") or {}).get("value") or 0) < 14
    ):
        return _error(400, 20406, "Invalid return option.")
    with state.lock:
        mine = state.data["policies"][request.token["username"]][kind]
        if any(p["name"] == body["name"] and p["marketplaceId"] == body["marketplaceId"] for p in mine):
            # The errorId for a duplicate name is unknown (ebay-api §9.1.17): 20400 by the sandbox's choice.
            return _error(400, 20400, "Invalid request. A policy with this name already exists.")
        policy = {**body, KINDS[kind] + "Id": state.next_id("policy")}
        mine.append(policy)
    path = f"/sell/account/v1/{kind}_policy/{policy[KINDS[kind] + 'Id']}"
    return json_response(policy, 201).header("Location", request.base_url + path)


def delete_policy(request, state, kind, policy_id, **_):
    with state.lock:
        mine = state.data["policies"][request.token["username"]][kind]
        kept = [p for p in mine if p[KINDS[kind] + "Id"] != policy_id]
        if len(kept) == len(mine):
            return _error(404, 20404, f"{KINDS[kind]}Id not found.")
        mine[:] = kept
    return empty(204)


def set_up(state, username: str) -> None:
    """A seller opted in to business policies, with a fulfillment, payment and return policy on each
    marketplace and one location (`home`), as a seller who has sold on eBay before."""
    with state.lock:
        state.data["programs"][username].append("SELLING_POLICY_MANAGEMENT")
        for marketplace in ("EBAY_FR", "EBAY_DE", "EBAY_GB", "EBAY_IT", "EBAY_ES"):
            policies = state.data["policies"][username]
            common = {"marketplaceId": marketplace, "categoryTypes": [{"name": "ALL_EXCLUDING_MOTORS_VEHICLES"}]}
            policies["fulfillment"].append(
                {
                    **common,
                    "name": f"Standard {marketplace[5:]}",
                    "fulfillmentPolicyId": state.next_id("policy"),
                    "handlingTime": {"unit": "DAY", "value": 2},
                }
            )
            policies["payment"].append(
                {
                    **common,
                    "name": f"Pay {marketplace[5:]}",
                    "immediatePay": True,
                    "paymentPolicyId": state.next_id("policy"),
                }
            )
            policies["return"].append(
                {
                    **common,
                    "name": "Returns 30d",
                    "returnsAccepted": True,
                    "returnPeriod": {"value": 30, "unit": "DAY"},
                    "returnPolicyId": state.next_id("policy"),
                }
            )
        state.data["locations"][username]["home"] = {
            "merchantLocationKey": "home",
            "merchantLocationStatus": "ENABLED",
            "locationTypes": ["WAREHOUSE"],
            "name": "Home",
            "location": {"address": {"postalCode": "75011", "country": "FR"}},
        }
