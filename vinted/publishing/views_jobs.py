"""The queue per account, a job's history, retry/cancel, and the product page's listing actions."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.shortcuts import get_product_or_404
from tenants.decorators import tenant_view

from .. import selectors
from ..jobs import selectors as job_selectors
from ..jobs import services as job_services
from ..jobs.models import Job
from . import header, history, progress

QUEUE_SIZE = 100


def _account_or_404(public_id):
    account = selectors.account(public_id)
    if account is None:
        raise Http404("No such account")
    return account


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(default)


@tenant_view
def current_queue(request):
    """The header's "Vinted queue" link: the current account's queue, or the accounts page."""
    account = header.current_account(request)
    if account is None:
        return HttpResponseRedirect(reverse("vinted:accounts"))
    return HttpResponseRedirect(reverse("vinted:queue", args=[account.public_id]))


@tenant_view
def queue(request, public_id):
    account = _account_or_404(public_id)
    header.remember_account(request, account)
    rows = [progress.describe(job) for job in job_selectors.jobs_for_account(account)[:QUEUE_SIZE]]
    template = "vinted/publishing/partials/queue_table.html" if request.htmx else "vinted/publishing/queue.html"
    return render(
        request,
        template,
        {
            "account": account,
            "rows": rows,
            "accounts": selectors.accounts(),
            "site": selectors.site_label(account),
            "back": progress.current_path(request),
            "waiting": job_selectors.waiting_summary(account),
        },
    )


@tenant_view
def job_detail(request, public_id):
    job = progress.job_or_404(public_id)
    return render(
        request,
        "vinted/publishing/job_detail.html",
        {"row": progress.describe(job), "events": history.entries(job), "back": progress.current_path(request)},
    )


def _run(request, action, job_or_account, ok_message):
    try:
        result = action(job_or_account, user=request.user)
    except job_services.JobRefused as error:
        messages.error(request, error.message)
        return None
    messages.success(request, ok_message)
    return result


@tenant_view
@require_POST
def job_retry(request, public_id):
    job = progress.job_or_404(public_id)
    _run(request, job_services.retry_job, job, _("Retrying."))
    return _back(request, reverse("vinted:job", args=[job.public_id]))


@tenant_view
@require_POST
def job_cancel(request, public_id):
    job = progress.job_or_404(public_id)
    _run(request, job_services.cancel_job, job, _("Job cancelled."))
    return _back(request, reverse("vinted:job", args=[job.public_id]))


@tenant_view
@require_POST
def account_sync(request, public_id):
    account = _account_or_404(public_id)
    _run(request, job_services.request_sync, account, _("Sync requested: listings are read from Vinted."))
    return _back(request, reverse("vinted:queue", args=[account.public_id]))


LISTING_ACTIONS = {
    Job.Action.UPDATE: (job_services.request_update, _("Update requested.")),
    Job.Action.DELETE: (job_services.request_delete, _("Deletion requested.")),
    Job.Action.HIDE: (job_services.request_hide, _("Hiding requested.")),
    Job.Action.SHOW: (job_services.request_show, _("Showing again requested.")),
    Job.Action.REPOST: (job_services.request_repost, _("Repost requested.")),
}


@tenant_view
@require_POST
def listing_action(request, public_id, action):
    if action not in LISTING_ACTIONS:
        raise Http404
    product = get_product_or_404(public_id)
    account_id = progress.parse_uuid(request.POST.get("account", ""))
    account = selectors.account(account_id) if account_id else None
    if account is None or job_selectors.listing_for(product, account) is None:
        raise Http404("No listing of this product on that account")
    service, ok_message = LISTING_ACTIONS[action]
    try:
        job = service(account, product, user=request.user)
    except job_services.JobRefused as error:
        messages.error(request, error.message)
        return _back(request, reverse("catalog:detail", args=[product.public_id]))
    messages.success(request, str(ok_message))
    return _back(request, reverse("vinted:job", args=[job.public_id]))
