"""Test helpers: JWT-shaped tokens and export payloads (no secrets of any real account)."""

import base64
import json
import time


def fake_jwt(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def export_payload(domain="www.vinted.fr", user_id=4242, expires_in=7200, **overrides) -> dict:
    token = fake_jwt(
        {
            "account_id": user_id,
            "sub": str(user_id),
            "purpose": "access",
            "exp": int(time.time()) + expires_in,
            "iat": int(time.time()),
        }
    )
    payload = {
        "domain": domain,
        "vinted_user_id": user_id,
        "captured_at": "2026-03-01T10:15:00Z",
        "cookies": {
            "access_token_web": token,
            "datadome": "dd-SECRET-datadome-value",
            "anon_id": "anon-1234",
            "v_uid": str(user_id),
        },
        "csrf_token": "3f2b8c1e-7d4a-4b9e-8c21-5e6f7a8b9c0d",
        "anon_id": "anon-1234",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Test/1.0",
        "ua_client_hints": {"brands": [], "platform": "Linux", "mobile": False},
        "locale": "fr-FR",
    }
    payload.update(overrides)
    return payload
