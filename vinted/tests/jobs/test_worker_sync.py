"""Sync through a real Celery worker: the worker's shop is the real tenant row, as in production."""

import pytest
from django_tenants.utils import tenant_context

from catalog.models import Product
from vinted import services as vinted_services
from vinted.client import new_upload_session
from vinted.jobs import services
from vinted.jobs.models import Job, Listing
from vinted.tests.item_fixture import tshirt

from .worker import connect_account, start_worker, wait_for

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(worker_shop):
    return worker_shop("w")


def test_sync_in_the_worker_imports_a_listing_unknown_to_stoflow_within_the_plan(shop, sandbox, redis_client, jpeg):
    seller = sandbox.create_seller("import-seller")
    account = connect_account(shop, sandbox, seller)
    with tenant_context(shop.tenant):
        client = vinted_services.client_for(account)
        upload = new_upload_session()
        photo = client.upload_photo(jpeg(), upload_session_id=upload).data["id"]
        item = client.create_item(tshirt([photo], title="Velvet blazer"), upload_session_id=upload).data
    worker = start_worker(sandbox)
    try:
        with tenant_context(shop.tenant):
            job = services.request_sync(account, user=shop.owner)
        jobs = wait_for(shop, lambda jobs: jobs[-1].state in Job.TERMINAL, timeout=60, what="sync")
    finally:
        worker.stop()
    assert jobs[-1].pk == job.pk and jobs[-1].state == "completed", (jobs[-1].message, jobs[-1].attempts)
    assert jobs[-1].attempts == 0  # no run ended in an error to retry
    with tenant_context(shop.tenant):
        imported = Listing.objects.get(account=account, item_id=item["id"]).product
        assert imported.title == "Velvet blazer" and imported.status == Product.Status.LISTED
        assert imported.photos.count() == 1


def test_a_sale_seen_by_the_worker_records_it_and_hides_the_listing_on_the_other_account(shop, sandbox, redis_client):
    from decimal import Decimal

    from django.db import transaction

    from catalog.models import Sale

    from .conftest import publishable

    shop.tenant.max_platforms_override = 5
    shop.tenant.save(update_fields=["max_platforms_override"])
    first_seller, second_seller = sandbox.create_seller("sells-here"), sandbox.create_seller("listed-too")
    first, second = connect_account(shop, sandbox, first_seller), connect_account(shop, sandbox, second_seller)
    worker = start_worker(sandbox)
    try:
        with tenant_context(shop.tenant):
            product = publishable(price=Decimal("10.00"))
            with transaction.atomic():
                services.request_publication(first, [product], user=shop.owner)
                services.request_publication(second, [product], user=shop.owner)
        wait_for(shop, lambda jobs: [j.state for j in jobs] == ["completed"] * 2, timeout=60, what="publish")
        with tenant_context(shop.tenant):
            sold = Listing.objects.get(account=first)
            other = Listing.objects.get(account=second)
        sandbox.mark_sold(sold.item_id)
        with tenant_context(shop.tenant):
            services.request_sync(first, user=shop.owner)
        jobs = wait_for(
            shop,
            lambda jobs: any(j.action == "hide" and j.state in Job.TERMINAL for j in jobs),
            timeout=60,
            what="hide",
        )
    finally:
        worker.stop()
    [hide] = [j for j in jobs if j.action == "hide"]
    assert hide.state == "completed" and hide.account_id == second.pk
    [item] = sandbox.listings(second_seller["id"])
    assert item["id"] == other.item_id and item["is_hidden"] is True
    assert sandbox.listings(first_seller["id"])[0]["is_hidden"] is False
    with tenant_context(shop.tenant):
        [sale] = Sale.objects.all()
        assert sale.price == Decimal("10.00") and sale.listing_ref == str(sold.item_id)
        assert Product.objects.get(pk=product.pk).status == Product.Status.SOLD
