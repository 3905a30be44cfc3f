"""The set-up after connect (issue 18): business policies and an inventory location, against the sandbox."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay import selectors, setup
from ebay.client import EbayClient
from ebay.models import EbayAccount

pytestmark = pytest.mark.django_db

NEW_EVERYTHING = {
    "fulfillment_policy": "new",
    "shipping_cost": "4.90",
    "handling_days": "2",
    "payment_policy": "new",
    "return_policy": "new",
    "return_days": "30",
    "return_payer": "BUYER",
    "location": "new",
    "postal_code": "75011",
    "city": "Paris",
    "country": "FR",
}


def _fresh(account, shop):
    with tenant_context(shop.tenant):
        return EbayAccount.objects.get(pk=account.pk)


def _setup_url(account):
    return reverse("ebay:setup", kwargs={"public_id": account.public_id})


def _create_existing(account, shop):
    """alice_fr opted in with one policy of each kind and one location, made on eBay beforehand."""
    with tenant_context(shop.tenant):
        client = EbayClient(account)
        client.opt_in_business_policies()
        ids = {}
        for kind, body in setup.policy_bodies(account, setup.Terms(shipping_cost=5)).items():
            ids[kind] = client.create_policy(kind, {**body, "name": f"My {kind}"}).data[f"{kind}PolicyId"]
        client.create_location("atelier", {"location": {"address": {"postalCode": "69001", "country": "FR"}}})
    return ids


def test_new_account_shows_set_up_needed_and_no_listing_settings(client_a, ebay_account, shop_a):
    html = client_a.get(reverse("ebay:accounts")).content.decode()
    assert "data-setup-needed" in html and _setup_url(ebay_account) in html
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) is None


def test_consent_accepted_for_a_new_account_leads_to_the_set_up(client_a, ebay_seller, shop_a):
    from .conftest import agree_on_ebay

    back = agree_on_ebay(client_a.post(reverse("ebay:connect"), {"marketplace": "EBAY_FR"})["Location"])
    answer = client_a.get(back["path"], {"state": back["state"], "code": back["code"]})
    with tenant_context(shop_a.tenant):
        account = EbayAccount.objects.get()
    assert answer.status_code == 302 and answer["Location"] == _setup_url(account)


def test_setup_page_for_a_seller_not_opted_in_says_stoflow_turns_policies_on(client_a, ebay_account, ebay_sandbox):
    answer = client_a.get(_setup_url(ebay_account))
    html = answer.content.decode()
    assert answer.status_code == 200 and "data-not-opted-in" in html and "Colissimo" in html
    # Reading the page changes nothing on eBay.
    assert not [r for r in ebay_sandbox.requests_of("alice_fr") if r["method"] != "GET"]


def test_setup_page_in_french_explains_the_steps_in_french(client_a, ebay_account):
    html = client_a.get(_setup_url(ebay_account), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Retours" in html and "Expédition" in html and "Enregistrer et terminer" in html


def test_setup_not_opted_in_opts_in_creates_the_defaults_and_stores_their_ids(
    client_a, ebay_account, ebay_sandbox, shop_a
):
    answer = client_a.post(_setup_url(ebay_account), NEW_EVERYTHING)
    assert answer.status_code == 302 and answer["Location"] == reverse("ebay:accounts")
    account = _fresh(ebay_account, shop_a)
    settings = selectors.listing_settings(account)
    assert settings is not None and settings.merchant_location_key == "stoflow-FR-75011"
    with tenant_context(shop_a.tenant):
        client = EbayClient(account)
        returns = client.policies("return").data["returnPolicies"]
        shipping = client.policies("fulfillment").data["fulfillmentPolicies"]
        assert client.location("stoflow-FR-75011").ok
    assert [p["returnPolicyId"] for p in returns] == [settings.return_policy_id]
    assert (
        returns[0]["returnPeriod"] == {"value": 30, "unit": "DAY"} and returns[0]["returnShippingCostPayer"] == "BUYER"
    )
    service = shipping[0]["shippingOptions"][0]["shippingServices"][0]
    assert service["shippingServiceCode"] == "FR_ColiposteColissimo" and service["shippingCost"]["value"] == "4.90"
    assert "data-setup-needed" not in client_a.get(reverse("ebay:accounts")).content.decode()


def test_setup_already_opted_in_takes_eBays_409_as_done(client_a, ebay_account, ebay_sandbox, shop_a):
    with tenant_context(shop_a.tenant):
        EbayClient(ebay_account).opt_in_business_policies()
    html = client_a.get(_setup_url(ebay_account)).content.decode()
    assert "data-opted-in" in html
    with tenant_context(shop_a.tenant):
        setup.opt_in(EbayClient(ebay_account))  # eBay answers 409/25803: nothing to do
    assert client_a.post(_setup_url(ebay_account), NEW_EVERYTHING).status_code == 302
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) is not None


def test_setup_with_existing_policies_offers_them_and_stores_the_chosen_ones(client_a, ebay_account, shop_a):
    ids = _create_existing(ebay_account, shop_a)
    html = client_a.get(_setup_url(ebay_account)).content.decode()
    assert "My return" in html and "atelier" in html
    chosen = {
        **NEW_EVERYTHING,
        "fulfillment_policy": ids["fulfillment"],
        "payment_policy": ids["payment"],
        "return_policy": ids["return"],
        "location": "atelier",
    }
    assert client_a.post(_setup_url(ebay_account), chosen).status_code == 302
    settings = selectors.listing_settings(_fresh(ebay_account, shop_a))
    assert (settings.fulfillment_policy_id, settings.payment_policy_id, settings.return_policy_id) == (
        ids["fulfillment"],
        ids["payment"],
        ids["return"],
    )
    assert settings.merchant_location_key == "atelier"


def test_setup_twice_with_new_policies_reuses_the_ones_it_created(client_a, ebay_account, shop_a):
    client_a.post(_setup_url(ebay_account), NEW_EVERYTHING)
    first = selectors.listing_settings(_fresh(ebay_account, shop_a))
    assert client_a.post(_setup_url(ebay_account), NEW_EVERYTHING).status_code == 302
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) == first
    with tenant_context(shop_a.tenant):
        assert EbayClient(ebay_account).policies("payment").data["total"] == 1


def test_setup_with_a_policy_id_not_on_ebay_shows_the_field_error(client_a, ebay_account, shop_a):
    _create_existing(ebay_account, shop_a)
    answer = client_a.post(_setup_url(ebay_account), {**NEW_EVERYTHING, "return_policy": "999"})
    assert answer.status_code == 400 and 'id="id_return_policy-error"' in answer.content.decode()
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) is None


def test_setup_new_location_without_postcode_shows_the_field_error(client_a, ebay_account):
    answer = client_a.post(_setup_url(ebay_account), {**NEW_EVERYTHING, "postal_code": ""})
    assert answer.status_code == 400 and 'id="id_postal_code-error"' in answer.content.decode()


def test_setup_when_ebay_does_not_answer_says_so_and_stores_nothing(client_a, ebay_account, ebay_sandbox, shop_a):
    ebay_sandbox.add_fault("system_error", route="account.programs", times=None)
    answer = client_a.get(_setup_url(ebay_account))
    assert answer.status_code == 503 and "data-setup-problem" in answer.content.decode()
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) is None


def test_setup_of_an_account_needing_reconnection_sends_back_to_the_accounts(client_a, ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        EbayAccount.objects.filter(pk=ebay_account.pk).update(status=EbayAccount.Status.RECONNECT_NEEDED)
    answer = client_a.get(_setup_url(ebay_account))
    assert answer.status_code == 302 and answer["Location"] == reverse("ebay:accounts")


def test_setup_in_french_takes_the_postage_with_a_decimal_comma(client_a, ebay_account, shop_a):
    answer = client_a.post(
        _setup_url(ebay_account), {**NEW_EVERYTHING, "shipping_cost": "3,50"}, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert answer.status_code == 302
    with tenant_context(shop_a.tenant):
        [policy] = EbayClient(ebay_account).policies("fulfillment").data["fulfillmentPolicies"]
    assert policy["shippingOptions"][0]["shippingServices"][0]["shippingCost"] == {"value": "3.50", "currency": "EUR"}


def test_setup_while_ebay_still_turns_policies_on_says_to_come_back_and_stores_nothing(
    client_a, ebay_account, ebay_sandbox, shop_a
):
    ebay_sandbox.add_fault(
        "validation",
        route="account.fulfillment_policies",
        error_id=20403,
        message="User is not eligible for Business Policy.",
        times=None,
    )
    answer = client_a.post(_setup_url(ebay_account), NEW_EVERYTHING)
    assert answer.status_code == 400 and "up to 24 hours" in answer.content.decode()
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)) is None


def test_setup_whose_policy_answer_is_lost_finds_the_policy_instead_of_making_a_second(
    client_a, ebay_account, ebay_sandbox, shop_a
):
    ebay_sandbox.add_fault("drop_after_commit", route="account.return_policy_create")
    assert client_a.post(_setup_url(ebay_account), NEW_EVERYTHING).status_code == 302
    with tenant_context(shop_a.tenant):
        [policy] = EbayClient(ebay_account).policies("return").data["returnPolicies"]
    assert selectors.listing_settings(_fresh(ebay_account, shop_a)).return_policy_id == policy["returnPolicyId"]
