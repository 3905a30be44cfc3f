"""eBay tells the catalog which products it still has on sale, before they are deleted for good."""

import pytest

from catalog import trash
from catalog.models import Product
from ebay.jobs.models import EbayJob, EbayListing


def _deleted_with_listing(product, account, status):
    EbayListing.objects.create(product=product, account=account, status=status)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    return product


def test_purge_of_a_product_live_on_ebay_is_refused(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.PUBLISHED)
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    assert f"{product.sku} (eBay (" in refused.value.messages[0]
    assert EbayListing.objects.filter(product=product).exists()


def test_purge_of_a_product_whose_ebay_listing_ended_deletes_the_listing_record(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.ENDED)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
    assert not EbayListing.objects.filter(product_id=product.pk).exists()


def _refusal(product) -> str:
    with pytest.raises(trash.StillListed) as refused:
        trash.purge(Product.objects.filter(pk=product.pk))
    assert Product.objects.filter(pk=product.pk).exists()
    return refused.value.messages[0]


def _job(listing, state, action=EbayJob.Action.PUBLISH, **fields):
    return EbayJob.objects.create(
        action=action, product=listing.product, account=listing.account, listing=listing, state=state, **fields
    )


@pytest.mark.parametrize("status", [EbayListing.Status.DRAFT, EbayListing.Status.SOLD])
def test_purge_of_a_product_whose_ebay_listing_is_not_on_sale_deletes_it(product, account, status):
    _deleted_with_listing(product, account, status)
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1


@pytest.mark.parametrize(
    "state, fields",
    [("unknown", {}), ("needs_attention", {"remote": {"inflight": {"op": "publish"}}})],
    ids=["unknown", "request-in-flight"],
)
def test_purge_of_a_product_whose_ebay_request_outcome_is_unknown_is_refused_and_says_to_check(
    product, account, state, fields
):
    _deleted_with_listing(product, account, EbayListing.Status.DRAFT)
    _job(EbayListing.objects.get(product=product), state, **fields)
    message = _refusal(product)
    assert f"{product.sku} (eBay (" in message and "answer to a request was lost" in message


def test_purge_of_a_product_being_published_on_ebay_is_refused_naming_the_account(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.DRAFT)
    _job(EbayListing.objects.get(product=product), "pending")
    assert f"eBay ({account.username} · " in _refusal(product)


def test_purge_of_a_product_live_on_ebay_with_an_end_job_running_is_refused_once(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.PUBLISHED)
    _job(EbayListing.objects.get(product=product), "running", action=EbayJob.Action.END)
    assert _refusal(product).count("eBay (") == 1


def test_purge_of_a_product_with_an_ebay_update_job_on_an_ended_listing_says_a_job_is_in_progress(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.ENDED)
    _job(EbayListing.objects.get(product=product), "waiting_rate_limit", action=EbayJob.Action.UPDATE)
    assert "a job is still in progress" in _refusal(product)


def test_purge_after_the_ebay_job_failed_deletes_it(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.DRAFT)
    _job(EbayListing.objects.get(product=product), "failed")
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1


def test_purge_of_a_product_with_a_finished_ebay_job_keeps_the_job_and_its_history(product, account):
    _deleted_with_listing(product, account, EbayListing.Status.ENDED)
    job = _job(EbayListing.objects.get(product=product), "completed", action=EbayJob.Action.END)
    job.events.create(kind="transition", from_state="running", to_state="completed", message="Ended on eBay.")
    assert trash.purge(Product.objects.filter(pk=product.pk)) == 1
    job.refresh_from_db()
    assert (job.product_id, job.listing_id, job.state) == (None, None, "completed")
    assert [event.message for event in job.events.all()] == ["Ended on eBay."]
    assert not EbayListing.objects.filter(product_id=product.pk).exists()


def test_purge_refusal_for_an_unknown_ebay_outcome_is_in_french(product, account):
    from django.utils import translation

    _deleted_with_listing(product, account, EbayListing.Status.DRAFT)
    _job(EbayListing.objects.get(product=product), "unknown")
    with translation.override("fr"):
        assert "la réponse d’eBay à une requête a été perdue" in _refusal(product)
