"""The "eBay accounts" page, the way to eBay's consent page and back, and disconnecting."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import config, orders, selectors, services, setup
from .forms import ConnectForm, SetupForm
from .shortcuts import get_account_or_404, require_channel


def _page(request, form=None, status=200):
    response = render(
        request, "ebay/accounts.html", {"accounts": selectors.accounts(), "form": form or ConnectForm()}, status=status
    )
    # Browsers apply form-action to the redirect after a form too: the connect form leads to eBay's
    # consent page, so this page's policy names that origin (stoflow.csp keeps a policy set here).
    consent = urlsplit(config.endpoints().consent)
    response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {consent.scheme}://{consent.netloc}"
    )
    return response


@tenant_view
def accounts(request):
    require_channel()
    return _page(request)


@tenant_view
@require_POST
def connect(request):
    require_channel()
    form = ConnectForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        return redirect(services.start_consent(request.session, form.cleaned_data["marketplace"]))
    except services.ConnectError as error:  # e.g. the plan's marketplace accounts are all used
        form.add_error("marketplace", error.message)
        return _page(request, form, status=403)


@tenant_view
def consent_accepted(request):
    """eBay sends the seller back here (the RuName's accepted URL) with `state` and `code`."""
    require_channel()
    if not request.tenant_access.can_write:
        return render(
            request, "tenants/forbidden.html", {"reason": _("Your role cannot connect accounts.")}, status=403
        )
    try:
        account = services.finish_consent(
            request.session, state=request.GET.get("state", ""), code=request.GET.get("code", "")
        )
    except services.ConnectError as error:
        messages.error(request, error.message)
        return redirect("ebay:accounts")
    messages.success(
        request,
        _("eBay account %(username)s connected on %(site)s.")
        % {"username": account.username, "site": account.marketplace.site},
    )
    if not account.setup_done:
        return redirect("ebay:setup", public_id=account.public_id)
    return redirect("ebay:accounts")


@tenant_view
def consent_declined(request):
    require_channel()
    services.declined(request.session)
    messages.info(request, _("You did not give Stoflow access on eBay: nothing was connected."))
    return redirect("ebay:accounts")


@tenant_view
@require_POST
def disconnect(request, public_id):
    require_channel()
    account = get_account_or_404(public_id)
    services.disconnect(account)
    messages.success(request, _("eBay account disconnected: Stoflow forgot its access."))
    return redirect("ebay:accounts")


@tenant_view
def account_setup(request, public_id):
    """The short set-up after connect: business policies and where items ship from."""
    require_channel()
    account = get_account_or_404(public_id)
    if account.status != account.Status.CONNECTED:
        messages.error(request, _("Reconnect this eBay account first."))
        return redirect("ebay:accounts")
    try:
        choices = setup.read_choices(account)
    except setup.SetupError as error:
        return render(
            request, "ebay/setup.html", {"account": account, "problem": error.message, "form": None}, status=503
        )
    form = SetupForm(request.POST or None, account=account, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            setup.complete(
                account,
                policies={kind: data[f"{kind}_policy"] for kind in setup.KINDS},
                location=data["location"],
                terms=form.terms(),
                postal_code=data.get("postal_code") or "",
                city=data.get("city") or "",
                country=data.get("country") or "",
                choices=choices,
            )
        except setup.SetupError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, error.message)
            else:
                form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("eBay account %(username)s is ready: Stoflow can publish on %(site)s.")
                % {"username": account.username, "site": account.marketplace.site},
            )
            return redirect("ebay:accounts")
    status = 400 if request.method == "POST" else 200
    return render(request, "ebay/setup.html", {"account": account, "choices": choices, "form": form}, status=status)


@tenant_view
@require_POST
def check_sales(request, public_id):
    """Read this account's new eBay orders now rather than at the next scheduled check."""
    require_channel()
    account = get_account_or_404(public_id)
    result = orders.poll_account_once(account)
    if result is None:
        messages.info(request, _("eBay sales are being checked right now: look again in a moment."))
    elif result.problem:
        messages.error(request, _(result.problem))
    elif result.sales or result.cancelled:
        messages.success(
            request,
            ngettext("%(count)s new sale recorded from eBay.", "%(count)s new sales recorded from eBay.", result.sales)
            % {"count": result.sales}
            + (
                " "
                + ngettext("%(count)s sale cancelled.", "%(count)s sales cancelled.", result.cancelled)
                % {"count": result.cancelled}
                if result.cancelled
                else ""
            ),
        )
    else:
        messages.info(request, _("No new sale on eBay."))
    return redirect("ebay:accounts")
