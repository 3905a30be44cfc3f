"""Plans' platforms count the connected accounts of every channel, eBay included (issue 18)."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay import services
from ebay.models import EbayAccount
from tenants import quotas

from .conftest import agree_on_ebay

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_channel(monkeypatch):
    """Another channel's connected accounts, as its registered counter reports them."""
    connected = {"n": 0}
    monkeypatch.setitem(quotas._platform_counters, "other", lambda: connected["n"])
    return connected


@pytest.fixture
def one_platform_taken(shop_a, other_channel):
    """Shop A's plan allows one marketplace account, and another channel's account is connected."""
    shop_a.tenant.max_platforms_override = 1
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    other_channel["n"] = 1
    return shop_a


def _accounts(shop):
    with tenant_context(shop.tenant):
        return list(EbayAccount.objects.all())


def test_connect_ebay_over_the_plan_is_refused_with_an_upgrade_hint(client_a, ebay_sandbox, one_platform_taken):
    answer = client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})
    html = answer.content.decode()
    assert answer.status_code == 403 and 'id="id_marketplace-error"' in html
    assert "allows 1 marketplace accounts" in html and "Standard plan allows 5" in html


def test_connect_ebay_over_the_plan_in_french_explains_in_french(client_a, ebay_sandbox, one_platform_taken):
    html = client_a.post(
        reverse("ebay:connect"), {"marketplace": "EBAY_FR"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Votre formule permet 1" in html


def test_connect_ebay_within_the_plan_goes_to_ebay(client_a, ebay_sandbox, shop_a):
    shop_a.tenant.max_platforms_override = 1
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    answer = client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})
    assert answer.status_code == 302 and answer["Location"].startswith(ebay_sandbox.url)


def test_account_connected_while_the_seller_was_on_ebay_makes_the_consent_fail_cleanly(
    ebay_seller, shop_a, other_channel
):
    shop_a.tenant.max_platforms_override = 1
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    session = {}
    with tenant_context(shop_a.tenant):
        back = agree_on_ebay(services.start_consent(session, "EBAY_FR"))
        other_channel["n"] = 1
        with pytest.raises(services.ConnectError, match="allows 1 marketplace accounts"):
            services.finish_consent(session, state=back["state"], code=back["code"])
    assert _accounts(shop_a) == []


def test_reconnecting_an_ebay_account_at_the_plan_limit_is_allowed(ebay_account, shop_a):
    shop_a.tenant.max_platforms_override = 1
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    session = {}
    with tenant_context(shop_a.tenant):
        back = agree_on_ebay(services.start_consent(session, "EBAY_FR"))
        again = services.finish_consent(session, state=back["state"], code=back["code"])
    assert again.pk == ebay_account.pk
