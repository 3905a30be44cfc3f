"""The product list as the page, the CSV export and the API all filter it: one function."""
from . import extensions, selectors
from .forms import FilterForm


def filter_form(request) -> FilterForm:
    return FilterForm(request.GET or None, extension_filters=extensions.product_filters(), request=request)


def filtered_products(request, form: FilterForm | None = None):
    form = form or filter_form(request)
    filters = form.filters()
    queryset = selectors.products(filters)
    for entry in form.extension_filters:
        value = filters.extra.get(entry.name)
        if value:
            queryset = entry.apply(queryset, value, request)
    return queryset, filters
