"""The eBay accounts page and connecting through eBay's consent page (ebay-api §2.1)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay import config
from ebay.models import EbayAccount
from tests.factories import add_member

from .conftest import agree_on_ebay

pytestmark = pytest.mark.django_db


def _accounts(shop):
    with tenant_context(shop.tenant):
        return list(EbayAccount.objects.all())


def test_accounts_page_without_application_keys_answers_404(client_a, settings):
    settings.EBAY_CLIENT_ID = ""
    assert client_a.get(reverse("ebay:accounts")).status_code == 404


def test_accounts_page_lists_the_account_without_any_token(client_a, ebay_account):
    html = client_a.get(reverse("ebay:accounts")).content.decode()
    assert "alice_fr" in html and "ebay.fr" in html and 'data-status="connected"' in html
    assert "v1:" not in html and "v^1.1" not in html


def test_connect_redirects_to_the_consent_page_with_runame_scopes_and_state(client_a, ebay_sandbox, settings):
    answer = client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_DE"})
    assert answer.status_code == 302
    split = urlsplit(answer["Location"])
    assert f"{split.scheme}://{split.netloc}{split.path}" == f"{ebay_sandbox.url}/oauth2/authorize"
    query = {k: v[0] for k, v in parse_qs(split.query).items()}
    assert query["client_id"] == settings.EBAY_CLIENT_ID and query["redirect_uri"] == settings.EBAY_RUNAME
    assert query["response_type"] == "code" and query["scope"].split() == list(config.USER_SCOPES)
    assert len(query["state"]) >= 32 and query["locale"] == "de-DE"


def test_connect_with_an_unknown_marketplace_shows_the_field_error(client_a, ebay_sandbox):
    answer = client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_US"})
    assert answer.status_code == 400 and 'name="marketplace"' in answer.content.decode()


def test_consent_accepted_connects_the_account_with_sealed_tokens(client_a, ebay_seller, shop_a):
    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    assert back["path"] == "/ebay/consent/accepted"
    answer = client_a.get(back["path"], {"state": back["state"], "code": back["code"]}, follow=True)
    assert "alice_fr" in answer.content.decode()
    [account] = _accounts(shop_a)
    assert (account.username, account.marketplace_id, account.status) == ("alice_fr", "EBAY_FR", "connected")
    assert account.ebay_user_id == ebay_seller["userId"]
    assert account.sealed_refresh_token.startswith("v1:") and "v^1.1" not in account.sealed_refresh_token
    assert account.sealed_access_token.startswith("v1:")


def test_consent_accepted_with_a_wrong_state_connects_nothing(client_a, ebay_seller, shop_a):
    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    answer = client_a.get(back["path"], {"state": "forged", "code": back["code"]}, follow=True)
    assert "does not match" in answer.content.decode()
    assert _accounts(shop_a) == []


def test_consent_accepted_twice_with_the_same_state_connects_once(client_a, ebay_seller, shop_a):
    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    client_a.get(back["path"], {"state": back["state"], "code": back["code"]})
    again = client_a.get(back["path"], {"state": back["state"], "code": back["code"]}, follow=True)
    assert "does not match" in again.content.decode()
    assert len(_accounts(shop_a)) == 1


def test_consent_accepted_in_another_users_session_connects_nothing(client_a, ebay_seller, shop_a, shop_b):
    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    other = Client()
    other.force_login(shop_b.owner)
    answer = other.get(back["path"], {"state": back["state"], "code": back["code"]}, follow=True)
    assert "does not match" in answer.content.decode()
    assert _accounts(shop_a) == [] and _accounts(shop_b) == []


def test_consent_declined_connects_nothing_and_says_so(client_a, ebay_seller, shop_a):
    back = agree_on_ebay(
        client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"], decision="decline"
    )
    assert back["path"] == "/ebay/consent/declined" and back["error"] == "access_denied"
    answer = client_a.get(back["path"], {"error": back["error"], "state": back["state"]}, follow=True)
    assert "nothing was connected" in answer.content.decode()
    assert _accounts(shop_a) == []


def test_reconnecting_the_same_seller_updates_the_account(client_a, ebay_account, shop_a):
    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    client_a.get(back["path"], {"state": back["state"], "code": back["code"]})
    [account] = _accounts(shop_a)
    assert account.public_id == ebay_account.public_id


def test_viewer_cannot_start_a_connection(client, shop_a, ebay_sandbox):
    client.force_login(add_member(shop_a, "viewer"))
    assert client.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"}).status_code == 403


def test_viewer_coming_back_from_ebay_connects_nothing(client, shop_a, ebay_seller):
    client.force_login(add_member(shop_a, "viewer"))
    assert client.get(reverse("ebay:consent_accepted"), {"state": "s", "code": "c"}).status_code == 403


def test_disconnect_forgets_the_account(client_a, ebay_account, shop_a):
    answer = client_a.post(reverse("ebay:disconnect", args=[ebay_account.public_id]))
    assert answer.status_code == 302 and _accounts(shop_a) == []


def test_accounts_page_in_french_explains_the_consent(client_a, ebay_account):
    html = client_a.get(reverse("ebay:accounts"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Comptes eBay" in html and "Continuer vers eBay" in html


def test_accounts_page_policy_lets_the_connect_form_lead_to_the_consent_page(client_a, ebay_sandbox):
    # The browser checks form-action against the redirect after the form too: without eBay's
    # consent origin the seller stays on this page.
    policy = client_a.get(reverse("ebay:accounts"))["Content-Security-Policy"]
    form_action = next(d for d in policy.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1:] == ["'self'", ebay_sandbox.url]
    assert "script-src 'self'" in policy
