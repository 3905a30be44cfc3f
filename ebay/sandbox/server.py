"""The eBay sandbox's HTTP server and its Python handle for tests.

    sandbox = EbaySandbox(port=0).start()           # a background thread
    sandbox.create_seller("alice_fr", "secret-pw")
    sandbox.add_fault("drop_after_commit", route="inventory.publish", username="alice_fr")
    order = sandbox.buy(listing_id)
    sandbox.stop()

Each request goes: route → bearer token and scope → faults before acting → handler → faults
after acting → the request log.
"""

import ipaddress
import threading
import time
import traceback
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

from stoflow.sandbox_http import SandboxHandler, SandboxHost

from . import account, admin, errors, faults, fulfillment, notification, oauth
from .routes import api_of, build
from .state import LOCAL_APP, SandboxState
from .web import Request, Response, query_dict

ROUTER, ADMIN = build(), admin.build()
BODY_LIMIT = 25 * 1024 * 1024
LOGGED_HEADERS = ("Content-Language", "Content-Type", "Accept-Language", "X-EBAY-C-MARKETPLACE-ID")


class Handler(SandboxHandler):
    server_version = "EbaySandbox/1.0"

    def _handle(self):
        state = self.server.sandbox.state
        split = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= BODY_LIMIT:
            return self._send(Response(413 if length > 0 else 400, b""))
        if (
            self.command in ("POST", "PUT")
            and self.headers.get("Content-Length") is None
            and self.headers.get("Transfer-Encoding") is None
        ):
            return self._send(Response(411, b""))  # a POST without Content-Length (ebay-api §4.1)
        body = self.rfile.read(length) if length else b""
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
        if split.path.startswith("/__sandbox__/"):
            route, params, known = ADMIN.match(self.command, split.path)
            if not ipaddress.ip_address(request.client_ip).is_loopback:
                route = None
            return self._send(
                self._run(route, request, state, params) if route else Response(404 if not known else 405)
            )
        self._send(self._api(request, state))

    def _api(self, request, state) -> Response:
        route, params, known = ROUTER.match(self.command, request.path)
        request.route = route
        fired, response = [], None
        if route is None:
            response = errors.error(404 if not known else 405, 2002, "Resource not found", api="inventory")
        elif route.scope:
            response = oauth.authenticate(request, state, route)
        username = (request.token or {}).get("username")
        if response is None and route.name not in ("oauth.consent", "images", "listing.page"):
            fired = faults.take(state, route.name, username)
            first = next((f for f in fired if f["mode"] in faults.BEFORE), None)
            if first:
                response = faults.before(first, api_of(route.name)) or Response(drop=True)
        if response is None:
            faults.delay(fired)
            response = self._run(route, request, state, params)
            for fault in fired:
                if fault["mode"] == "drop_after_commit":
                    response = Response(drop=True)
                elif fault["mode"] in faults.AFTER:
                    response = faults.after(fault, response, api_of(route.name))
        state.record(
            {
                "time": time.time(),
                "username": username,
                "method": self.command,
                "path": request.path,
                "query": request.query,
                "route": route.name if route else None,
                "headers": {h: request.headers.get(h) for h in LOGGED_HEADERS if request.headers.get(h)},
                "status": None if response.drop else response.status,
                "faults": [f["mode"] for f in fired],
            }
        )
        return response

    def _run(self, route, request, state, params) -> Response:
        try:
            return route.handler(request, state, **params)
        except Exception:  # noqa: BLE001 (a sandbox bug must still answer, as eBay's 500s do)
            traceback.print_exc()
            return errors.system_error(api_of(route.name))


class EbaySandbox(SandboxHost):
    def __init__(
        self,
        port: int = 8766,
        host: str = "127.0.0.1",
        state_file: str | None = None,
        verbose: bool = False,
        accept_url: str | None = None,
    ):
        self.state = SandboxState(state_file)
        if accept_url:  # where the local application's consent comes back (the Stoflow site)
            app = self.state.data["apps"][LOCAL_APP["client_id"]]
            app["accept_url"] = accept_url
            app["declined_url"] = accept_url.rsplit("/", 1)[0] + "/declined"
        self.verbose = verbose
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.sandbox = self
        self._thread = None

    def start(self) -> "EbaySandbox":
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="ebay-sandbox", daemon=True)
        self._thread.start()
        return self

    # The Python handle: the same controls as /__sandbox__/.
    @property
    def local_app(self) -> dict:
        return self.state.data["apps"][LOCAL_APP["client_id"]]

    def create_seller(self, username: str, password: str = "sandbox-pw") -> dict:
        return self.state.create_seller(username, password)

    def register_app(self, **app) -> None:
        with self.state.lock:
            self.state.data["apps"][app["client_id"]] = app

    def add_fault(self, mode: str, **options) -> dict:
        return faults.add(self.state, mode, **options)

    def configure(self, **changes) -> None:
        with self.state.lock:
            self.state.config.update(changes)

    def buy(self, listing_id: str, **options) -> dict:
        return fulfillment.buy(self.state, listing_id, **options)

    def change_order(self, order_id: str, action: str) -> dict:
        return fulfillment.change(self.state, order_id, action)

    def revoke_consent(self, username: str) -> None:
        self.state.revoke_consent(username)

    def advance_clock(self, seconds: float) -> None:
        with self.state.lock:
            self.state.offset += seconds

    def set_up_seller(self, username: str) -> None:
        account.set_up(self.state, username)

    def offers_of(self, username: str) -> list[dict]:
        return [o for o in self.state.data["offers"].values() if o["username"] == username]

    def requests_of(self, username: str | None) -> list[dict]:
        return [r for r in self.state.requests if r["username"] == username]

    def send_deletion(self, username: str, endpoint: str, verification_token: str, **options) -> dict:
        return notification.send_deletion(self.state, username, endpoint, verification_token, **options)


def seed_demo(sandbox: EbaySandbox, password: str) -> dict:
    """The demo seller `make run` connects, set up (see `set_up_seller`), so the demo shop can publish at once."""
    existing = sandbox.state.data["sellers"].get("demo_ebay_seller")
    if existing:
        return existing
    seller = sandbox.state.create_seller("demo_ebay_seller", password)
    account.set_up(sandbox.state, "demo_ebay_seller")
    return seller
