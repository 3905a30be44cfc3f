"""Small request / response types and the router the sandbox's handlers are written against."""

import json
import re
from dataclasses import dataclass, field

# Response, html_response and query_dict are re-exported: the handlers import them from here.
from stoflow.sandbox_http import BaseRequest, Response, html_response, query_dict  # noqa: F401 (re-exported)


@dataclass
class Request(BaseRequest):
    site: object = None  # fixtures.Site for /<site>/... paths
    subpath: str = ""  # the path after the site prefix
    params: dict = field(default_factory=dict)
    locale: str = "en"
    claims: dict | None = None  # signature-valid token claims, expired or not
    session: dict | None = None  # the live session, when the token is valid and unexpired
    seller_id: int | None = None  # whose log this request goes to
    route: object = None

    @property
    def cookies(self) -> dict:
        # Hand-parsed: http.cookies gives up on the whole header at the first odd cookie,
        # and browsers send plenty of those.
        found = {}
        for pair in (self.headers.get("Cookie") or "").split(";"):
            name, sep, value = pair.strip().partition("=")
            if sep and name:
                found.setdefault(name, value.strip('"'))
        return found

    @property
    def site_url(self) -> str:
        return f"{self.base_url}/{self.site.code}" if self.site else self.base_url


def json_response(data: dict, status: int = 200) -> Response:
    return Response(status, json.dumps(data).encode(), "application/json; charset=utf-8")


def ok(data: dict | None = None) -> Response:
    return json_response({**(data or {}), "code": 0})


def empty(status: int) -> Response:
    return Response(status, b"")


def cookie(name: str, value: str, path: str, max_age: int, http_only: bool = True) -> str:
    parts = [f"{name}={value}", f"Path={path}", f"Max-Age={max_age}", "SameSite=Lax"]
    if http_only:
        parts.append("HttpOnly")
    return "; ".join(parts)


@dataclass
class Route:
    methods: tuple
    pattern: re.Pattern
    handler: object
    name: str
    auth: str = "token"  # "none", "token" (anonymous allowed) or "user"
    mutating: bool = False  # counts against the product's request budget (§10.1)


class Router:
    """Routes under a site prefix (`/fr/api/v2/...`) or at the root (`/__sandbox__/...`)."""

    def __init__(self):
        self.site_routes: list[Route] = []
        self.root_routes: list[Route] = []

    def add(
        self,
        methods: str,
        path: str,
        handler,
        name: str,
        *,
        site: bool = True,
        auth: str = "token",
        mutating: bool = False,
    ):
        regex = re.compile("^" + re.sub(r"{(\w+)}", r"(?P<\1>[^/]+)", path) + "$")
        route = Route(tuple(methods.split()), regex, handler, name, auth, mutating)
        (self.site_routes if site else self.root_routes).append(route)

    def match(self, method: str, path: str, site: bool) -> tuple[Route | None, dict, bool]:
        """(route, params, path_known). path_known without a route means a wrong method."""
        path_known = False
        for route in self.site_routes if site else self.root_routes:
            found = route.pattern.match(path)
            if found:
                path_known = True
                if method in route.methods or (method == "HEAD" and "GET" in route.methods):
                    return route, found.groupdict(), True
        return None, {}, path_known
