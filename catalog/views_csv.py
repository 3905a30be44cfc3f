"""CSV export of the filtered list, import with a per-row report, and the template file."""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.decorators import tenant_view

from . import csv_io, imports
from .forms import ImportForm
from .listing import filtered_products
from .models import ImportRun


class _Echo:
    def write(self, value):
        return value


def csv_download(rows, name: str) -> StreamingHttpResponse:
    """Rows streamed as `<name>-<local time>.csv`, written as they are produced (exports can be large)."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


@tenant_view
def export_csv(request):
    queryset, _filters = filtered_products(request)
    return csv_download(csv_io.start_export(queryset, request.GET.urlencode()), "products")


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
        if imports.runs_in_worker(form.rows):
            run = imports.start(request.tenant, form.cleaned_data["file"], form.rows)
            return redirect("catalog:import_run", public_id=run.public_id)
        try:
            text = csv_io.decode(form.cleaned_data["file"].read())
        except ValueError as error:
            form.add_error("file", str(error))
        else:
            report = csv_io.import_csv(request.tenant, text)
    if form.errors:
        status = 400
    return render(
        request,
        "catalog/import.html",
        {"form": form, "report": report, "columns": csv_io.COLUMNS, "title": _("Import products")},
        status=status,
    )


@tenant_view
def import_run(request, public_id):
    """A worker import's page; while it runs, htmx polls the same URL for the progress fragment."""
    run = get_object_or_404(ImportRun, public_id=public_id)
    context = {
        "run": run,
        "report": run if run.status == ImportRun.Status.DONE else None,
        "title": _("Import products"),
    }
    if request.htmx:
        return render(request, "catalog/partials/import_run.html", context)
    return render(request, "catalog/import_run.html", context)
