import base64
import os

import pytest
from cryptography.exceptions import InvalidTag

from stoflow import secretbox

AAD = secretbox.aad("t_aaaaaaaaaa", "acc-1", "vinted_session")


def _ring(*ids):
    return ",".join(f"{i}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}" for i in ids)


def test_seal_then_open_returns_the_plaintext_in_v1_format(settings):
    settings.ENCRYPTION_KEYS = _ring("k2", "k1")
    sealed = secretbox.seal(b"cookie-value", associated_data=AAD)
    assert sealed.startswith("v1:k2:") and b"cookie-value" not in sealed.encode()
    assert secretbox.open_(sealed, associated_data=AAD) == b"cookie-value"


def test_open_with_other_account_or_shop_raises_invalid_tag(settings):
    settings.ENCRYPTION_KEYS = _ring("k1")
    sealed = secretbox.seal(b"secret", associated_data=AAD)
    with pytest.raises(InvalidTag):
        secretbox.open_(sealed, associated_data=secretbox.aad("t_aaaaaaaaaa", "acc-2", "vinted_session"))
    with pytest.raises(InvalidTag):
        secretbox.open_(sealed, associated_data=secretbox.aad("t_bbbbbbbbbb", "acc-1", "vinted_session"))


def test_open_tampered_value_raises_invalid_tag(settings):
    settings.ENCRYPTION_KEYS = _ring("k1")
    sealed = secretbox.seal(b"secret", associated_data=AAD)
    blob = bytearray(base64.urlsafe_b64decode(sealed.split(":", 2)[2]))
    blob[-1] ^= 1
    with pytest.raises(InvalidTag):
        secretbox.open_("v1:k1:" + base64.urlsafe_b64encode(bytes(blob)).decode(), associated_data=AAD)


def test_open_with_key_missing_from_ring_raises_sealed_value_error(settings):
    settings.ENCRYPTION_KEYS = _ring("old")
    sealed = secretbox.seal(b"secret", associated_data=AAD)
    settings.ENCRYPTION_KEYS = _ring("new")
    with pytest.raises(secretbox.SealedValueError):
        secretbox.open_(sealed, associated_data=AAD)
    with pytest.raises(secretbox.SealedValueError):
        secretbox.open_("plain text", associated_data=AAD)


def test_older_key_still_opens_and_needs_rotation(settings):
    old = _ring("old")
    settings.ENCRYPTION_KEYS = old
    sealed = secretbox.seal(b"secret", associated_data=AAD)
    settings.ENCRYPTION_KEYS = _ring("new") + "," + old
    assert secretbox.open_(sealed, associated_data=AAD) == b"secret"
    assert secretbox.needs_rotation(sealed)


def test_two_seals_of_one_value_differ_by_nonce(settings):
    settings.ENCRYPTION_KEYS = _ring("k1")
    assert secretbox.seal(b"x", associated_data=AAD) != secretbox.seal(b"x", associated_data=AAD)
