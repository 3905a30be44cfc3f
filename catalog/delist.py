"""The delist log: per product, when a sale was seen and what each channel did to take the product's
other listings off sale; the steps that could not be done are the dashboard's urgent tasks.

Channels write it with plain strings (catalog knows no marketplace): their key ("vinted", "ebay"),
the account and listing references and labels they also give the sales ledger, and an English
message (marked with gettext_noop, translated when shown) with `params` for its placeholders.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .models import DelistStep, Product, Sale

Outcome = DelistStep.Outcome


def record_step(
    product: Product,
    *,
    channel: str,
    outcome: str,
    account_ref: str = "",
    account_label: str = "",
    listing_ref: str = "",
    message: str = "",
    todo: str = "",
    todo_url: str = "",
    params: dict | None = None,
    sale: Sale | None = None,
) -> DelistStep:
    """Add a step to the product's log. Any newer step on the same listing settles the earlier
    urgent ones: the latest word about a listing is the one that counts."""
    if outcome not in Outcome.values:
        raise ValueError(f"unknown delist outcome {outcome!r}")
    now = timezone.now()
    with transaction.atomic():
        if listing_ref or account_ref:
            DelistStep.objects.filter(
                product=product,
                channel=channel,
                account_ref=account_ref,
                listing_ref=listing_ref,
                outcome__in=DelistStep.URGENT,
                resolved_at__isnull=True,
            ).update(resolved_at=now)
        return DelistStep.objects.create(
            product=product,
            sale=sale,
            at=now,
            outcome=outcome,
            channel=channel[:30],
            account_ref=account_ref[:100],
            account_label=account_label[:200],
            listing_ref=listing_ref[:100],
            message=message[:500],
            todo=todo[:500],
            todo_url=todo_url[:400],
            params=params or {},
        )


def sale_seen(sale: Sale, *, left: int) -> DelistStep:
    """The first line of a delist: which channel sold it, and whether the other listings come off."""
    if left:
        message = gettext_noop("Sale seen: %(left)s left in stock, the other listings stay on sale.")
    else:
        message = gettext_noop("Sale seen: the product's other listings are being taken off sale.")
    return record_step(
        sale.product,
        channel=sale.channel,
        outcome=Outcome.SOLD,
        account_ref=sale.account_ref,
        account_label=sale.account_label,
        listing_ref=sale.listing_ref,
        message=message,
        params={"left": left},
        sale=sale,
    )


def sale_cancelled(sale: Sale, *, restocked: bool) -> DelistStep:
    message = (
        gettext_noop("Sale cancelled: the units are back in stock. Put ended listings back on sale if you want them.")
        if restocked
        else gettext_noop("Sale cancelled.")
    )
    step = record_step(
        sale.product,
        channel=sale.channel,
        outcome=Outcome.CANCELLED,
        account_ref=sale.account_ref,
        account_label=sale.account_label,
        listing_ref=sale.listing_ref,
        message=message,
        sale=sale,
    )
    if restocked:  # for sale again: nothing is left to take down
        open_steps().filter(product=sale.product).update(resolved_at=step.at)
    return step


def dismiss(step: DelistStep) -> None:
    """The seller dealt with it (e.g. ended the listing by hand on the marketplace)."""
    DelistStep.objects.filter(pk=step.pk, resolved_at__isnull=True).update(resolved_at=timezone.now())


def open_steps() -> QuerySet:
    return DelistStep.objects.filter(outcome__in=DelistStep.URGENT, resolved_at__isnull=True)


def urgent_tasks(limit: int = 20) -> list[DelistStep]:
    """Delists that could not be done, newest first, for products that are no longer for sale."""
    return list(
        open_steps()
        .filter(Q(product__stock=0) | Q(product__status=Product.Status.SOLD))
        .select_related("product")
        .order_by("-at", "-id")[:limit]
    )


def log_of(product: Product, limit: int = 50) -> list[DelistStep]:
    return list(product.delist_steps.order_by("-at", "-id")[:limit])


def text(step: DelistStep, field: str = "message") -> str:
    source = getattr(step, field)
    if not source:
        return ""
    try:
        return _(source) % step.params if step.params else _(source)
    except (KeyError, TypeError, ValueError):  # a translation with different placeholders
        return source
