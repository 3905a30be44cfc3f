"""The key ring for secrets at rest, from STOFLOW_ENCRYPTION_KEYS.

Format: "id:base64key,id2:base64key", newest (primary) first, each key 32
bytes. Independent of SECRET_KEY so that either can rotate alone.
"""

import base64
import binascii
import re

from django.conf import settings

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class KeyRingError(ValueError):
    pass


def parse(raw: str) -> list[tuple[str, bytes]]:
    ring = []
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        key_id, sep, encoded = entry.partition(":")
        if not sep or not KEY_ID.match(key_id):
            raise KeyRingError(f"Key ids are 1-32 letters, digits, '-' or '_' followed by ':' ({key_id!r}).")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raise KeyRingError(f"Key {key_id!r} is not valid base64.") from None
        if len(key) != 32:
            raise KeyRingError(f"Key {key_id!r} must decode to 32 bytes, not {len(key)}.")
        if any(existing == key_id for existing, _ in ring):
            raise KeyRingError(f"Key id {key_id!r} appears twice.")
        ring.append((key_id, key))
    if not ring:
        raise KeyRingError("STOFLOW_ENCRYPTION_KEYS holds no key.")
    return ring


def current() -> list[tuple[str, bytes]]:
    return parse(settings.ENCRYPTION_KEYS)
