"""HS256 JSON Web Tokens with the claims Vinted puts in `access_token_web` / `refresh_token_web`.

The signing key is the sandbox's own; clients decode the payload without verifying, as they do
with Vinted's tokens (docs/vinted-api.md §2.2)."""

import base64
import hashlib
import hmac
import json


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(claims: dict, key: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


def verify(token: str, key: bytes) -> dict | None:
    """The claims when the signature is ours, else None. Expiry is the caller's business."""
    try:
        header, payload, signature = token.split(".")
        expected = hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(signature)):
            return None
        claims = json.loads(_unb64(payload))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None


def decode_unverified(token: str) -> dict:
    """What a client does with a Vinted JWT: read the payload, trust nothing."""
    return json.loads(_unb64(token.split(".")[1]))
