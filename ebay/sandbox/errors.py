"""eBay's error answers: the REST envelope (ebay-api §4.6) and the token endpoint's OAuth errors (§2.3)."""

from .web import json_response

DOMAINS = {
    "inventory": ("API_INVENTORY", "Selling"),
    "account": ("API_ACCOUNT", "Selling"),
    "fulfillment": ("API_FULFILLMENT", "Selling"),
    "taxonomy": ("API_TAXONOMY", ""),
    "metadata": ("API_METADATA", ""),
    "media": ("API_MEDIA", ""),
    "notification": ("API_NOTIFICATION", ""),
}


def error(
    status: int,
    error_id: int,
    message: str,
    *,
    api: str = "inventory",
    category: str = "REQUEST",
    long_message: str = "",
    parameters: list | None = None,
):
    domain, subdomain = DOMAINS.get(api, (api, ""))
    entry = {
        "errorId": error_id,
        "domain": domain,
        "category": category,
        "message": message,
        "longMessage": long_message or message,
        "inputRefIds": [],
        "outputRefIds": [],
        "parameters": parameters or [],
    }
    if subdomain:
        entry["subdomain"] = subdomain
    return json_response({"errors": [entry]}, status)


def invalid_token():
    return json_response(
        {
            "errors": [
                {
                    "errorId": 1001,
                    "domain": "OAuth",
                    "category": "REQUEST",
                    "message": "Invalid access token",
                    "longMessage": "Invalid access token. Check the value of the Authorization HTTP request header.",
                }
            ]
        },
        401,
    )


def access_denied():
    return json_response(
        {
            "errors": [
                {
                    "errorId": 1100,
                    "domain": "ACCESS",
                    "category": "REQUEST",
                    "message": "Access denied",
                    "longMessage": "Insufficient permissions to fulfill the request.",
                }
            ]
        },
        403,
    )


def too_many_requests():
    return json_response(
        {
            "errors": [
                {
                    "errorId": 2001,
                    "domain": "ACCESS",
                    "category": "REQUEST",
                    "message": "Too many requests.",
                    "longMessage": "The request limit has been reached for the resource.",
                }
            ]
        },
        429,
    )


def system_error(api: str = "inventory"):
    return error(500, 25001, "A system error has occurred. Dependent service failure", api=api, category="APPLICATION")


def concurrent_access():
    return error(
        500,
        25025,
        "Concurrent access of the same Inventory or Inventory Item Group object is not "
        "allowed. Please try again later.",
        category="APPLICATION",
    )


def oauth(status: int, code: str, description: str):
    return json_response({"error": code, "error_description": description}, status)


GRANT_CODE_INVALID = "the provided authorization grant code is invalid or was issued to another client"
REFRESH_TOKEN_INVALID = "the provided authorization refresh token is invalid or was issued to another client"
SCOPE_INVALID = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client"
