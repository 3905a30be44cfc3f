"""Access tokens refreshed by the server; revoked consent marks the account "reconnect needed" (ebay-api §2.3-2.4)."""

import datetime

import pytest
import requests
from cryptography.exceptions import InvalidTag
from django.utils import timezone
from django_tenants.utils import tenant_context

from ebay import oauth, tokens
from ebay.models import EbayAccount

pytestmark = pytest.mark.django_db


def _token_calls(sandbox):
    return [r for r in sandbox.state.requests if r["route"] == "oauth.token"]


def _works(sandbox, access):
    return (
        requests.get(
            f"{sandbox.url}/sell/inventory/v1/location", timeout=5, headers={"Authorization": f"Bearer {access}"}
        ).status_code
        == 200
    )


def test_access_token_while_valid_is_reused_without_a_token_call(ebay_sandbox, ebay_account, shop_a):
    before = len(_token_calls(ebay_sandbox))
    with tenant_context(shop_a.tenant):
        access = tokens.access_token(ebay_account)
    assert _works(ebay_sandbox, access) and len(_token_calls(ebay_sandbox)) == before


def test_access_token_five_minutes_before_expiry_is_refreshed(ebay_sandbox, ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        old = tokens.access_token(ebay_account)
        ebay_account.access_expires_at = timezone.now() + datetime.timedelta(minutes=4)
        ebay_account.save()
        new = tokens.access_token(ebay_account)
        stored = EbayAccount.objects.get(pk=ebay_account.pk)
    assert new != old and _works(ebay_sandbox, new)
    assert stored.access_expires_at > timezone.now() + datetime.timedelta(hours=1)


def test_access_token_after_revoked_consent_marks_reconnect_needed(ebay_sandbox, ebay_account, shop_a):
    ebay_sandbox.revoke_consent("alice_fr")
    with tenant_context(shop_a.tenant):
        ebay_account.access_expires_at = timezone.now()
        ebay_account.save()
        with pytest.raises(tokens.ReconnectNeeded):
            tokens.access_token(ebay_account)
        stored = EbayAccount.objects.get(pk=ebay_account.pk)
        calls = len(_token_calls(ebay_sandbox))
        with pytest.raises(tokens.ReconnectNeeded):  # no second refresh attempt
            tokens.access_token(stored)
    assert stored.status == EbayAccount.Status.RECONNECT_NEEDED and stored.sealed_access_token == ""
    assert len(_token_calls(ebay_sandbox)) == calls


def test_access_token_when_ebay_fails_raises_unavailable_and_keeps_the_account(ebay_sandbox, ebay_account, shop_a):
    ebay_sandbox.add_fault("system_error", route="oauth.token")
    with tenant_context(shop_a.tenant):
        ebay_account.access_expires_at = timezone.now()
        ebay_account.save()
        with pytest.raises(oauth.OAuthError) as raised:
            tokens.access_token(ebay_account)
        assert EbayAccount.objects.get(pk=ebay_account.pk).status == EbayAccount.Status.CONNECTED
    assert raised.value.kind == "unavailable"


def test_sealed_refresh_token_copied_to_another_account_does_not_open(ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        other = EbayAccount.objects.create(
            marketplace_id="EBAY_DE",
            ebay_user_id="x",
            username="x",
            sealed_refresh_token=ebay_account.sealed_refresh_token,
        )
        assert tokens.open_refresh_token(ebay_account).startswith("v^1.1")
        with pytest.raises(InvalidTag):
            tokens.open_refresh_token(other)


def test_account_repr_shows_no_token(ebay_account):
    assert "v1:" not in repr(ebay_account) and "v^1.1" not in repr(ebay_account)
