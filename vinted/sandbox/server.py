"""The sandbox HTTP server and its Python handle for tests.

    sandbox = SandboxServer(port=0).start()   # a background thread
    seller = sandbox.create_seller("alice", "secret-pw", site="fr")
    sandbox.add_fault("bot_challenge", seller_id=seller["id"], route="items.create", times="once")
    ...
    sandbox.stop()

Each request goes: site prefix → route → who is calling → faults → session and CSRF checks →
handler → the request log. `{sandbox.url}/{site}` is what a client uses as the Vinted domain.
"""

import ipaddress
import sys
import threading
import time
import traceback
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

from stoflow.sandbox_http import SandboxHandler, SandboxHost

from . import admin, auth, errors, faults
from .fixtures import SITES
from .messages import locale_of
from .photos import parse_multipart
from .routes import build
from .state import SandboxState
from .web import Request, Response, html_response, query_dict

ROUTER = build()
BODY_LIMIT = 25 * 1024 * 1024


def _site_of(path: str):
    """(site, subpath) for /<site>/..., else (None, path)."""
    head, _, rest = path.lstrip("/").partition("/")
    if head in SITES:
        return SITES[head], "/" + rest
    return None, path


def _body_summary(request) -> object:
    content_type = request.headers.get("Content-Type") or ""
    if not request.body:
        return None
    if "json" in content_type:
        parsed = request.json()
        return parsed if parsed is not None else request.body[:500].decode("utf-8", "replace")
    if content_type.startswith("multipart/form-data"):
        fields, files = parse_multipart(request)
        return {
            "fields": fields,
            "files": {k: {"filename": f, "content_type": t, "size": len(d)} for k, (f, t, d) in files.items()},
        }
    if content_type.startswith("application/x-www-form-urlencoded"):
        # The sandbox's own sign-in form: keep the field names, never the password.
        fields = query_dict(request.body.decode("utf-8", "replace"))
        return {k: ("***" if "password" in k else v) for k, v in fields.items()}
    return {"size": len(request.body), "start": request.body[:200].decode("utf-8", "replace")}


class Handler(SandboxHandler):
    server_version = "VintedSandbox/1.0"
    do_HEAD = SandboxHandler.do_GET

    def _handle(self):
        state = self.server.sandbox.state
        split = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._send(Response(400, b""))
        if length > BODY_LIMIT:
            return self._send(Response(413, b""))
        body = self.rfile.read(length) if length > 0 else b""
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        request = Request(
            self.command,
            split.path,
            query_dict(split.query),
            self.headers,
            body,
            self.client_address[0],
            f"http://{host}",
        )
        request.locale = locale_of(self.headers)
        request.site, request.subpath = _site_of(split.path)
        if request.site is None:
            self._send(self._answer_root(request, state))
        else:
            self._send(self._answer_site(request, state, split.query))

    def _answer_root(self, request, state) -> Response:
        route, params, _ = ROUTER.match(self.command, request.path, site=False)
        if route and route.name == "admin" and not ipaddress.ip_address(request.client_ip).is_loopback:
            route = None  # the controls answer the machine itself only
        return self._run(route, request, state, params) if route else self._root(request)

    def _answer_site(self, request, state, query: str) -> Response:
        route, params, known = ROUTER.match(self.command, request.subpath, site=True)
        request.route, request.params = route, params
        auth.identify(request, state)
        fired = []
        if route is None:
            response = errors.not_found_html() if not known else Response(405, b"")
        else:
            fired = faults.take(state, request)
            faults.apply_delay(fired)
            shown = next((f for f in fired if f["mode"] not in ("slow", "drop_after_commit")), None)
            if shown:  # DataDome and friends answer before Vinted's own checks
                response = faults.render(shown, request, state)
            else:
                response = auth.check_access(request, state) or self._run(route, request, state, params)
            if any(f["mode"] == "drop_after_commit" for f in fired):
                response.drop = True
        self._decorate(request, response, state)
        state.record(
            {
                "time": time.time(),
                "seller_id": request.seller_id,
                "site": request.site.code,
                "method": self.command,
                "path": request.path,
                "query": query,
                "route": route.name if route else None,
                "headers": dict(self.headers.items()),
                "body": _body_summary(request),
                "status": None if response.drop else response.status,
                "faults": [f["mode"] for f in fired],
                "mutating": bool(route and route.mutating),
            }
        )
        return response

    def _run(self, route, request, state, params) -> Response:
        try:
            return route.handler(request, state, **params)
        except Exception:  # noqa: BLE001 (a sandbox bug must still answer, as Vinted's 5xx do)
            traceback.print_exc()
            return errors.server_error(request.locale)

    def _root(self, request) -> Response:
        if request.path != "/":
            return errors.not_found_html()
        links = "".join(f'<li><a href="/{code}/">/{code}/</a> ({site.currency})</li>' for code, site in SITES.items())
        return html_response(f"<!doctype html><title>Vinted sandbox</title><h1>Vinted sandbox</h1><ul>{links}</ul>")

    def _decorate(self, request, response: Response, state):
        """Vinted's edge re-issues the datadome cookie on ordinary responses now and then."""
        with state.lock:
            state.counters["responses"] += 1
            nth = state.counters["responses"]
        every = int(state.config["datadome_every"] or 0)
        if every and nth % every == 0 and not any(c.startswith("datadome=") for c in response.cookies):
            response.cookies.append(auth.datadome_cookie(f"/{request.site.code}/"))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout tests, dropped connections) is business as usual.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class SandboxServer(SandboxHost):
    def __init__(self, port: int = 0, host: str = "127.0.0.1", state_file=None, verbose: bool = False, **config):
        self.state = SandboxState(state_file, **config)
        self.verbose = verbose
        self.httpd = _HTTPServer((host, port), Handler)
        self.httpd.sandbox = self
        self._thread = None

    def site_url(self, site: str = "fr") -> str:
        """What the Stoflow client treats as the Vinted domain base URL."""
        return f"{self.url}/{site}"

    def start(self) -> "SandboxServer":
        # A short poll interval keeps stop() quick in tests.
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), name="vinted-sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        super().stop()
        self.state.save()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- test set-up and assertions ------------------------------------------------------------

    def configure(self, **config):
        with self.state.lock:
            self.state.config.update(config)

    def reset(self):
        self.state.reset()

    def create_seller(self, login: str, password: str = "sandbox-pass", site: str = "fr", email: str = "") -> dict:
        return admin.public_seller(self.state.create_seller(login, password, site, email))

    def issue_session(self, seller_id: int) -> dict:
        return admin.issue_session(self.state, seller_id, self.url)

    def add_fault(
        self,
        mode: str,
        seller_id: int | None = None,
        route: str | None = None,
        times="always",
        probability: float | None = None,
        **params,
    ) -> dict:
        fault = faults.make_fault(mode, seller_id, route, times, probability, **params)
        with self.state.lock:
            self.state.faults.append(fault)
        return fault

    def clear_faults(self):
        with self.state.lock:
            self.state.faults.clear()

    def request_log(self, seller_id: int | None = None) -> list[dict]:
        return self.state.requests_of(seller_id)

    def mutating_count(self, seller_id: int, window: float | None = None) -> int:
        return len(self.state.mutation_times(seller_id, window))

    def mutation_times(self, seller_id: int, window: float | None = None) -> list[float]:
        return self.state.mutation_times(seller_id, window)

    def listings(self, seller_id: int) -> list[dict]:
        return [dict(i) for i in self.state.items_of(seller_id)]

    def mark_sold(self, item_id: int, sold: bool = True) -> dict:
        return admin.mark_sold(self.state, item_id, sold)

    def set_reserved(self, item_id: int, reserved: bool = True) -> dict:
        return admin.set_reserved(self.state, item_id, reserved)

    def set_stats(self, item_id: int, views: int | None = None, favourites: int | None = None) -> dict:
        return admin.set_stats(self.state, item_id, views, favourites)

    def change_tree(self, retire=(), move=None) -> dict:
        """Retire nodes (with their subtrees) and move nodes under new parents, as Vinted's tree changes."""
        return admin.change_tree(self.state, retire, move)

    def reset_tree(self) -> None:
        admin.change_tree(self.state, (), None, replace=True)

    def photo_bytes(self, photo_id: int) -> bytes:
        return self.state.photos[photo_id]["data"]


def seed_demo(
    sandbox: SandboxServer, login: str = "demo_seller", password: str = "sandbox-demo", site: str = "fr"
) -> dict:
    """The demo seller `make run` connects to; idempotent across restarts."""
    existing = sandbox.state.seller_by_login(site, login)
    return admin.public_seller(existing) if existing else sandbox.create_seller(login, password, site)


__all__ = ["SandboxServer", "seed_demo"]
