"""Publish one or several products: preview (GET), confirm (POST), then live progress."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from ai.integration import writer_context
from tenants.decorators import tenant_view

from .. import selectors as account_selectors
from ..jobs import selectors as job_selectors
from ..jobs import services as job_services
from ..jobs.models import Job
from ..models import VintedAccount
from . import forecast, preview, progress
from .forms import PublishForm, usable_accounts


def _default_account(accounts, wanted):
    chosen = next((a for a in accounts if str(a.public_id) == str(wanted)), None)
    return chosen or (accounts[0] if accounts else None)


def _preview_context(request, products, account, accounts, form=None) -> dict:
    previews = [
        preview.product_preview(p, account, requests=job_selectors.requests_needed(Job.Action.PUBLISH, p))
        for p in products
    ]
    for item in previews:
        item.ai_writer = writer_context(request, item.product, mode="save", domain=account.domain)
    ready = [p for p in previews if p.ready]
    return {
        "previews": previews,
        "ready_count": len(ready),
        "account": account,
        "accounts": accounts,
        "blocked": account_selectors.sending_blocked(account),
        "account_status": VintedAccount.Status(account_selectors.display_status(account)),
        "forecast": forecast.forecast(request, account, sum(p.requests for p in ready)),
        "form": form,
        "product_ids": [str(p.public_id) for p in products],
    }


def _refusal(request, errors, status=400):
    return render(request, "vinted/publishing/refused.html", {"errors": errors}, status=status)


@tenant_view
@require_http_methods(["GET", "POST"])
def publish(request):
    accounts = list(usable_accounts())
    if request.method == "POST":
        # The account must be the one the seller saw in the preview: never a silent fallback.
        form = PublishForm(request.POST)
    else:
        account = _default_account(accounts, request.GET.get("account"))
        form = PublishForm(
            {"product": request.GET.getlist("product"), "account": str(account.public_id) if account else ""}
        )
    if form.has_error("product", code="not_found"):
        raise Http404("No such product in this shop")
    if not accounts:
        return render(request, "vinted/publishing/no_account.html", status=200 if request.method == "GET" else 400)
    if not form.is_valid():
        return _refusal(request, [e for errors in form.errors.values() for e in errors])
    products, account = form.cleaned_data["product"], form.cleaned_data["account"]
    if request.method == "GET":
        return render(
            request, "vinted/publishing/preview.html", _preview_context(request, products, account, accounts, form)
        )
    return _confirm(request, products, account, accounts, form)


def _confirm(request, products, account, accounts, form):
    # The service sorts the ready products from the others; the preview (AI panel, forecast) is
    # built only when the request is refused and the page is shown again.
    try:
        jobs = job_services.request_publication(account, products, user=request.user, leave_out_unready=True)
    except job_services.JobRefused as error:
        context = _preview_context(request, products, account, accounts, form)
        context["error"] = error.message
        return render(request, "vinted/publishing/preview.html", context, status=400)
    skipped = len(products) - len(jobs)
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)s product left out: fix its problems first.",
                "%(n)s products left out: fix their problems first.",
                skipped,
            )
            % {"n": skipped},
        )
    query = urlencode([("job", str(job.public_id)) for job in jobs])
    return HttpResponseRedirect(f"{reverse('vinted:publish_progress')}?{query}")


@tenant_view
def publish_progress(request):
    ids = request.GET.getlist("job")
    jobs = progress.jobs_by_public_ids(ids)
    if not jobs:
        raise Http404
    return render(
        request,
        "vinted/publishing/progress.html",
        {"rows": [progress.describe(job) for job in jobs], "back": progress.current_path(request)},
    )


@tenant_view
def job_progress(request, public_id):
    job = progress.job_or_404(public_id)
    return render(
        request,
        "vinted/publishing/partials/job_progress.html",
        {"row": progress.describe(job), "back": progress.current_path(request)},
    )
