"""eBay tells the catalog which products it still has on sale, before they are deleted for good."""

import pytest

from catalog import services
from catalog.models import Product
from ebay.jobs.models import EbayListing


def _deleted_with_listing(product, account, status):
    EbayListing.objects.create(product=product, account=account, status=status)
    services.soft_delete(Product.objects.filter(pk=product.pk))
    return product


def test_purge_of_a_product_live_on_ebay_is_refused(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.PUBLISHED)
    with pytest.raises(services.StillListed) as refused:
        services.purge(Product.objects.filter(pk=product.pk))
    assert f"{product.sku} (eBay (" in refused.value.messages[0]
    assert EbayListing.objects.filter(product=product).exists()


def test_purge_of_a_product_whose_ebay_listing_ended_deletes_the_listing_record(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.ENDED)
    assert services.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not EbayListing.objects.filter(product_id=product.pk).exists()
