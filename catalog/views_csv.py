"""CSV export of the filtered list, import with a per-row report, and the template file."""
import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.decorators import tenant_view

from . import csv_io
from .forms import ImportForm
from .listing import filtered_products


class _Echo:
    def write(self, value):
        return value


@tenant_view
def export_csv(request):
    queryset, _filters = filtered_products(request)
    writer = csv.writer(_Echo())
    rows = csv_io.start_export(queryset, request.GET.urlencode())
    response = StreamingHttpResponse((writer.writerow(row) for row in rows),
                                     content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="products-{stamp}.csv"'
    return response


@tenant_view
def template_csv(request):
    response = HttpResponse(csv_io.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="stoflow-products-template.csv"'
    return response


@tenant_view
def import_csv(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            text = csv_io.decode(form.cleaned_data["file"].read())
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            report = csv_io.import_csv(request.tenant, text)
    if form.errors:
        status = 400
    return render(request, "catalog/import.html", {"form": form, "report": report,
                                                   "columns": csv_io.COLUMNS,
                                                   "title": _("Import products")}, status=status)
