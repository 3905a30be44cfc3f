"""eBay's marketplace account deletion notifications (ebay-api §7.3): the endpoint's challenge answer,
the signature check, and forgetting the user in every shop that holds their data."""

import base64
import binascii
import hashlib
import json

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django_tenants.utils import schema_context

from . import config, oauth
from .directory.models import EbayUserShop

KEY_CACHE_SECONDS = 3600


class InvalidNotification(Exception):
    pass


def enabled() -> bool:
    return config.enabled() and bool(settings.EBAY_DELETION_VERIFICATION_TOKEN)


def challenge_response(challenge_code: str) -> str:
    text = challenge_code + settings.EBAY_DELETION_VERIFICATION_TOKEN + settings.EBAY_DELETION_ENDPOINT
    return hashlib.sha256(text.encode()).hexdigest()


def _public_key(kid: str):
    cache = caches["shared"]
    key = f"ebay:notification-key:{settings.EBAY_ENVIRONMENT}:{kid}"
    pem = cache.get(key)
    if pem is None:
        try:
            answer = requests.get(
                f"{config.endpoints().api}/commerce/notification/v1/public_key/{kid}",
                headers={"Authorization": f"Bearer {oauth.app_token()}"},
                timeout=oauth.TIMEOUT,
            )
        except requests.RequestException as error:
            raise oauth.OAuthError("unavailable", type(error).__name__) from None
        if answer.status_code == 404:
            raise InvalidNotification("unknown key id")
        if answer.status_code != 200:
            raise oauth.OAuthError("unavailable", f"public key HTTP {answer.status_code}")
        pem = answer.json()["key"]
        cache.set(key, pem, KEY_CACHE_SECONDS)
    return serialization.load_pem_public_key(pem.encode())


def verify(body: bytes, signature_header: str) -> dict:
    """The notification, once its X-EBAY-SIGNATURE (SHA1withECDSA over the exact body) checks out."""
    try:
        header = json.loads(base64.b64decode(signature_header, validate=True))
        kid, signature = str(header["kid"]), base64.b64decode(header["signature"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise InvalidNotification("unreadable signature header") from None
    public_key = _public_key(kid)
    if not isinstance(public_key, ec.EllipticCurvePublicKey):
        raise InvalidNotification("not an ECDSA key")
    try:
        public_key.verify(signature, body, ec.ECDSA(hashes.SHA1()))  # SHA-1: eBay's algorithm
    except InvalidSignature:
        raise InvalidNotification("bad signature") from None
    try:
        payload = json.loads(body)
        data = payload["notification"]["data"]
        topic = payload["metadata"]["topic"]
    except (ValueError, KeyError, TypeError):
        raise InvalidNotification("not a notification") from None
    if topic != "MARKETPLACE_ACCOUNT_DELETION" or not data.get("userId"):
        raise InvalidNotification("not an account deletion")
    return data


def forget_user(ebay_user_id: str) -> int:
    """Delete the user's eBay accounts (and their tokens) in every shop that holds them."""
    from .models import EbayAccount

    deleted = 0
    for link in EbayUserShop.objects.filter(ebay_user_id=ebay_user_id):
        with schema_context(link.tenant_schema), transaction.atomic():
            deleted += EbayAccount.objects.filter(ebay_user_id=ebay_user_id).delete()[0]
        link.delete()
    return deleted
