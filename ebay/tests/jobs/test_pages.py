"""The product page's eBay section, the publish page with its pre-flight, progress, categories and pricing."""

import pytest
import requests
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay.jobs.models import EbayJob, EbayListing
from ebay.models import CategoryChoice, PricingRule
from tests.factories import add_member

from .conftest import publishable

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_product(shop_a, account):
    with tenant_context(shop_a.tenant):
        return publishable()


def test_product_page_offers_publish_to_ebay_per_connected_account(client_a, ready_product, account):
    html = client_a.get(reverse("catalog:detail", args=[ready_product.public_id])).content.decode()
    assert "data-ebay-section" in html and "alice_fr · ebay.fr" in html
    assert reverse("ebay:publish", args=[ready_product.public_id]) + f"?account={account.public_id}" in html


def test_publish_page_shows_preflight_problems_in_the_sellers_language(client_a, shop_a, account):
    with tenant_context(shop_a.tenant):
        product = publishable(brand_name="")
    url = reverse("ebay:publish", args=[product.public_id])

    english = client_a.get(url).content.decode()
    french = client_a.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Add a brand: eBay requires one in this category." in english
    assert "Ajoutez une marque\u00a0: eBay en exige une dans cette catégorie." in french
    assert "data-ebay-confirm-publish" not in english


def test_publish_page_post_creates_the_job_and_the_product_page_follows_its_progress(
    client_a, shop_a, ready_product, account, run_job
):
    url = reverse("ebay:publish", args=[ready_product.public_id])
    page = client_a.get(url).content.decode()
    assert "data-ebay-confirm-publish" in page and "Marque" in page and "10,00" in page or "10.00" in page

    answer = client_a.post(url, {"account": str(account.public_id)})

    assert answer.status_code == 302
    with tenant_context(shop_a.tenant):
        [job] = EbayJob.objects.all()
    detail = client_a.get(reverse("catalog:detail", args=[ready_product.public_id])).content.decode()
    assert reverse("ebay:job_progress", args=[job.public_id]) in detail
    with tenant_context(shop_a.tenant):
        run_job(job)
    fragment = client_a.get(reverse("ebay:job_progress", args=[job.public_id])).content.decode()
    assert 'data-state="completed"' in fragment and "hx-trigger" not in fragment
    with tenant_context(shop_a.tenant):
        listing = EbayListing.objects.get()
    link = f"/itm/{listing.listing_id}"
    assert link in fragment
    detail = client_a.get(reverse("catalog:detail", args=[ready_product.public_id])).content.decode()
    assert link in detail and 'data-ebay-action="end"' in detail and 'data-ebay-action="update"' in detail


def test_listing_link_opens_the_sandbox_listing_page(ebay_sandbox, shop_a, ready_product, account, run_job):
    from ebay import config
    from ebay.jobs import services

    with tenant_context(shop_a.tenant):
        job = run_job(services.request_publish(account, ready_product))
        url = config.listing_url(account.marketplace_id, job.listing.listing_id)
    page = requests.get(url, timeout=5)
    assert page.status_code == 200 and ready_product.title in page.text and "ACTIVE" in page.text


def test_end_button_asks_for_an_end_job(client_a, shop_a, ready_product, account, run_job):
    from ebay.jobs import services

    with tenant_context(shop_a.tenant):
        run_job(services.request_publish(account, ready_product))
    answer = client_a.post(
        reverse("ebay:listing_action", args=[ready_product.public_id, "end"]), {"account": str(account.public_id)}
    )
    assert answer.status_code == 302
    with tenant_context(shop_a.tenant):
        assert EbayJob.objects.filter(action="end", reason="seller").count() == 1


def test_viewer_cannot_publish(client, shop_a, ready_product, account):
    viewer = add_member(shop_a, "viewer")
    client.force_login(viewer)
    answer = client.post(reverse("ebay:publish", args=[ready_product.public_id]), {"account": str(account.public_id)})
    assert answer.status_code == 403
    with tenant_context(shop_a.tenant):
        assert not EbayJob.objects.exists()


def test_pricing_rule_with_a_markup_out_of_range_shows_the_field_error(client_a, shop_a, account):
    answer = client_a.post(reverse("ebay:pricing"), {"markup_percent": "5000", "rounding": "none"})
    assert answer.status_code == 400 and "Choose a markup between" in answer.content.decode()
    answer = client_a.post(reverse("ebay:pricing"), {"markup_percent": "10", "rounding": "90", "floor_price": "5"})
    assert answer.status_code == 302
    with tenant_context(shop_a.tenant):
        assert PricingRule.objects.get().rounding == "90"


def test_category_choice_refuses_a_branch_and_keeps_a_leaf_the_seller_chose(client_a, shop_a, ready_product, account):
    client_a.get(reverse("ebay:publish", args=[ready_product.public_id]))  # eBay's suggestion, stored
    with tenant_context(shop_a.tenant):
        choice = CategoryChoice.objects.get()
    url = reverse("ebay:category_change", args=[choice.pk])

    refused = client_a.post(url, {"ebay_category_id": "260010"})  # "Women": a branch
    not_a_number = client_a.post(url, {"ebay_category_id": "jeans"})
    accepted = client_a.post(url, {"ebay_category_id": "63862"})

    assert refused.status_code == 400 and "eBay has no such final category on this site." in refused.content.decode()
    assert not_a_number.status_code == 400 and "An eBay category id is a number" in not_a_number.content.decode()
    assert accepted.status_code == 302
    with tenant_context(shop_a.tenant):
        choice.refresh_from_db()
        assert (choice.ebay_category_id, choice.chosen_by_seller) == ("63862", True)
    assert "63862" in client_a.get(reverse("ebay:categories")).content.decode()


def test_product_page_says_what_is_out_of_date_on_ebay_after_a_change(
    client_a, shop_a, ready_product, account, run_job
):
    from ebay.jobs import services

    with tenant_context(shop_a.tenant):
        run_job(services.request_publish(account, ready_product))
        ready_product.price = 30
        ready_product.save()

    html = client_a.get(reverse("catalog:detail", args=[ready_product.public_id])).content.decode()

    assert (
        "data-ebay-out-of-date" in html
        and "Price" in html
        and "Title" not in html.split("data-ebay-out-of-date")[1][:300]
    )


def test_polled_progress_of_a_finished_job_reloads_the_product_page(client_a, shop_a, ready_product, account, run_job):
    from ebay.jobs import services

    with tenant_context(shop_a.tenant):
        job = services.request_publish(account, ready_product)
    url = reverse("ebay:job_progress", args=[job.public_id])
    assert "HX-Refresh" not in client_a.get(url, HTTP_HX_REQUEST="true")

    with tenant_context(shop_a.tenant):
        run_job(job)

    assert client_a.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_progress_of_a_completed_job_whose_product_was_deleted_for_good_shows_it_without_a_link(
    client_a, shop_a, ready_product, account
):
    from catalog import trash
    from catalog.models import Product

    with tenant_context(shop_a.tenant):
        listing = EbayListing.objects.create(product=ready_product, account=account, status=EbayListing.Status.ENDED)
        job = EbayJob.objects.create(
            action=EbayJob.Action.END, product=ready_product, account=account, listing=listing, state="completed"
        )
        trash.soft_delete(Product.objects.filter(pk=ready_product.pk))
        trash.purge(Product.objects.filter(pk=ready_product.pk))
    response = client_a.get(reverse("ebay:job_progress", args=[job.public_id]))
    assert response.status_code == 200 and "/itm/" not in response.content.decode()
