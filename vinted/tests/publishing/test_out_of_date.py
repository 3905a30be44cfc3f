"""A listed product edited in Stoflow: the product page says what is out of date on Vinted, and one
click (or the bulk action) updates it, with the budget it uses."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog import services as catalog_services
from vinted.jobs import services
from vinted.jobs.models import Job, Listing
from vinted.tests.jobs.conftest import publishable

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def listed(account, run_job, shop_a):
    def publish():
        product = publishable(photos=1, title="Linen shirt", price=Decimal("10.00"))
        [job] = services.request_publication(account, [product], user=shop_a.owner)
        assert run_job(job).state == "completed", job.message
        return product

    return publish


def _page(client, product):
    return _text(client.get(reverse("catalog:detail", args=[product.public_id])))


def test_a_listing_just_published_is_not_out_of_date(owner_a, listed):
    product = listed()
    listing = Listing.objects.get(product=product)
    assert listing.sent["title"] == "Linen shirt" and listing.sent_at
    assert "data-out-of-date" not in _page(owner_a, product)


def test_editing_a_listed_product_shows_the_fields_out_of_date_and_one_click_updates_it(
    owner_a, listed, run_job, sandbox, seller
):
    product = listed()
    catalog_services.update_product(product, {"title": "Linen shirt, navy", "price": Decimal("14.00")})
    html = _page(owner_a, product)
    assert "data-out-of-date" in html and "Out of date on Vinted" in html
    assert re.search(r"data-out-of-date>.*Title, Price\.", html)
    assert "Description" not in re.search(r"data-out-of-date>(.*?)</div>", html).group(1)
    assert re.search(r"Uses 1 of your \d+ remaining requests", html)
    response = owner_a.post(
        reverse("vinted:listing_action", args=[product.public_id, "update"]),
        {"account": str(Listing.objects.get(product=product).account.public_id)},
    )
    assert response.status_code == 302
    assert run_job(Job.objects.get(action="update")).state == "completed"
    [item] = sandbox.listings(seller["id"])
    assert item["title"] == "Linen shirt, navy" and float(item["price"]) == 14
    assert "data-out-of-date" not in _page(owner_a, product)


def test_bulk_update_listings_shows_what_changed_with_the_budget_then_updates_them(
    owner_a, listed, run_job, sandbox, seller
):
    changed, unchanged = listed(), listed()
    catalog_services.update_product(changed, {"description": "Washed once."})
    bulk = owner_a.post(
        reverse("catalog:bulk"), {"action": "vinted_update", "ids": [str(changed.public_id), str(unchanged.public_id)]}
    )
    assert bulk.status_code == 302 and bulk["Location"].startswith(reverse("vinted:update_listings"))
    html = _text(owner_a.get(bulk["Location"]))
    assert f'data-out-of-date-product="{changed.public_id}"' in html
    assert f'data-out-of-date-product="{unchanged.public_id}"' not in html
    assert "Description" in html and re.search(r"Uses 1 of your \d+ remaining requests", html)
    confirm = owner_a.post(
        reverse("vinted:update_listings"), {"product": [str(changed.public_id), str(unchanged.public_id)]}
    )
    [job] = Job.objects.filter(action="update")
    assert confirm.status_code == 302 and str(job.public_id) in confirm["Location"]
    assert job.product == changed and run_job(job).state == "completed"
    assert "data-nothing-to-update" in _text(owner_a.get(bulk["Location"]))


def test_update_listings_for_a_viewer_is_refused(viewer_a, listed):
    product = listed()
    catalog_services.update_product(product, {"title": "Changed"})
    response = viewer_a.post(reverse("vinted:update_listings"), {"product": [str(product.public_id)]})
    assert response.status_code == 403 and not Job.objects.filter(action="update").exists()


def test_a_sold_product_still_online_offers_hide_or_delete(owner_a, listed, run_job, sandbox, seller):
    product = listed()
    listing = Listing.objects.get(product=product)
    catalog_services.update_product(product, {"status": "sold"}, takedown="keep")
    html = _page(owner_a, product)
    assert "data-offer-takedown" in html and 'data-takedown="hide"' in html and 'data-takedown="delete"' in html
    owner_a.post(
        reverse("vinted:listing_action", args=[product.public_id, "hide"]), {"account": str(listing.account.public_id)}
    )
    assert run_job(Job.objects.get(action="hide")).state == "completed"
    listing.refresh_from_db()
    assert listing.status == Listing.Status.HIDDEN
    assert "data-offer-takedown" not in _page(owner_a, product)


def test_a_listing_imported_from_the_wardrobe_is_out_of_date_once_edited_in_stoflow(
    owner_a, account, run_job, sandbox, shop_a, jpeg
):
    from vinted import services as vinted_services
    from vinted.client import new_upload_session
    from vinted.tests.item_fixture import tshirt

    client = vinted_services.client_for(account)
    upload = new_upload_session()
    photo = client.upload_photo(jpeg(), upload_session_id=upload).data["id"]
    item = client.create_item(tshirt([photo], title="Corduroy trousers"), upload_session_id=upload).data
    assert run_job(services.request_sync(account, user=shop_a.owner)).state == "completed"
    product = Listing.objects.get(item_id=item["id"]).product
    assert "data-out-of-date" not in _page(owner_a, product)
    catalog_services.update_product(product, {"title": "Corduroy trousers, brown"})
    assert re.search(r"data-out-of-date>.*: Title\.", _page(owner_a, product))


def test_a_sold_product_hidden_on_vinted_offers_no_repost_update_or_show(owner_a, listed, run_job, sandbox, seller):
    product = listed()
    catalog_services.update_product(product, {"status": "sold"}, takedown="hide")
    run_job(Job.objects.get(action="hide"))
    assert Listing.objects.get(product=product).status == Listing.Status.HIDDEN
    html = _page(owner_a, product)
    for action in ("repost", "update", "show"):
        assert reverse("vinted:listing_action", args=[product.public_id, action]) not in html, action
    assert reverse("vinted:listing_action", args=[product.public_id, "delete"]) in html
