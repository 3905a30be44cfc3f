"""Emptying a big trash in the Celery worker, and what the deleted list shows meanwhile.

Above `CATALOG_PURGE_WORKER_PRODUCTS` deleted products, "Empty" is checked with the channels in
the request (a listed product refuses it at once, nothing deleted), then handed to the worker,
which deletes them in batches (`trash.purge_in_batches`); the deleted list polls a fragment
until the result. The run's progress is kept in the shop's cache for a day, not in a table: it is
only what the seller reads, and the products themselves say what was deleted.
"""

import re
import uuid
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from tenants.models import Tenant

from . import trash
from .models import Product, ProductQuerySet

KEPT_SECONDS = 24 * 3600
QUEUED, RUNNING, DONE = "queued", "running", "done"


def _key(run_id: str) -> str:
    return f"catalog:emptying:{run_id}"


def is_run_id(text: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{32}", text))


def in_worker(count: int) -> bool:
    return count > settings.CATALOG_PURGE_WORKER_PRODUCTS


def start(tenant: Tenant, products: ProductQuerySet) -> str:
    """Check the deleted products among `products` with the channels (StillListed, nothing queued),
    then queue their deletion; returns the run's id, for `state`."""
    from .tasks import empty_trash

    targets = list(products.filter(deleted_at__isnull=False).only("pk", "sku"))
    trash.refuse_listed(targets)
    run_id = uuid.uuid4().hex
    pks = [product.pk for product in targets]
    cache.set(_key(run_id), {"state": QUEUED, "total": len(pks), "deleted": 0}, KEPT_SECONDS)
    transaction.on_commit(partial(empty_trash.delay, tenant.schema_name, run_id, pks))
    return run_id


def run(run_id: str, pks: list[int]) -> trash.PurgeResult:
    """The worker's side. Sent again after a lost worker, it deletes what is left (the batches
    done are gone) and counts only that."""
    total = len(pks)

    def progress(deleted: int) -> None:
        cache.set(_key(run_id), {"state": RUNNING, "total": total, "deleted": deleted}, KEPT_SECONDS)

    progress(0)
    try:
        result = trash.purge_in_batches(Product.objects.filter(pk__in=pks), progress=progress)
    except trash.StillListed as error:
        remaining = Product.objects.filter(pk__in=pks, deleted_at__isnull=False).count()
        result = trash.PurgeResult(0, remaining, " ".join(error.messages))
    cache.set(
        _key(run_id),
        {
            "state": DONE,
            "total": total,
            "deleted": result.deleted,
            "remaining": result.remaining,
            "problem": result.problem,
        },
        KEPT_SECONDS,
    )
    return result


def state(run_id: str) -> dict | None:
    """{"state", "total", "deleted"} and, once done, "remaining" and "problem"; None when unknown
    (another shop's id, or older than a day)."""
    return cache.get(_key(run_id))
