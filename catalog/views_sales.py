"""The Sales page, its CSV export, a sale by hand, editing and cancelling a sale. Thin: the
forms check formats, catalog.sales writes, catalog.sales_report reads."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import ledger_csv, sales, sales_report
from .forms import ManualSaleForm, SaleFilterForm, SaleForm
from .models import Product
from .templatetags.catalog_tags import money
from .views_csv import csv_download


def filter_form(request) -> SaleFilterForm:
    return SaleFilterForm(request.GET, channels=sales_report.channels(), accounts=sales_report.accounts())


def _add_errors(form, error: ValidationError) -> None:
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_errors in errors.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


@tenant_view
def sales_page(request):
    form = filter_form(request)
    context = {
        "form": form,
        "currency": request.tenant.currency,
        "can_write": request.tenant_access.can_write,
        "query": request.GET.urlencode(),
        "new_form": ManualSaleForm(),
    }
    if not form.is_valid():
        return render(request, "catalog/sales.html", context, status=400)
    queryset = sales_report.filtered(form.filters())
    chart = sales_report.monthly(queryset)
    context.update(
        {
            "sales": list(queryset[:200]),
            "totals": sales_report.totals(queryset),
            "chart": {
                "labels": [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in chart["months"]],
                "series": chart["series"],
            },
            "by_category": _with_category_labels(sales_report.sell_through(queryset, "category")),
            "by_brand": sales_report.sell_through(queryset, "brand"),
        }
    )
    return render(request, "catalog/sales.html", context)


def _with_category_labels(rows):
    from .taxonomy.models import Category

    names = {c.pk: c.label for c in Category.objects.filter(pk__in=[row["key"] for row in rows])}
    return [{**row, "label": names.get(row["key"], row["key"])} for row in rows]


@tenant_view
def sales_export(request):
    form = filter_form(request)
    if not form.is_valid():
        return render(request, "catalog/sales.html", {"form": form, "currency": request.tenant.currency}, status=400)
    queryset = sales_report.filtered(form.filters())
    return csv_download(ledger_csv.ledger_rows(queryset, ledger_csv.labels()), "sales")


@tenant_view
def sale_new(request):
    """A sale outside any marketplace, the product found by its SKU."""
    form = ManualSaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        product = Product.objects.alive().filter(sku=form.cleaned_data["sku"]).first()
        if product is None:
            form.add_error("sku", _("No product has this SKU."))
        else:
            try:
                sale = sales.sell_by_hand(
                    product,
                    price=form.cleaned_data["price"],
                    currency=request.tenant.currency,
                    quantity=form.cleaned_data["quantity"],
                    takedown=form.cleaned_data["takedown"],
                    user=request.user,
                    **form.details(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Sale of %(sku)s recorded at %(price)s.")
                    % {"sku": product.sku, "price": money(sale.price, sale.currency)},
                )
                return redirect("catalog:sales")
    return render(request, "catalog/sale_new.html", {"form": form}, status=400 if form.errors else 200)


@tenant_view
def sale_edit(request, public_id):
    sale = sales_report.get_sale(public_id)
    # The form validates onto a copy: the service writes the real row, or nothing on a refusal.
    form = SaleForm(request.POST or None, instance=copy.copy(sale))
    if request.method == "POST" and form.is_valid():
        try:
            sales.update_sale(sale, {name: form.cleaned_data[name] for name in SaleForm.Meta.fields})
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Sale saved."))
            return redirect("catalog:sales")
    return render(request, "catalog/sale_edit.html", {"form": form, "sale": sale}, status=400 if form.errors else 200)


@tenant_view
@require_POST
def sale_cancel(request, public_id):
    sale = sales_report.get_sale(public_id)
    try:
        sales.cancel_sale(sale, restock=request.POST.get("restock", "1") != "0")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sale cancelled; the item is back in stock."))
    return redirect("catalog:sales")
