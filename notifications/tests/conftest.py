"""A webhook receiver on loopback that checks each request's signature like a real one would."""

import hashlib
import hmac
import http.server
import json
import threading
import time

import pytest


class Receiver:
    def __init__(self, status: int = 200):
        self.status, self.secret, self.received = status, "", []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {
                        "headers": dict(self.headers),
                        "body": json.loads(body),
                        "signature_ok": receiver.verify(self.headers["X-Stoflow-Signature"], body),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/stoflow?x=1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def verify(self, header: str, body: bytes, tolerance: int = 300) -> bool:
        parts = dict(part.split("=", 1) for part in header.split(","))
        expected = hmac.new(self.secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < tolerance

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True


@pytest.fixture
def seller_a(client_a, shop_a):
    """Shop A's owner's client; the test body runs inside shop A's schema."""
    from django_tenants.utils import tenant_context

    from tests.clients import staying_in

    with tenant_context(shop_a.tenant):
        yield staying_in(client_a, shop_a.tenant)
