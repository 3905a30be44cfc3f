"""Publishing pages: pre-flight and publish, listing actions, a job's progress, category choices, pricing.
Views only; every write goes through ebay.jobs.services or ebay.mapping."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product
from catalog.shortcuts import get_product_or_404
from tenants.decorators import tenant_view

from .. import mapping
from ..jobs import services
from ..jobs.models import EbayJob, EbayListing
from ..models import CategoryChoice, EbayAccount
from ..shortcuts import get_account_or_404, require_channel
from .forms import CategoryChoiceForm, PricingRuleForm
from .progress import job_progress


def _product(public_id) -> Product:
    return get_product_or_404(public_id)


def _account_from(request, name="account") -> EbayAccount:
    try:
        return get_account_or_404(request.POST.get(name) or request.GET.get(name) or "")
    except Exception:  # noqa: BLE001 (a malformed id is the same as an unknown one: this shop has no such account)
        raise Http404 from None


@tenant_view
def publish(request, product_id):
    """Pre-flight per connected account (or the one chosen), and Publish for a ready one."""
    require_channel()
    product = _product(product_id)
    accounts = list(EbayAccount.objects.all())
    chosen = request.POST.get("account") or request.GET.get("account")
    if chosen:
        accounts = [a for a in accounts if str(a.public_id) == chosen]
        if not accounts:
            raise Http404
    if request.method == "POST":
        account = accounts[0] if chosen else None
        if account is None:
            raise Http404
        try:
            services.request_publish(account, product, user=request.user)
        except services.JobRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Publishing to eBay: follow it on this page."))
            return redirect("catalog:detail", product.public_id)
    rows = []
    for account in accounts:
        try:
            mapped = mapping.map_product(product, account)
            unavailable = False
        except mapping.TaxonomyUnavailable:
            mapped, unavailable = None, True
        rows.append(
            {
                "account": account,
                "mapped": mapped,
                "unavailable": unavailable,
                "listing": services.listing_for(product, account),
            }
        )
    return render(
        request,
        "ebay/publishing/publish.html",
        {"product": product, "rows": rows, "can_write": request.tenant_access.can_write},
    )


@tenant_view
@require_POST
def listing_action(request, product_id, action):
    require_channel()
    product = _product(product_id)
    account = _account_from(request)
    listing = EbayListing.objects.filter(product=product, account=account).first()
    if listing is None or action not in ("update", "end", "relist"):
        raise Http404
    try:
        if action == "update":
            services.request_update(listing, user=request.user)
        elif action == "end":
            services.request_end(listing, reason="seller", user=request.user)
        else:
            services.request_relist(listing, user=request.user)
    except services.JobRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("catalog:detail", product.public_id)


@tenant_view
def job_progress_fragment(request, public_id):
    require_channel()
    job = get_object_or_404(EbayJob.objects.select_related("account", "listing"), public_id=public_id)
    response = render(request, "ebay/publishing/progress.html", {"progress": job_progress(job)})
    if job.state in EbayJob.TERMINAL and request.headers.get("HX-Request"):
        # The product page polled a job that just finished: reload it, so the listing's link and
        # the actions that now apply show (a finished job is not polled, so this happens once).
        response["HX-Refresh"] = "true"
    return response


@tenant_view
@require_POST
def job_retry(request, public_id):
    require_channel()
    job = get_object_or_404(EbayJob, public_id=public_id)
    try:
        services.retry_job(job, user=request.user)
    except services.JobRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("catalog:detail", job.product.public_id) if job.product else redirect("ebay:accounts")


@tenant_view
def categories(request):
    """The eBay category each Stoflow category goes to, per site; the seller may choose another."""
    require_channel()
    choices = CategoryChoice.objects.order_by("marketplace_id", "category_id", "gender")
    return render(request, "ebay/publishing/categories.html", {"choices": choices, "form": CategoryChoiceForm()})


@tenant_view
@require_POST
def category_change(request, pk):
    require_channel()
    choice = get_object_or_404(CategoryChoice, pk=pk)
    form = CategoryChoiceForm(request.POST)
    account = EbayAccount.objects.filter(
        marketplace_id=choice.marketplace_id, status=EbayAccount.Status.CONNECTED
    ).first()
    if form.is_valid() and account is None:
        form.add_error(None, _("Connect an eBay account on this site to check the category with eBay."))
    if form.is_valid():
        try:
            accepted = mapping.choose_category(choice, account, form.cleaned_data["ebay_category_id"])
        except mapping.TaxonomyUnavailable:
            form.add_error(None, _("eBay's category service did not answer. Try again in a moment."))
        else:
            if accepted:
                messages.success(request, _("eBay category saved."))
                return redirect("ebay:categories")
            form.add_error("ebay_category_id", _("eBay has no such final category on this site."))
    choices = CategoryChoice.objects.order_by("marketplace_id", "category_id", "gender")
    return render(
        request,
        "ebay/publishing/categories.html",
        {"choices": choices, "form": form, "failed": choice.pk},
        status=400,
    )


@tenant_view
def pricing(request):
    require_channel()
    rule = mapping.pricing_rule()
    form = PricingRuleForm(request.POST or None, instance=rule)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("eBay pricing rule saved."))
            return redirect("ebay:pricing")
        return render(request, "ebay/publishing/pricing.html", {"form": form}, status=400)
    return render(request, "ebay/publishing/pricing.html", {"form": form})
