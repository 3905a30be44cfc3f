"""The marketplace account deletion endpoint (ebay-api §7.3), fed by the eBay sandbox's signer."""

import hashlib

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay import notifications
from ebay.directory.models import EbayUserShop
from ebay.models import EbayAccount
from ebay.sandbox import notification as signer

pytestmark = pytest.mark.django_db
TOKEN = "verification-token-0123456789-abcdefghijkl"
ENDPOINT = "https://shop.example.com/ebay/notifications/account-deletion"


@pytest.fixture
def deletion_settings(settings, ebay_sandbox):
    settings.EBAY_DELETION_VERIFICATION_TOKEN = TOKEN
    settings.EBAY_DELETION_ENDPOINT = ENDPOINT
    shared = caches["shared"]
    shared.delete(f"ebay:app-token:local:{django_settings.EBAY_CLIENT_ID}")
    shared.delete(f"ebay:notification-key:local:{signer.KID}")
    yield settings
    shared.delete(f"ebay:app-token:local:{django_settings.EBAY_CLIENT_ID}")
    shared.delete(f"ebay:notification-key:local:{signer.KID}")


def _post(client, body: bytes, header: str):
    return client.post(
        reverse("ebay:account_deletion"), data=body, content_type="application/json", HTTP_X_EBAY_SIGNATURE=header
    )


def _accounts(shop):
    with tenant_context(shop.tenant):
        return list(EbayAccount.objects.all())


def test_challenge_answers_the_sha256_of_code_token_and_endpoint(client, deletion_settings):
    answer = client.get(reverse("ebay:account_deletion"), {"challenge_code": "abc123"})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert answer.json() == {"challengeResponse": hashlib.sha256(f"abc123{TOKEN}{ENDPOINT}".encode()).hexdigest()}


def test_endpoint_without_a_verification_token_answers_404(client, settings):
    settings.EBAY_DELETION_VERIFICATION_TOKEN = ""
    assert client.get(reverse("ebay:account_deletion"), {"challenge_code": "x"}).status_code == 404


def test_signed_deletion_deletes_the_users_accounts_and_tokens(
    client, deletion_settings, ebay_sandbox, ebay_seller, ebay_account, shop_a
):
    assert EbayUserShop.objects.filter(ebay_user_id=ebay_seller["userId"]).count() == 1
    body = signer.deletion_payload(ebay_sandbox.state, ebay_seller)
    answer = _post(client, body, signer.signature_header(body))
    assert answer.status_code == 204
    assert _accounts(shop_a) == []
    assert not EbayUserShop.objects.filter(ebay_user_id=ebay_seller["userId"]).exists()


def test_tampered_deletion_answers_412_and_deletes_nothing(
    client, deletion_settings, ebay_sandbox, ebay_seller, ebay_account, shop_a
):
    body = signer.deletion_payload(ebay_sandbox.state, ebay_seller)
    header = signer.signature_header(body)
    answer = _post(client, body.replace(b"alice_fr", b"mallory"), header)
    assert answer.status_code == 412 and len(_accounts(shop_a)) == 1


def test_unreadable_signature_header_answers_412(client, deletion_settings, ebay_sandbox, ebay_seller):
    assert _post(client, signer.deletion_payload(ebay_sandbox.state, ebay_seller), "not-base64!").status_code == 412


def test_deletion_when_ebay_cannot_give_the_key_answers_503_so_ebay_resends(
    client, deletion_settings, ebay_sandbox, ebay_seller, ebay_account, shop_a
):
    ebay_sandbox.add_fault("system_error", route="oauth.token")
    body = signer.deletion_payload(ebay_sandbox.state, ebay_seller)
    assert _post(client, body, signer.signature_header(body)).status_code == 503
    assert len(_accounts(shop_a)) == 1


def test_disconnecting_the_last_account_of_a_user_drops_the_directory_row(ebay_account, shop_a):
    from ebay import services

    with tenant_context(shop_a.tenant):
        services.disconnect(ebay_account)
    assert not EbayUserShop.objects.filter(ebay_user_id=ebay_account.ebay_user_id).exists()


def test_forget_user_of_an_unknown_user_deletes_nothing(ebay_account, shop_a):
    assert notifications.forget_user("nobody") == 0 and len(_accounts(shop_a)) == 1
