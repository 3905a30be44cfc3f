"""The sales ledger's writes: a listing that sold on a marketplace, or a sale entered by hand.

A sale takes its units off the stock; the product is marked sold only when none is left, and
then marketplaces are told it is no longer for sale (catalog.extensions.ProductUnavailable).
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import extensions, services
from .cache import changes_products
from .models import Product, Sale


@changes_products
def record_sale(product: Product, *, price: Decimal, currency: str, channel: str = Sale.MANUAL,
                account_ref: str = "", account_label: str = "", listing_ref: str = "", quantity: int = 1,
                sold_at=None, takedown: str = extensions.TAKEDOWN_HIDE, user=None) -> Sale:
    """Record a sale at the price actually paid (per unit) and take `quantity` off the stock.

    A listing sells once: recording the same (channel, account_ref, listing_ref) again returns
    the first sale and changes nothing.
    """
    price = Decimal(price)
    errors = {}
    if price < 0:
        errors["price"] = _("A price cannot be negative.")
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
                    product=product, quantity=quantity, price=price, currency=currency, cost_price=product.cost_price,
                    sold_at=sold_at or timezone.now(), channel=channel, account_ref=account_ref,
                    account_label=account_label[:200], listing_ref=listing_ref)
        except IntegrityError:      # the same listing recorded by a concurrent sync
            return Sale.objects.get(channel=channel, account_ref=account_ref, listing_ref=listing_ref)
        left = max(0, product.stock - quantity)
        data = {"stock": left}
        if left == 0:
            data["status"] = Product.Status.SOLD
        services.update_product(product, data, takedown=takedown, sale=sale, user=user)
    return sale


def sell_by_hand(product: Product, *, price: Decimal | None, currency: str, quantity: int = 1,
                 takedown: str = extensions.TAKEDOWN_HIDE, user=None) -> Sale:
    """A sale outside any marketplace (a fair, a friend): at the product's price unless given."""
    if product.deleted_at is not None:
        raise ValidationError(_("This product is deleted."))
    return record_sale(product, price=product.price if price is None else price, currency=currency,
                       quantity=quantity, takedown=takedown, user=user)
