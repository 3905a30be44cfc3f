"""Vinted tells the catalog which products it still has on sale, before they are deleted for good."""

import random

import pytest

from catalog import services
from catalog.models import Product
from catalog.tests.factories import ProductFactory
from vinted.jobs.models import Listing


def _deleted_with_listing(account, status):
    product = ProductFactory()
    Listing.objects.create(product=product, account=account, item_id=random.randint(1, 10**9), status=status)
    services.soft_delete(Product.objects.filter(pk=product.pk))
    return product


@pytest.mark.parametrize("status", [Listing.Status.PUBLISHED, Listing.Status.PUBLISHING])
def test_purge_of_a_product_on_sale_on_vinted_is_refused(account, status):
    product = _deleted_with_listing(account, status)
    with pytest.raises(services.StillListed) as refused:
        services.purge(Product.objects.filter(pk=product.pk))
    assert f"{product.sku} (Vinted (" in refused.value.messages[0]
    assert Listing.objects.filter(product=product).exists()


def test_purge_of_a_product_whose_vinted_listing_is_gone_deletes_the_listing_record(account):
    product = _deleted_with_listing(account, Listing.Status.DELETED)
    assert services.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not Listing.objects.filter(product_id=product.pk).exists()


def test_purge_of_a_product_with_a_publish_job_still_queued_is_refused(account, make_job):
    product = ProductFactory()
    make_job(product)
    services.soft_delete(Product.objects.filter(pk=product.pk))
    with pytest.raises(services.StillListed):
        services.purge(Product.objects.filter(pk=product.pk))
    assert Product.objects.filter(pk=product.pk).exists()


def test_purge_of_a_product_hidden_on_vinted_is_refused_and_says_to_delete_it_from_vinted_first(account):
    product = _deleted_with_listing(account, Listing.Status.HIDDEN)
    with pytest.raises(services.StillListed) as refused:
        services.purge(Product.objects.filter(pk=product.pk))
    message = refused.value.messages[0]
    assert f"{product.sku} (Vinted (" in message
    assert "hidden on Vinted" in message and "Delete from Vinted" in message
    assert Product.objects.filter(pk=product.pk).exists() and Listing.objects.filter(product=product).exists()
