"""Fixtures of the eBay publishing tests: a set-up seller connected to shop A, publishable products, and
running a job in this process against the sandbox over HTTP."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from catalog.models import Product
from catalog.taxonomy.models import Colour, Size
from catalog.tests.factories import ProductFactory
from ebay.jobs import engine
from ebay.jobs.models import EbayJob


def vinted_row(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


def publishable(photos=1, **overrides):
    """A women's T-shirt eBay accepts: a photo, brand, size, colour, women's department."""
    fields = {
        "photos": photos,
        "size": vinted_row(Size, 4),
        "brand_name": "Zara",
        "gender": Product.Gender.WOMEN,
        "price": Decimal("10.00"),
        **overrides,
    }
    product = ProductFactory(**fields)
    product.colours.set([vinted_row(Colour, 12)])
    return product


@pytest.fixture
def seller(ebay_sandbox, ebay_seller):
    ebay_sandbox.set_up_seller(ebay_seller["username"])
    return ebay_seller


@pytest.fixture
def account(seller, ebay_account, shop_a):
    """Connected, with its set-up done: the seller's own policies and location chosen."""
    from ebay import setup

    with tenant_context(shop_a.tenant):
        return setup.complete_with_first_choices(ebay_account, postal_code="69003", country="FR")


@pytest.fixture
def in_shop(shop_a):
    with tenant_context(shop_a.tenant):
        yield shop_a


@pytest.fixture
def product(in_shop, account):
    return publishable()


@pytest.fixture
def run_job():
    """Run a job in this process until it stops moving by itself (as the worker and dispatcher would),
    at most `runs` times; returns it fresh."""

    def run(job, runs=10, *, wait_due=False):
        for _ in range(runs):
            job.refresh_from_db()
            if job.state in EbayJob.TERMINAL or job.state in ("needs_attention", "waiting_reconnect"):
                break
            if job.state == "waiting_rate_limit" and not wait_due:
                break
            EbayJob.objects.filter(pk=job.pk).update(next_attempt_at=None)
            engine.run(job.pk)
        job.refresh_from_db()
        return job

    return run
