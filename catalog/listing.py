"""The product list as the page, the CSV export and the API all filter it: one function."""

import uuid

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from . import extensions, selectors
from .forms import FilterForm
from .models import Product


def filter_form(request, data=None) -> FilterForm:
    """The list's filters from `data` (the request's query string by default)."""
    data = request.GET if data is None else data
    return FilterForm(data or None, extension_filters=extensions.product_filters(), request=request)


def deleted_matching(request):
    """Every deleted product the list's filters in the query string match, on every page: what
    "Empty" on the deleted list deletes for good. The status is always "deleted"."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("emptying", None)
    query["status"] = "deleted"
    queryset, _filters = filtered_products(request, filter_form(request, query))
    return queryset, query


def filtered_products(request, form: FilterForm | None = None):
    form = form or filter_form(request)
    filters = form.filters()
    queryset = selectors.products(filters)
    for entry in form.extension_filters:
        value = filters.extra.get(entry.name)
        if value:
            queryset = entry.apply(queryset, value, request)
    return queryset, filters


_PLACEHOLDER = uuid.UUID(int=0)
_BADGES = {"listed": "green", "sold": "green", "archived": "red"}


def _url_maker(name: str, key: str, **kwargs):
    """One reverse() per page, not per row: the id is swapped into a reversed template URL."""
    template = reverse(name, kwargs={key: _PLACEHOLDER, **kwargs})
    head, tail = template.split(str(_PLACEHOLDER))
    return lambda value: f"{head}{value}{tail}"


def list_rows(products) -> list[dict]:
    """What each row of the product list shows, as ready strings: a template expression per value
    and row was most of the page's time on a 50-row page."""
    detail_url = _url_maker("catalog:detail", "public_id")
    cover_url = _url_maker("catalog:photo", "photo_id", variant="small")
    statuses = {value: str(label) for value, label in Product.Status.choices}
    rows = []
    for product in products:
        meta = [product.sku]
        if product.brand_name:
            meta.append(product.brand_name)
        category = product.category.label if product.category_id and product.category else ""
        rows.append(
            {
                "public_id": product.public_id,
                "sku": product.sku,
                "title": product.title,
                "url": detail_url(product.public_id),
                "cover_url": cover_url(product.cover_id) if product.cover_id else "",
                "brand_name": product.brand_name,
                "brand_unmapped": product.brand_unmapped,
                "category": category,
                "price": product.price,
                "stock": product.stock,
                "status": product.status,
                "status_label": statuses.get(product.status, product.status),
                "deleted": product.deleted_at is not None,
                "badge": _BADGES.get(product.status, "orange"),
            }
        )
    return rows


_CHIP_COLOURS = {"listed": "green", "sold": "green", "problem": "red", "not_listed": "grey"}


def channel_chips(states, product_url: str) -> list[dict]:
    """A list row's channels (catalog.extensions.ChannelState), as ready strings: each links to the
    product page's Channels card, which says exactly what differs and what is missing."""
    chips = []
    out_of_date = gettext("out of date")
    for state in states:
        needs = ""
        if state.missing:
            count = len(state.missing)
            needs = ngettext("needs %(n)s field", "needs %(n)s fields", count) % {"n": count}
        chips.append(
            {
                "channel": state.channel,
                "state": state.state,
                "label": f"{state.channel} · {state.label}",
                "colour": _CHIP_COLOURS.get(state.state, "orange"),
                "place": state.place,
                "url": f"{product_url}#channels",
                "stale": out_of_date if state.stale else "",
                "needs": needs,
                "missing": ", ".join(state.missing),
            }
        )
    return chips
