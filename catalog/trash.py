"""The trash: deleting products (they stay restorable), restoring them, and deleting them for good
(`purge`, or `purge_in_batches` for a whole trash), which a channel that may still sell them
refuses (`StillListed`)."""

import dataclasses
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Tenant

from . import extensions
from . import photos as photo_service
from .cache import changes_products
from .models import Product, ProductQuerySet, Sale
from .services import audit_each, check_quota

log = logging.getLogger(__name__)


@changes_products
def soft_delete(products: ProductQuerySet) -> int:
    with transaction.atomic():
        targets = list(
            products.filter(deleted_at__isnull=True).select_for_update().only("pk", "public_id", "sku", "title")
        )
        count = Product.objects.filter(pk__in=[p.pk for p in targets]).update(
            deleted_at=timezone.now(), updated_at=timezone.now()
        )
        audit_each("product.deleted", targets)
    return count


@changes_products
def restore(tenant: Tenant, products: ProductQuerySet) -> int:
    """Bring deleted products back, unless their SKU was reused or the plan is full."""
    candidates = list(products.filter(deleted_at__isnull=False))
    taken = set(Product.objects.alive().filter(sku__in=[p.sku for p in candidates]).values_list("sku", flat=True))
    restorable = [p.pk for p in candidates if p.sku not in taken]
    counted = [p for p in candidates if p.pk in restorable and p.status != Product.Status.ARCHIVED]
    if counted:
        check_quota(tenant, adding=len(counted))
    if taken:
        raise ValidationError(
            _("These SKUs are used by other products, rename those first: %(skus)s")
            % {"skus": ", ".join(sorted(taken))}
        )
    with transaction.atomic():
        count = Product.objects.filter(pk__in=restorable).update(deleted_at=None, updated_at=timezone.now())
        audit_each("product.restored", [p for p in candidates if p.pk in restorable])
    return count


class StillListed(ValidationError):
    """Products a channel still sells: deleting them would leave listings buyers can buy."""


def refuse_listed(targets: list[Product]) -> None:
    live = extensions.live_listings(targets)
    if live:
        raise StillListed(
            _(
                "Still listed: %(products)s. End those listings first (restore the product and end them from "
                "its page), then delete it for good."
            )
            % {"products": "; ".join(f"{p.sku} ({', '.join(live[p.pk])})" for p in targets if p.pk in live)}
        )


@changes_products
def purge(products: ProductQuerySet) -> int:
    """Delete deleted products for good: their rows, their photos' rows and, after the commit, every
    stored variant of their photos. Live products are left alone (they must be deleted first).

    Their sales stay in the ledger, naming the product by the SKU and title they recorded; channel
    listing records and the delist log go with the product (`on_delete`), AI texts are cleared by
    the AI app on `post_delete`, and the audit keeps one entry per product. Refused as a whole
    (StillListed) when a channel says one of them may still be on sale there. One transaction: for
    a whole trash, `purge_in_batches`.
    """
    with transaction.atomic():
        targets = list(
            products.filter(deleted_at__isnull=False).select_for_update().only("pk", "public_id", "sku", "title")
        )
        if not targets:
            return 0
        refuse_listed(targets)
        pks = [p.pk for p in targets]
        recorded = Product.objects.filter(pk=OuterRef("product_id"))
        Sale.objects.filter(product_id__in=pks, product_sku="").update(
            product_sku=Subquery(recorded.values("sku")[:1]), product_title=Subquery(recorded.values("title")[:1])
        )
        files = photo_service.stored_files(pks)
        Product.objects.filter(pk__in=pks).delete()
        audit_each("product.purged", targets)
        transaction.on_commit(lambda: photo_service.remove_files(files))
    return len(targets)


PURGE_BATCH = 200


@dataclasses.dataclass(frozen=True)
class PurgeResult:
    deleted: int
    remaining: int  # of the products asked for, those still in the trash
    problem: str = ""  # why it stopped before the end (translated), empty when it did not


def purge_in_batches(
    products: ProductQuerySet, *, batch: int | None = None, progress: Callable[[int], None] | None = None
) -> PurgeResult:
    """`purge` of a whole trash, `batch` products per transaction, so a big trash holds no long
    lock and a failure midway loses only its own batch: the batches before it stay deleted (their
    photo files are removed as each one commits), the rest stay in the trash, and the result says
    how many of each.

    Every product is checked with the channels before the first batch, so a trash holding one
    listed product is refused as a whole (StillListed) and nothing is deleted; each batch checks
    again under its row locks, in case a channel changed its mind meanwhile. Must not run inside a
    transaction (the batches would commit only with it). `progress(deleted so far)` is called after
    each batch.
    """
    pks = list(products.filter(deleted_at__isnull=False).order_by("pk").values_list("pk", flat=True))
    if not pks:
        return PurgeResult(0, 0)
    refuse_listed(list(Product.objects.filter(pk__in=pks).only("pk", "sku")))
    batch = batch or PURGE_BATCH
    deleted = 0
    for start in range(0, len(pks), batch):
        try:
            deleted += purge(Product.objects.filter(pk__in=pks[start : start + batch]))
            if progress is not None:
                progress(deleted)
        except (StillListed, DatabaseError) as error:
            if isinstance(error, DatabaseError):
                log.exception("Emptying the trash stopped after %s products", deleted)
                problem = _("The database refused a batch; try again.")
            else:
                problem = " ".join(error.messages)
            remaining = Product.objects.filter(pk__in=pks[start:], deleted_at__isnull=False).count()
            return PurgeResult(deleted, remaining, problem)
    return PurgeResult(deleted, 0)
