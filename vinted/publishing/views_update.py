"""Bring out-of-date listings up to date in one go: what changed and the budget (GET), then one
update job per listing (POST), followed on the progress page."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from catalog import selectors as catalog_selectors
from tenants.decorators import tenant_view

from ..jobs import selectors as job_selectors
from ..jobs import services as job_services
from ..jobs.models import Job
from . import forecast, freshness
from .forms import MAX_PRODUCTS, usable_accounts


def _products(ids):
    products = list(catalog_selectors.by_public_ids(ids[:MAX_PRODUCTS]).filter(deleted_at__isnull=True))
    if ids and not products:
        raise Http404("No such product in this shop")
    return products


@tenant_view
@require_http_methods(["GET", "POST"])
def update_listings(request):
    source = request.POST if request.method == "POST" else request.GET
    ids = source.getlist("product")
    products = _products(ids)
    plan = freshness.out_of_date(products, usable_accounts())
    errors = []
    if request.method == "POST":
        jobs = []
        for group in plan:
            for item in group["items"]:
                try:
                    jobs.append(job_services.request_update(group["account"], item["product"], user=request.user))
                except job_services.JobRefused as refusal:
                    errors.append(f"{item['product'].sku}: {refusal.message}")
        if jobs and not errors:
            query = urlencode([("job", str(job.public_id)) for job in jobs])
            return HttpResponseRedirect(f"{reverse('vinted:publish_progress')}?{query}")
    for group in plan:
        needed = sum(job_selectors.requests_needed(Job.Action.UPDATE, i["product"]) for i in group["items"])
        group["forecast"] = forecast.forecast(request, group["account"], needed)
    return render(
        request,
        "vinted/publishing/update_listings.html",
        {"plan": plan, "product_ids": [str(p.public_id) for p in products], "errors": errors},
        status=400 if errors else 200,
    )
