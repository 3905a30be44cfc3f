"""Vinted's error answers (docs/vinted-api.md §9.3), shared by the handlers and the fault modes."""

from .messages import text
from .web import empty, html_response, json_response


def unauthorized(locale: str):
    return json_response(
        {"code": 100, "message": text("invalid_token", locale), "message_code": "invalid_authentication_token"}, 401
    )


def access_denied(locale: str, status: int = 403):
    return json_response(
        {"code": 106, "message": text("access_denied", locale), "message_code": "access_denied"}, status
    )


def not_found(locale: str):
    return json_response({"code": 104, "message": text("not_found", locale), "message_code": "not_found"}, 404)


def not_found_html():
    return html_response(
        "<!doctype html><html><head><title>Page not found</title></head>"
        "<body><h1>The page you're looking for doesn't exist</h1></body></html>",
        404,
    )


def validation(errors: list[dict], locale: str, message_code: str = "validation_error"):
    """errors: [{"field": ..., "value": <localized message>}] (the §4.6 envelope)."""
    return json_response(
        {
            "code": 99,
            "message_code": message_code,
            "message": text("validation_error", locale),
            "errors": errors,
            "payload": None,
        },
        400,
    )


def server_error(locale: str, status: int = 500):
    return json_response({"code": 105, "message": text("server_error", locale), "message_code": "server_error"}, status)


def dead_chain():
    """A refresh the chain cannot honour: Vinted answers 400 with an empty body."""
    return empty(400)
