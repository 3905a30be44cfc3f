"""eBay's shop-schema migrations that change what is kept: each runs forwards and back on a shop."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from catalog import trash
from catalog.models import Product
from catalog.tests.factories import ProductFactory
from ebay.jobs.models import EbayJob, EbayListing
from tenants import migration_state

pytestmark = pytest.mark.django_db


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def test_migrating_back_before_kept_jobs_drops_the_jobs_whose_listing_is_gone_and_keeps_the_others(
    in_shop_a, ebay_account
):
    kept, gone = (ProductFactory(sku=sku, deleted_at=None) for sku in ("KEEP1", "GONE1"))
    for product in (kept, gone):
        listing = EbayListing.objects.create(product=product, account=ebay_account, status=EbayListing.Status.ENDED)
        EbayJob.objects.create(
            action=EbayJob.Action.END, product=product, account=ebay_account, listing=listing, state="completed"
        )
    trash.soft_delete(Product.objects.filter(pk=gone.pk))
    trash.purge(Product.objects.filter(pk=gone.pk))

    old = migrate_to(("ebay", "0004_orders_poll"))
    assert list(old.get_model("ebay", "EbayJob").objects.values_list("product_id", flat=True)) == [kept.pk]
    new = migrate_to(("ebay", "0005_job_listing_kept"))
    assert new.get_model("ebay", "EbayJob")._meta.get_field("listing").null


def test_kept_jobs_migration_is_applied_to_the_shops_as_sql():
    plan = [(MigrationLoader(connection).get_migration("ebay", "0005_job_listing_kept"), False)]
    assert migration_state.sql_only(plan)
