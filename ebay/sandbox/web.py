"""Request / response types and the router the sandbox's handlers are written against."""

import email.parser
import email.policy
import json
import re
from dataclasses import dataclass

# Response, html_response and query_dict are re-exported: the handlers import them from here.
from stoflow.sandbox_http import BaseRequest, Response, html_response, query_dict  # noqa: F401 (re-exported)


@dataclass
class Request(BaseRequest):
    token: dict | None = None  # the bearer token's record, once authenticated
    route: object = None

    def form(self) -> dict:
        return query_dict(self.body.decode("utf-8", "replace"))

    def multipart(self) -> dict:
        """{part name: (filename, content type, bytes)} of a multipart/form-data body."""
        content_type = self.headers.get("Content-Type") or ""
        if not content_type.startswith("multipart/form-data"):
            return {}
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + self.body
        )
        parts = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            if name:
                parts[name] = (part.get_filename(), part.get_content_type(), part.get_payload(decode=True) or b"")
        return parts


def json_response(data, status: int = 200) -> Response:
    return Response(status, json.dumps(data).encode(), "application/json")


def empty(status: int = 204) -> Response:
    return Response(status, b"")


def redirect(location: str) -> Response:
    return Response(302, b"").header("Location", location)


@dataclass
class Route:
    methods: tuple
    pattern: re.Pattern
    handler: object
    name: str
    scope: str | None  # the OAuth scope a bearer token needs; None: no bearer token


class Router:
    def __init__(self):
        self.routes: list[Route] = []

    def add(self, methods: str, path: str, handler, name: str, scope: str | None = None):
        regex = re.compile("^" + re.sub(r"{(\w+)}", r"(?P<\1>[^/]+)", path.rstrip("/")) + "/?$")
        self.routes.append(Route(tuple(methods.split()), regex, handler, name, scope))

    def match(self, method: str, path: str) -> tuple[Route | None, dict, bool]:
        known = False
        for route in self.routes:
            found = route.pattern.match(path)
            if found:
                known = True
                if method in route.methods:
                    return route, found.groupdict(), True
        return None, {}, known
