"""How the publication pages plug into catalog (bulk action, product section, dashboard figures)
and into the page header (the current account's budget badge).

Registered from VintedConfig.ready(); catalog never imports vinted.
"""

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import MAX_PRODUCTS

SUCCESS_DAYS = 30


def bulk_publish(request, products):
    """Catalog bulk action: open the publish preview of the selected products."""
    chosen = list(products.values_list("public_id", flat=True)[: MAX_PRODUCTS + 1])
    if len(chosen) > MAX_PRODUCTS:
        return _("Select at most %(max)s products at a time.") % {"max": MAX_PRODUCTS}
    query = urlencode([("product", str(pid)) for pid in chosen])
    return HttpResponseRedirect(f"{reverse('vinted:publish')}?{query}")


def bulk_update(request, products):
    """Catalog bulk action: the selected products' listings that are out of date, to update."""
    chosen = list(products.values_list("public_id", flat=True)[: MAX_PRODUCTS + 1])
    if len(chosen) > MAX_PRODUCTS:
        return _("Select at most %(max)s products at a time.") % {"max": MAX_PRODUCTS}
    query = urlencode([("product", str(pid)) for pid in chosen])
    return HttpResponseRedirect(f"{reverse('vinted:update_listings')}?{query}")


def product_section(request, product) -> dict:
    from .section import section_context

    return section_context(request, product)


def published_per_day(request, axis) -> list[float]:
    from ..jobs import selectors

    per_day = selectors.publications_per_day(len(axis))
    return [per_day.get(day, 0) for day in axis]


def success_rate(request) -> str:
    from ..jobs import selectors

    rate = selectors.success_rate(SUCCESS_DAYS)
    if rate is None:
        return "—"
    return f"{number_format(rate * 100, 0)} %"


def take_down(product, **choice) -> None:
    from ..jobs.takedown import take_down as request_take_down

    request_take_down(product, **choice)


def register_extensions() -> None:
    from catalog import extensions
    from stoflow.navigation import HeaderExtra, NavItem, add_header_extra, add_nav_item

    from ..reference import form_hooks
    from . import channel, header, setup_steps

    form_hooks.register()
    channel.register()
    setup_steps.register()
    add_header_extra(HeaderExtra(name="vinted_budget", template=header.TEMPLATE, context=header.header_context))
    add_nav_item(NavItem(gettext_lazy("Vinted queue"), "vinted:queue_current", order=41))
    extensions.register(
        extensions.BulkAction(
            name="vinted_publish", label=gettext_lazy("Publish to Vinted"), handler=bulk_publish, order=20
        )
    )
    extensions.register(
        extensions.BulkAction(
            name="vinted_update", label=gettext_lazy("Update listings on Vinted"), handler=bulk_update, order=21
        )
    )
    extensions.register(
        extensions.DetailSection(
            name="vinted_publishing",
            order=20,
            template="vinted/publishing/partials/product_section.html",
            context=product_section,
        )
    )
    extensions.register(extensions.ProductUnavailable(name="vinted_takedown", handler=take_down))
    extensions.register(
        extensions.ChartSeries(
            name="vinted_published", label=gettext_lazy("Published on Vinted"), values=published_per_day, order=20
        )
    )
    extensions.register(
        extensions.DashboardCard(
            name="vinted_success_rate",
            order=20,
            label=gettext_lazy("Vinted success rate (30 days)"),
            value=success_rate,
        )
    )
