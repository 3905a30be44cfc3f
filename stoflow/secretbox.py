"""AES-256-GCM sealing of secrets at rest: Vinted sessions, eBay refresh tokens.

Why and how keys rotate: docs/decisions/0005-sealed-sessions.md.

A sealed value is `v1:<key_id>:<b64url(nonce || ciphertext+tag)>`. The
associated data binds it to one shop and one account, so a value copied into
another row, or another shop's schema, fails to open. Opening raises
`cryptography.exceptions.InvalidTag` on any mismatch: there is no fallback
that would hand back stored text.
"""

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.views.decorators.debug import sensitive_variables

from stoflow import keyring

VERSION = "v1"


class SealedValueError(ValueError):
    """The stored value is not in our format or names a key the ring lacks."""


def aad(tenant_schema: str, account_id: str, purpose: str) -> bytes:
    return f"{tenant_schema}|{account_id}|{purpose}".encode()


def primary_key_id() -> str:
    return keyring.current()[0][0]


@sensitive_variables("plaintext", "key", "blob")
def seal(plaintext: bytes, *, associated_data: bytes) -> str:
    key_id, key = keyring.current()[0]
    nonce = os.urandom(12)
    blob = nonce + AESGCM(key).encrypt(nonce, plaintext, associated_data)
    return f"{VERSION}:{key_id}:{base64.urlsafe_b64encode(blob).decode()}"


def key_id_of(sealed: str) -> str:
    version, _sep, rest = sealed.partition(":")
    key_id, sep, _blob = rest.partition(":")
    if version != VERSION or not sep:
        raise SealedValueError("not a sealed value")
    return key_id


@sensitive_variables("keys", "blob")
def open_(sealed: str, *, associated_data: bytes) -> bytes:
    key_id = key_id_of(sealed)
    keys = dict(keyring.current())
    if key_id not in keys:
        raise SealedValueError(f"key {key_id!r} is not in STOFLOW_ENCRYPTION_KEYS")
    blob = base64.urlsafe_b64decode(sealed.split(":", 2)[2])
    if len(blob) < 12 + 16:
        raise SealedValueError("sealed value too short")
    return AESGCM(keys[key_id]).decrypt(blob[:12], blob[12:], associated_data)


def needs_rotation(sealed: str) -> bool:
    return bool(sealed) and key_id_of(sealed) != primary_key_id()


# Other apps' sealed values re-sealed by `manage.py rotate_encryption_keys`: name -> rotate_all(batch_size,
# report) returning (re-sealed, failed). Registered from AppConfig.ready(), so the command needs no import.
_rotations: dict = {}


def register_rotation(name: str, rotate_all) -> None:
    _rotations[name] = rotate_all


def rotations() -> list:
    return sorted(_rotations.items())
