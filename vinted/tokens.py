"""Reading Vinted's JWT access tokens without verifying them (docs/vinted-api.md §2.2).

The signing key is Vinted's, so we cannot verify; we only read the expiry and
the user id to decide whether a session is worth trying.
"""

import base64
import datetime
import json


class NotAToken(ValueError):
    pass


def claims(token: str) -> dict:
    parts = (token or "").split(".")
    if len(parts) != 3 or not parts[1] or len(token) > 8192:
        raise NotAToken("not a JWT")
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise NotAToken("unreadable JWT payload") from None
    if not isinstance(data, dict):
        raise NotAToken("JWT payload is not an object")
    return data


def expires_at(data: dict) -> datetime.datetime | None:
    exp = data.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        return None
    return datetime.datetime.fromtimestamp(exp, tz=datetime.UTC)


def user_id(data: dict) -> int | None:
    # Observations disagree on the claim's name: account_id, then sub, then user_id.
    for name in ("account_id", "sub", "user_id"):
        value = data.get(name)
        if isinstance(value, bool):
            continue
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return int(value)
    return None
