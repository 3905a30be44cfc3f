"""The HTTP plumbing the marketplace sandboxes (vinted.sandbox, ebay.sandbox) share.

Only what is the same for every simulated marketplace lives here: the request/response types' common
part, writing a Response to the socket, the Python handle's server lifecycle and the management
commands' serve loop. Routes, body-size
rules, auth and faults stay in each sandbox, since each copies its own marketplace's behaviour.
Standard library only, so both sandboxes can use it without knowing each other.
"""

import json
import signal
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs


@dataclass
class BaseRequest:
    method: str
    path: str  # without the query string
    query: dict
    headers: object  # an email.message.Message: case-insensitive .get()
    body: bytes
    client_ip: str
    base_url: str  # "http://host:port" as the client addressed us

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str | None = None
    headers: list = field(default_factory=list)
    cookies: list = field(default_factory=list)  # ready-made Set-Cookie values
    drop: bool = False  # close the connection without answering

    def header(self, name: str, value: str) -> "Response":
        self.headers.append((name, value))
        return self


def html_response(html: str, status: int = 200) -> Response:
    return Response(status, html.encode(), "text/html; charset=utf-8")


def query_dict(raw: str) -> dict:
    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}


class SandboxHandler(BaseHTTPRequestHandler):
    """Every method goes to `_handle`, which each sandbox's handler defines with its own routes;
    `server.sandbox.verbose` decides whether requests are printed."""

    def log_message(self, format, *args):  # the stdlib's signature
        if self.server.sandbox.verbose:
            super().log_message(format, *args)

    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _send(self, response: Response):
        if response.drop:
            # The side effect happened (or not); the client never hears about it.
            self.close_connection = True
            return
        self.send_response(response.status)
        if response.content_type:
            self.send_header("Content-Type", response.content_type)
        for name, value in response.headers:
            self.send_header(name, value)
        for value in response.cookies:
            self.send_header("Set-Cookie", value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


class SandboxHost:
    """The Python handle's server lifecycle; a subclass sets `self.httpd` (whose `.sandbox` is the handle)."""

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def serve_forever(self):
        self.httpd.serve_forever()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_until_interrupted(sandbox) -> None:
    """Serve in the foreground until Ctrl-C or SIGTERM (from the supervisor), then keep the state."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        sandbox.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.httpd.server_close()
        sandbox.state.save()


def _interrupt(*_):
    raise KeyboardInterrupt
