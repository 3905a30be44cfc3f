"""The "Vinted accounts" page: statuses, how to connect, disconnect, pricing rule, sandbox seller."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import domains, extension_packages, pricing, sandbox_link, selectors, services
from .forms import PricingRuleForm, SandboxConnectForm


def _page(request, *, pricing_form=None, status=200):
    accounts = [
        {"account": account, "status": selectors.display_status(account), "site": selectors.site_label(account)}
        for account in selectors.accounts()
    ]
    return render(
        request,
        "vinted/accounts.html",
        {
            "accounts": accounts,
            "pricing_form": pricing_form or PricingRuleForm(instance=pricing.rule_for_shop()),
            "sandbox_form": SandboxConnectForm() if domains.sandbox_enabled() else None,
            "extension": extension_packages.offer(),
        },
        status=status,
    )


@tenant_view
def accounts(request):
    return _page(request)


@tenant_view
@require_POST
def pricing_rule(request):
    form = PricingRuleForm(request.POST, instance=pricing.rule_for_shop())
    if not form.is_valid():
        return _page(request, pricing_form=form, status=400)
    services.save_pricing_rule(form.instance)
    messages.success(request, _("Pricing rule saved."))
    return redirect("vinted:accounts")


@tenant_view
@require_POST
def disconnect(request, public_id):
    account = selectors.account(public_id)
    if account is None:
        raise Http404
    services.disconnect(account)
    messages.success(request, _("Vinted account disconnected: Stoflow forgot its session."))
    return redirect("vinted:accounts")


@tenant_view
@require_POST
def connect_sandbox(request):
    if not domains.sandbox_enabled():
        raise Http404
    form = SandboxConnectForm(request.POST)
    if not form.is_valid():
        return _page(request, status=400)
    try:
        account = sandbox_link.connect_new_seller(form.cleaned_data["site"], tenant=request.tenant)
    except sandbox_link.SandboxUnavailable:
        messages.error(request, _("The Vinted sandbox does not answer. Is it running (make run starts it)?"))
        return redirect("vinted:accounts")
    except services.ConnectError as error:
        messages.error(request, error.message)
        return redirect("vinted:accounts")
    messages.success(request, _("Sandbox seller %(login)s connected.") % {"login": account.login})
    return redirect("vinted:accounts")
