"""The sandbox's marketplace-account-deletion sender, against a minimal endpoint written from ebay-api §7.3."""

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from .helpers import Api, app_token

TOKEN = "verification-token-0123456789-abcdefghijkl"


@pytest.fixture
def endpoint(sandbox):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            code = parse_qs(urlsplit(self.path).query)["challenge_code"][0]
            digest = hashlib.sha256((code + TOKEN + server.url).encode()).hexdigest()
            body = json.dumps({"challengeResponse": digest}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            header = json.loads(base64.b64decode(self.headers["X-EBAY-SIGNATURE"]))
            key = (
                Api(sandbox.url, app_token(sandbox)).get(f"/commerce/notification/v1/public_key/{header['kid']}").json()
            )
            public = serialization.load_pem_public_key(key["key"].encode())
            try:
                public.verify(base64.b64decode(header["signature"]), body, ec.ECDSA(hashes.SHA1()))
                status = 204
                received.append(json.loads(body))
            except InvalidSignature:
                status = 412
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/account-deletion"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.received = received
    yield server
    server.shutdown()
    server.server_close()


def test_deletion_sender_checks_the_challenge_then_posts_a_signed_notification(sandbox, seller, endpoint):
    result = sandbox.send_deletion("alice_fr", endpoint.url, TOKEN)
    assert result == {"challenge_status": 200, "challenge_ok": True, "notification_status": 204}
    note = endpoint.received[0]
    assert note["metadata"]["topic"] == "MARKETPLACE_ACCOUNT_DELETION"
    assert note["notification"]["data"]["username"] == "alice_fr"
    assert note["notification"]["data"]["userId"] == seller["userId"]


def test_deletion_sender_with_a_wrong_verification_token_stops_at_the_challenge(sandbox, seller, endpoint):
    result = sandbox.send_deletion("alice_fr", endpoint.url, "another-token-0123456789-abcdefghijklmnop")
    assert result == {"challenge_status": 200, "challenge_ok": False}
    assert endpoint.received == []


def test_deletion_sender_tampered_body_fails_the_signature(sandbox, seller, endpoint):
    result = sandbox.send_deletion("alice_fr", endpoint.url, TOKEN, tamper=True)
    assert result["notification_status"] == 412 and endpoint.received == []


def test_public_key_of_an_unknown_kid_answers_404(sandbox):
    assert Api(sandbox.url, app_token(sandbox)).get("/commerce/notification/v1/public_key/nope").status_code == 404


def test_controls_overview_lists_the_fault_modes(sandbox):
    assert requests.get(f"{sandbox.url}/__sandbox__/", timeout=5).json()["fault_modes"]
