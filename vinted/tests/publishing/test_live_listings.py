"""Vinted tells the catalog which products it still has on sale, before they are deleted for good."""

import random

import pytest

from catalog import trash
from catalog.models import Product
from catalog.tests.factories import ProductFactory
from vinted.jobs.models import Listing


def _deleted_with_listing(account, status):
    product = ProductFactory()
    Listing.objects.create(product=product, account=account, item_id=random.randint(1, 10**9), status=status)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    return product


@pytest.mark.parametrize("status", [Listing.Status.PUBLISHED, Listing.Status.PUBLISHING])
def test_purge_of_a_product_on_sale_on_vinted_is_refused(account, status):
    product = _deleted_with_listing(account, status)
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    assert f"{product.sku} (Vinted (" in refused.value.messages[0]
    assert Listing.objects.filter(product=product).exists()


def test_purge_of_a_product_whose_vinted_listing_is_gone_deletes_the_listing_record(account):
    product = _deleted_with_listing(account, Listing.Status.DELETED)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not Listing.objects.filter(product_id=product.pk).exists()


def test_purge_of_a_product_with_a_publish_job_still_queued_is_refused(account, make_job):
    product = ProductFactory()
    make_job(product)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    with pytest.raises(trash.StillListed):
        trash.purge(Product.objects.filter(pk=product.pk))
    assert Product.objects.filter(pk=product.pk).exists()


def test_purge_of_a_product_hidden_on_vinted_is_refused_and_says_to_delete_it_from_vinted_first(account):
    product = _deleted_with_listing(account, Listing.Status.HIDDEN)
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    message = refused.value.messages[0]
    assert f"{product.sku} (Vinted (" in message
    assert "hidden on Vinted" in message and "Delete from Vinted" in message
    assert Product.objects.filter(pk=product.pk).exists() and Listing.objects.filter(product=product).exists()


def _refusal(product) -> str:
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    assert Product.objects.filter(pk=product.pk).exists()
    return refused.value.messages[0]


def _deleted_with_listing_without_item(account, status):
    product = ProductFactory()
    Listing.objects.create(product=product, account=account, item_id=None, status=status)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    return product


def test_purge_of_a_product_whose_vinted_listing_failed_with_an_item_id_is_refused_and_says_to_check(account):
    product = _deleted_with_listing(account, Listing.Status.ERROR)
    message = _refusal(product)
    assert f"{product.sku} (Vinted (" in message
    assert "may still be on Vinted" in message and "Sync now" in message


@pytest.mark.parametrize("status", [Listing.Status.ERROR, Listing.Status.SOLD, Listing.Status.DELETED])
def test_purge_of_a_product_whose_vinted_listing_has_no_item_and_no_job_deletes_it(account, status):
    product = _deleted_with_listing_without_item(account, status)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1


def test_purge_of_a_product_whose_vinted_listing_sold_deletes_it(account):
    product = _deleted_with_listing(account, Listing.Status.SOLD)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1


@pytest.mark.parametrize(
    "state, fields",
    [
        ("unknown", {}),
        ("needs_attention", {"error_code": "ambiguous"}),
        ("pending", {"remote": {"inflight": {"op": "create"}}}),
    ],
    ids=["unknown", "answer-lost-twice", "request-in-flight"],
)
def test_purge_of_a_product_whose_vinted_request_outcome_is_unknown_is_refused_and_says_to_check(
    account, make_job, state, fields
):
    product = _deleted_with_listing_without_item(account, Listing.Status.ERROR)
    make_job(product, state=state, **fields)
    message = _refusal(product)
    assert "answer to a request was lost" in message and "check your Vinted wardrobe" in message


def test_purge_after_the_seller_cancelled_the_ambiguous_vinted_job_deletes_it(account, make_job):
    product = _deleted_with_listing_without_item(account, Listing.Status.ERROR)
    make_job(product, state="cancelled", error_code="ambiguous")
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1


def test_purge_of_a_product_with_a_vinted_delete_job_still_running_is_refused_once_per_account(account, make_job):
    product = _deleted_with_listing(account, Listing.Status.PUBLISHED)
    make_job(product, state="pending", action="delete")
    message = _refusal(product)
    assert message.count("Vinted (") == 1


def test_purge_of_a_product_with_a_vinted_hide_job_and_no_live_listing_says_a_job_is_in_progress(account, make_job):
    product = _deleted_with_listing(account, Listing.Status.DELETED)
    make_job(product, state="waiting_rate_limit", action="hide")
    assert "a job is still in progress" in _refusal(product)


def test_purge_refusal_for_a_failed_vinted_listing_is_in_french(account):
    from django.utils import translation

    product = _deleted_with_listing(account, Listing.Status.ERROR)
    with translation.override("fr"):
        message = _refusal(product)
    assert "l’article est peut-être encore sur Vinted" in message and "Synchroniser maintenant" in message


def test_sync_marks_a_failed_listing_gone_from_the_wardrobe_deleted_so_it_can_be_purged(account):
    from types import SimpleNamespace

    from vinted.jobs.sync import sync_wardrobe

    product = _deleted_with_listing(account, Listing.Status.ERROR)
    sync_wardrobe(SimpleNamespace(job=SimpleNamespace(account=account)), [])
    assert Listing.objects.get(product=product).status == Listing.Status.DELETED
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
