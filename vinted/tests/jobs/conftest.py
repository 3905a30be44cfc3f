"""Fixtures of the publication engine's tests (the vinted tests' sandbox and account fixtures apply)."""

from decimal import Decimal

import pytest
from django.db import transaction
from django_tenants.utils import tenant_context

from catalog.taxonomy.models import Colour, Material, Size
from catalog.tests.factories import ProductFactory
from stoflow.celery import app as celery_app
from tests.factories import make_shop
from tests.services import use_broker
from vinted.jobs import services


def vinted_row(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


def publishable(photos=1, **overrides):
    """A product the sandbox accepts (sized T-shirt, brand, two colours, a material)."""
    fields = {
        "photos": photos,
        "size": vinted_row(Size, 4),
        "brand_name": "Zara",
        "brand": None,
        "price": Decimal("10.00"),
        **overrides,
    }
    product = ProductFactory(**fields)
    product.colours.set([vinted_row(Colour, 12), vinted_row(Colour, 27)])
    product.materials.set([vinted_row(Material, 44)])
    return product


def publish(shop, account, count, photos=1):
    """Ask for `count` publishable products to be published, committed so a worker sees the jobs."""
    with tenant_context(shop.tenant):
        products = [publishable(photos=photos) for _ in range(count)]
        with transaction.atomic():
            return services.request_publication(account, products, user=shop.owner)


@pytest.fixture
def product(account):
    return publishable()


@pytest.fixture
def small_budget(settings):
    def set_budget(limit, window=7200):
        settings.VINTED_RATE_LIMIT_MAX = limit
        settings.VINTED_RATE_LIMIT_WINDOW_SECONDS = window

    return set_budget


@pytest.fixture
def worker_shop(committed_platform, settings):
    """make_shop for tests that go through a real worker: this process writes the dispatch rows with the worker
    environment's short timings and enqueues on the test broker."""
    settings.VINTED_JOB_REDISPATCH_SECONDS, settings.VINTED_JOB_LEASE_SECONDS = 3, 4
    use_broker(celery_app, settings.CELERY_BROKER_URL)
    return make_shop
