"""Every channel on the product page and list through catalog's channel layer (issue 18): Vinted and
eBay side by side. Here rather than in either app: neither marketplace imports the other."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog import extensions
from catalog.tests.factories import ProductFactory
from ebay import channel
from ebay.models import EbayAccount
from vinted.jobs.models import Listing
from vinted.models import VintedAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def ebay_account(shop_a):
    """A connected eBay account of shop A whose set-up is not done (the channel reads no eBay API)."""
    with tenant_context(shop_a.tenant):
        return EbayAccount.objects.create(marketplace_id="EBAY_FR", ebay_user_id="u1", username="alice_fr")


@pytest.fixture
def listed_on_vinted(shop_a):
    """A product published on a Vinted account of shop A, and one on no channel."""
    with tenant_context(shop_a.tenant):
        account = VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=7, login="vera")
        listed, unlisted = ProductFactory(sku="LISTED1"), ProductFactory(sku="NEW1", title="")
        Listing.objects.create(product=listed, account=account, item_id=4242, status=Listing.Status.PUBLISHED)
    return listed, unlisted


@pytest.fixture
def ebay_listings():
    """What the publishing side would register: the first product listed on every account."""

    def listing_states(products, accounts, *, detail):
        first = products[0]
        return {
            (first.pk, account.pk): channel.ListingView(
                extensions.LISTED, "Listed", url="https://www.ebay.fr/itm/1", out_of_date=("Price",) if detail else ()
            )
            for account in accounts
        }

    channel.register_listing_states(listing_states)
    yield
    channel.register_listing_states(None)


def _detail(client, product, **headers):
    return client.get(reverse("catalog:detail", args=[product.public_id]), **headers).content.decode()


def test_product_page_shows_vinted_listed_and_ebay_not_listed_with_the_set_up_needed(
    client_a, ebay_account, listed_on_vinted
):
    listed, _ = listed_on_vinted
    html = _detail(client_a, listed)
    assert 'data-channel="Vinted" data-state="listed"' in html and "vera · www.vinted.fr" in html
    assert "/items/4242" in html
    assert 'data-channel="eBay" data-state="not_listed"' in html and "alice_fr · ebay.fr" in html
    assert "Finish the account&#x27;s set-up" in html


def test_product_page_in_french_names_the_states_and_needs_in_french(client_a, ebay_account, listed_on_vinted):
    _, unlisted = listed_on_vinted
    html = _detail(client_a, unlisted, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Canaux de vente" in html and "Pas en vente" in html and "Terminez la configuration du compte" in html
    assert "Ajoutez un titre." in html  # Vinted's pre-flight: what the channel still needs


def test_product_page_after_the_set_up_needs_nothing_of_the_ebay_account(client_a, ebay_account, shop_a):
    with tenant_context(shop_a.tenant):
        ebay_account.fulfillment_policy_id = ebay_account.payment_policy_id = ebay_account.return_policy_id = "1"
        ebay_account.merchant_location_key = "home"
        ebay_account.setup_done_at = ebay_account.created_at
        ebay_account.save()
        product = ProductFactory()
    html = _detail(client_a, product)
    assert 'data-channel="eBay" data-state="not_listed"' in html and "set-up" not in html


def test_product_list_shows_every_channel_of_every_product(client_a, ebay_account, listed_on_vinted):
    html = client_a.get(reverse("catalog:list")).content.decode()
    assert html.count('data-channel="eBay" data-state="not_listed"') == 2
    assert html.count('data-channel="Vinted" data-state="listed"') == 1
    assert html.count('data-channel="Vinted" data-state="not_listed"') == 1


def test_product_list_in_french(client_a, ebay_account, listed_on_vinted):
    html = client_a.get(reverse("catalog:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "eBay · Pas en vente" in html and "Canaux" in html


def test_registered_ebay_listing_states_reach_the_page(client_a, ebay_account, ebay_listings, shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory()
    html = _detail(client_a, product)
    assert 'data-channel="eBay" data-state="listed"' in html and "https://www.ebay.fr/itm/1" in html
    assert "Price" in html


def test_without_the_ebay_channel_no_ebay_row(client_a, ebay_account, listed_on_vinted, settings):
    settings.EBAY_CLIENT_ID = ""
    assert 'data-channel="eBay"' not in _detail(client_a, listed_on_vinted[0])
