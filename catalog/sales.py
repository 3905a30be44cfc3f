"""The sales ledger's writes: a listing that sold on a marketplace, or a sale entered by hand;
editing a sale's details, and cancelling it (a return).

A sale takes its units off the stock; the product is marked sold only when none is left, and
then marketplaces are told it is no longer for sale (catalog.extensions.ProductUnavailable).
Cancelling puts the units back and the product back for sale.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import User

from . import delist, extensions, services, signals
from .cache import changes_products
from .models import PaymentMethod, Product, Sale

# What the seller may change on a recorded sale; product, quantity, channel and listing are facts.
EDITABLE = ("price", "cost_price", "shipping_cost", "fees", "sold_at", "buyer_ref", "payment_method")


@changes_products
def record_sale(
    product: Product,
    *,
    price: Decimal,
    currency: str,
    channel: str = Sale.MANUAL,
    account_ref: str = "",
    account_label: str = "",
    listing_ref: str = "",
    quantity: int = 1,
    sold_at: datetime.datetime | None = None,
    takedown: str = extensions.TAKEDOWN_HIDE,
    user: User | None = None,
    **details: Any,
) -> Sale:
    """Record a sale at the price actually paid (per unit) and take `quantity` off the stock.

    A listing sells once: recording the same (channel, account_ref, listing_ref) again returns
    the first sale and changes nothing. `details`: shipping_cost, fees, buyer_ref, payment_method.
    """
    unknown = set(details) - {"shipping_cost", "fees", "buyer_ref", "payment_method"}
    if unknown:
        raise TypeError(f"record_sale() got unexpected details {sorted(unknown)}")
    price = Decimal(price)
    errors = _check_details({"price": price, **details})
    if quantity < 1:
        errors["quantity"] = _("Sell at least one.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if listing_ref:
            earlier = Sale.objects.filter(channel=channel, account_ref=account_ref, listing_ref=listing_ref).first()
            if earlier is not None:
                return earlier
        product = Product.objects.select_for_update().get(pk=product.pk)
        # A marketplace sale happened whatever the stock says; a sale by hand cannot exceed it.
        if channel == Sale.MANUAL and quantity > product.stock:
            raise ValidationError({"quantity": _("Only %(stock)s left in stock.") % {"stock": product.stock}})
        try:
            with transaction.atomic():
                sale = Sale.objects.create(
                    product=product,
                    product_sku=product.sku,
                    product_title=product.title,
                    quantity=quantity,
                    price=price,
                    currency=currency,
                    cost_price=product.cost_price,
                    sold_at=sold_at or timezone.now(),
                    channel=channel,
                    account_ref=account_ref,
                    account_label=account_label[:200],
                    listing_ref=listing_ref,
                    payment_method=details.pop("payment_method", "")
                    or (PaymentMethod.MARKETPLACE if channel != Sale.MANUAL else ""),
                    **details,
                )
        except IntegrityError:  # the same listing recorded by a concurrent sync
            return Sale.objects.get(channel=channel, account_ref=account_ref, listing_ref=listing_ref)
        left = max(0, product.stock - quantity)
        # Logged before the product changes, so the sale heads the take-downs it causes.
        delist.sale_seen(sale, left=left)
        data: services.ProductData = {"stock": left}
        if left == 0:
            data["status"] = Product.Status.SOLD
        services.update_product(product, data, takedown=takedown, sale=sale, user=user)
        transaction.on_commit(lambda: signals.sale_recorded.send(sender=Sale, sale=sale))
    return sale


def sell_by_hand(
    product: Product,
    *,
    price: Decimal | None,
    currency: str,
    quantity: int = 1,
    takedown: str = extensions.TAKEDOWN_HIDE,
    user: User | None = None,
    **details: Any,
) -> Sale:
    """A sale outside any marketplace (a fair, a friend): at the product's price unless given."""
    if product.deleted_at is not None:
        raise ValidationError(_("This product is deleted."))
    return record_sale(
        product,
        price=product.price if price is None else price,
        currency=currency,
        quantity=quantity,
        takedown=takedown,
        user=user,
        **{k: v for k, v in details.items() if v is not None},
    )


def _check_details(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("price", "cost_price", "shipping_cost", "fees"):
        if data.get(name) is not None and Decimal(data[name]) < 0:
            errors[name] = _("A price cannot be negative.") if name == "price" else _("An amount cannot be negative.")
    if "price" in data and data["price"] is None:
        errors["price"] = _("Enter the price paid.")
    if data.get("payment_method") and data["payment_method"] not in PaymentMethod.values:
        errors["payment_method"] = _("Choose a means of payment from the list.")
    if len(data.get("buyer_ref") or "") > 200:
        errors["buyer_ref"] = _("At most 200 characters.")
    return errors


@changes_products
def update_sale(sale: Sale, data: dict[str, Any]) -> Sale:
    """Change what the seller may change on a sale (EDITABLE); the margin follows."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: _("This cannot be changed on a sale.") for name in sorted(unknown)})
    errors = _check_details(data)
    if sale.cancelled_at is not None:
        errors.setdefault("__all__", _("This sale is cancelled."))
    if errors:
        raise ValidationError(errors)
    for name, value in data.items():
        setattr(sale, name, "" if value is None and name in ("buyer_ref", "payment_method") else value)
    sale.save(update_fields=list(data))
    sale.refresh_from_db(fields=["margin"])
    return sale


@changes_products
def cancel_sale(sale: Sale, *, restock: bool = True) -> Sale:
    """Cancel a sale (a return): it stops counting; with `restock`, its units go back into stock and
    a product marked sold is for sale again (listed if it had been listed, else ready).

    Marketplaces are not told: a listing hidden when it sold out is shown again by the seller
    (e.g. Vinted's "Show again" on the product page).
    """
    with transaction.atomic():
        sale = Sale.objects.select_for_update().get(pk=sale.pk)
        if sale.cancelled_at is not None:
            raise ValidationError(_("This sale is already cancelled."))
        sale.cancelled_at = timezone.now()
        sale.save(update_fields=["cancelled_at"])
        product = sale.product
        if restock and product is not None:
            product = Product.objects.select_for_update().get(pk=product.pk)
            data: services.ProductData = {"stock": product.stock + sale.quantity}
            if product.status == Product.Status.SOLD:
                data["status"] = Product.Status.LISTED if product.listed_at else Product.Status.READY
            services.update_product(product, data)
        if product is not None:
            delist.sale_cancelled(sale, restocked=restock)
    return sale
