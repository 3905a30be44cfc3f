"""Every channel on the product page and list through catalog's channel layer (issue 18): Vinted and
eBay side by side. Here rather than in either app: neither marketplace imports the other."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
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


@pytest.fixture
def real_ebay_listings():
    """The publishing side's listing states, as EbayConfig.ready() registers them."""
    from ebay.publishing.channel_states import listing_states

    before = channel._listing_states
    channel.register_listing_states(listing_states)
    yield
    channel.register_listing_states(before)


def _chip(html: str, channel_name: str, sku: str) -> str:
    """The list row of `sku`, from its channel chip of `channel_name` to the chip's end."""
    row = html[html.index(f'data-sku="{sku}"') :]
    row = row[: row.index("</tr>")]
    chip = row[row.rindex("<a ", 0, row.index(f'data-channel="{channel_name}"')) :]
    return chip[: chip.index("</a>")]


def test_product_list_says_how_many_fields_each_channel_still_needs(client_a, ebay_account, listed_on_vinted):
    html = client_a.get(reverse("catalog:list")).content.decode()
    vinted, ebay = _chip(html, "Vinted", "NEW1"), _chip(html, "eBay", "NEW1")
    # No title, no photo and no size in a category with sizes: Vinted needs all three, eBay (no category
    # choice stored yet, so no required aspects known) the first two; the chip's title names them.
    assert "needs 3 fields" in vinted and 'title="Title, Photos, Size"' in vinted
    assert "needs 2 fields" in ebay and 'title="Title, Photos"' in ebay
    assert "data-channel-missing" not in _chip(html, "Vinted", "LISTED1")  # listed: nothing to ask for there


def test_product_list_marks_a_listing_edited_after_it_was_last_sent_out_of_date(
    client_a, ebay_account, real_ebay_listings, shop_a
):
    from catalog import services as catalog_services
    from ebay.jobs.models import EbayListing

    with tenant_context(shop_a.tenant):
        vinted = VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=7, login="vera")
        product = ProductFactory(sku="EDITED1")
        Listing.objects.create(
            product=product, account=vinted, item_id=1, status=Listing.Status.PUBLISHED, sent_at=timezone.now()
        )
        EbayListing.objects.create(
            product=product, account=ebay_account, status=EbayListing.Status.PUBLISHED, sent_at=timezone.now()
        )
    html = client_a.get(reverse("catalog:list")).content.decode()
    assert "data-channel-stale" not in _chip(html, "Vinted", "EDITED1")
    assert "data-channel-stale" not in _chip(html, "eBay", "EDITED1")
    with tenant_context(shop_a.tenant):
        catalog_services.update_product(product, {"price": Decimal("19.00")})
    html = client_a.get(reverse("catalog:list")).content.decode()
    assert "out of date" in _chip(html, "Vinted", "EDITED1") and "out of date" in _chip(html, "eBay", "EDITED1")
    html = client_a.get(reverse("catalog:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "pas à jour" in _chip(html, "Vinted", "EDITED1")


def _add_a_photo(product):
    from catalog import photos
    from catalog.tests.factories import image_bytes

    photos.add_photo(connection.tenant, product, image_bytes(colour=(1, 2, 3)))


def _remove_a_photo(product):
    from catalog import photos

    photos.delete_photo(product.photos.order_by("position").first())


def _reorder_the_photos(product):
    from catalog import photos

    photos.reorder(product, list(product.photos.order_by("-position").values_list("public_id", flat=True)))


@pytest.mark.parametrize("change", [_add_a_photo, _remove_a_photo, _reorder_the_photos])
def test_product_list_marks_a_listing_out_of_date_after_a_photo_change(client_a, shop_a, change):
    with tenant_context(shop_a.tenant):
        vinted = VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=7, login="vera")
        product = ProductFactory(sku="PHOTO1", photos=2)
        Listing.objects.create(
            product=product, account=vinted, item_id=1, status=Listing.Status.PUBLISHED, sent_at=timezone.now()
        )
    assert "data-channel-stale" not in _chip(client_a.get(reverse("catalog:list")).content.decode(), "Vinted", "PHOTO1")
    with tenant_context(shop_a.tenant):
        change(product)
    html = client_a.get(reverse("catalog:list")).content.decode()
    assert "out of date" in _chip(html, "Vinted", "PHOTO1")


def test_product_list_in_french_counts_the_missing_fields_in_french(client_a, ebay_account, listed_on_vinted):
    html = client_a.get(reverse("catalog:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "3 champs manquants" in _chip(html, "Vinted", "NEW1") and 'title="Titre, Photos, Taille"' in html


def test_product_list_chip_links_to_the_product_pages_channels_card(client_a, ebay_account, listed_on_vinted):
    listed, _ = listed_on_vinted
    html = client_a.get(reverse("catalog:list")).content.decode()
    assert f'href="{reverse("catalog:detail", args=[listed.public_id])}#channels"' in _chip(html, "eBay", "LISTED1")
    assert 'id="channels"' in _detail(client_a, listed)


def test_product_list_queries_stay_flat_from_1_to_20_products_with_both_channels(
    client_a, ebay_account, real_ebay_listings, shop_a
):
    from ebay.jobs.models import EbayListing

    def add(count: int) -> None:
        with tenant_context(shop_a.tenant):
            vinted = VintedAccount.objects.get_or_create(domain="www.vinted.fr", vinted_user_id=7, login="vera")[0]
            for _ in range(count):
                product = ProductFactory()
                Listing.objects.create(product=product, account=vinted, item_id=product.pk, status="published")
                EbayListing.objects.create(product=product, account=ebay_account, status="published")
                ProductFactory(title="")  # on no channel, needing fields

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_a.get(reverse("catalog:list")).status_code == 200
        return len(captured.captured_queries)

    add(1)
    client_a.get(reverse("catalog:list"))  # caches warmed (plan, navigation)
    one = queries()
    add(19)
    assert queries() == one
