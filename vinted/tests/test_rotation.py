"""manage.py rotate_encryption_keys re-seals every shop's sessions under the primary key."""

import base64
import io
import os

import pytest
from django.core.management import call_command
from django_tenants.utils import tenant_context

from stoflow import secretbox
from vinted.models import VintedAccount
from vinted.sessions import VintedSession, open_session, seal_session

pytestmark = pytest.mark.django_db


def _key(key_id):
    return f"{key_id}:{base64.urlsafe_b64encode(os.urandom(32)).decode()}"


def _account(shop, user_id):
    with tenant_context(shop.tenant):
        account = VintedAccount(domain="www.vinted.fr", vinted_user_id=user_id, login=f"u{user_id}")
        account.sealed_session = seal_session(
            account,
            VintedSession(
                cookies={"access_token_web": f"token-{user_id}", "datadome": "d", "anon_id": "a"}, user_agent="UA"
            ),
        )
        account.save()
        return account


def test_rotate_reseals_old_rows_in_every_shop_and_is_resumable(settings, shop_a, shop_b):
    old = _key("old")
    settings.ENCRYPTION_KEYS = old
    accounts = [_account(shop_a, 1), _account(shop_a, 2), _account(shop_b, 3)]
    settings.ENCRYPTION_KEYS = _key("new") + "," + old
    out = io.StringIO()
    call_command("rotate_encryption_keys", "--batch-size", "1", stdout=out)
    assert "3 re-sealed" in out.getvalue()
    for shop, account in zip((shop_a, shop_a, shop_b), accounts, strict=True):
        with tenant_context(shop.tenant):
            account.refresh_from_db()
            assert account.sealed_session.startswith("v1:new:")
            assert open_session(account).cookies["access_token_web"] == f"token-{account.vinted_user_id}"
    settings.ENCRYPTION_KEYS = settings.ENCRYPTION_KEYS.split(",")[0]  # the old key can now go
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "0 re-sealed, 3 already current" in out.getvalue()


def test_rotate_counts_a_row_that_does_not_open_and_leaves_it(settings, shop_a):
    settings.ENCRYPTION_KEYS = _key("old")
    account = _account(shop_a, 9)
    with tenant_context(shop_a.tenant):
        # A sealed value moved onto another account: its associated data no longer matches.
        other = VintedAccount.objects.create(
            domain="www.vinted.fr", vinted_user_id=10, sealed_session=account.sealed_session
        )
    settings.ENCRYPTION_KEYS = _key("new") + "," + settings.ENCRYPTION_KEYS
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "1 re-sealed" in out.getvalue() and "1 could not be opened" in out.getvalue()
    with tenant_context(shop_a.tenant):
        other.refresh_from_db()
    assert secretbox.key_id_of(other.sealed_session) == "old"
