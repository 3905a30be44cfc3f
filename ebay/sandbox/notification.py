"""The Notification API's public keys and the marketplace-account-deletion sender (ebay-api §7.3).

The sandbox signs like eBay: X-EBAY-SIGNATURE is base64 of {"alg","kid","signature","digest"}, the
signature SHA1withECDSA over the exact JSON body; the key is served at /public_key/{kid}.
"""

import base64
import hashlib
import json
import uuid

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from . import errors
from .web import json_response

KID = "sandbox-key-1"
_KEY = ec.generate_private_key(ec.SECP256R1())  # one per sandbox process


def public_pem() -> str:
    return (
        _KEY.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def public_key(request, state, kid, **_):
    if kid != KID:
        return errors.error(404, 195004, "The specified key id is invalid.", api="notification")
    return json_response({"key": public_pem(), "algorithm": "ECDSA", "digest": "SHA1"})


def signature_header(body: bytes) -> str:
    signature = _KEY.sign(body, ec.ECDSA(hashes.SHA1()))  # SHA-1: eBay's algorithm
    return base64.b64encode(
        json.dumps(
            {"alg": "ECDSA", "kid": KID, "signature": base64.b64encode(signature).decode(), "digest": "SHA1"}
        ).encode()
    ).decode()


def deletion_payload(state, seller: dict) -> bytes:
    now = state.iso()
    return json.dumps(
        {
            "metadata": {"topic": "MARKETPLACE_ACCOUNT_DELETION", "schemaVersion": "1.0", "deprecated": False},
            "notification": {
                "notificationId": str(uuid.uuid4()),
                "eventDate": now,
                "publishDate": now,
                "publishAttemptCount": 1,
                "data": {"username": seller["username"], "userId": seller["userId"], "eiasToken": seller["eiasToken"]},
            },
        }
    ).encode()


def send_deletion(state, username: str, endpoint: str, verification_token: str, *, tamper: bool = False) -> dict:
    """What eBay does when a user closes their account: check the endpoint's challenge answer, then
    POST the signed notification. Returns what happened at each step."""
    seller = state.data["sellers"][username]
    challenge = uuid.uuid4().hex
    answer = requests.get(endpoint, params={"challenge_code": challenge}, timeout=10)
    expected = hashlib.sha256((challenge + verification_token + endpoint).encode()).hexdigest()
    try:
        given = answer.json().get("challengeResponse")
    except ValueError:
        given = None
    result = {"challenge_status": answer.status_code, "challenge_ok": answer.status_code == 200 and given == expected}
    if not result["challenge_ok"]:
        return result
    body = deletion_payload(state, seller)
    header = signature_header(body)
    if tamper:  # a forged notification: the body no longer matches the signature
        body = body.replace(seller["username"].encode(), b"someone_else")
    sent = requests.post(
        endpoint, data=body, timeout=10, headers={"Content-Type": "application/json", "X-EBAY-SIGNATURE": header}
    )
    result["notification_status"] = sent.status_code
    return result
