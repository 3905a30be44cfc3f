"""manage.py rotate_encryption_keys re-seals eBay tokens too (they share the key ring with Vinted sessions)."""

import base64
import io
import os

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from ebay import oauth, tokens
from ebay.models import EbayAccount
from stoflow import secretbox

pytestmark = pytest.mark.django_db


def _key(key_id):
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def test_rotate_reseals_ebay_tokens_under_the_new_key_and_they_still_open(settings, shop_a):
    old = _key("old")
    settings.ENCRYPTION_KEYS = old
    with tenant_context(shop_a.tenant):
        account = EbayAccount(marketplace_id="EBAY_FR", ebay_user_id="u1", username="u1")
        tokens.store_grant(account, oauth.Grant("v^1.1#access", 7200, "v^1.1#refresh", 47304000))
        account.save()
    settings.ENCRYPTION_KEYS = _key("new") + "," + old
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "eBay: 1 accounts re-sealed" in out.getvalue()
    settings.ENCRYPTION_KEYS = settings.ENCRYPTION_KEYS.split(",")[0]  # the old key is gone
    with tenant_context(shop_a.tenant):
        account.refresh_from_db()
        assert secretbox.key_id_of(account.sealed_refresh_token) == "new"
        assert tokens.open_refresh_token(account) == "v^1.1#refresh"
        assert tokens.access_token(account) == "v^1.1#access"
    again = io.StringIO()
    call_command("rotate_encryption_keys", stdout=again)
    assert "eBay: 0 accounts re-sealed" in again.getvalue()
