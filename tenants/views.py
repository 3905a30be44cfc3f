"""Sign-up, sign-in, shop switching, team, API tokens, the shop's data and the staff act-as switch."""
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ratelimit import login as login_throttle

from . import access, quotas, selectors, services, tokens
from .decorators import tenant_view
from .forms import AddMemberForm, ApiTokenForm, CloseShopForm, LoginForm, RoleForm, SignupForm
from .models import Membership, ShopExport, Tenant
from .net import client_ip


def landing(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "tenants/landing.html")


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            shop = services.sign_up(shop_name=form.cleaned_data["shop_name"],
                                    email=form.cleaned_data["email"],
                                    password=form.cleaned_data["password"])
        except services.TeamError as error:
            form.add_error("email", str(error))
        else:
            login(request, shop.owner, backend="django.contrib.auth.backends.ModelBackend")
            access.select_tenant(request, shop.membership)
            messages.success(request, _("Welcome to Stoflow! Your shop “%(name)s” is ready.")
                             % {"name": shop.tenant.name})
            return redirect("dashboard")
    return render(request, "tenants/signup.html", {"form": form})


def sign_in(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("dashboard")
    form = LoginForm(request, request.POST or None)
    gate = login_throttle.Gate(blocked=False)
    if request.method == "POST":
        email, ip = request.POST.get("email", ""), client_ip(request)
        gate = login_throttle.gate(email, ip)
        if gate.blocked:
            form.is_valid()  # show field errors too, but never try the password
            form.add_error(None, gate.message)
        elif form.is_valid():
            login_throttle.record_success(email, ip)
            login(request, form.user)
            return redirect(request.GET.get("next") if _safe_next(request) else "dashboard")
        else:
            login_throttle.record_failure(email, ip)
    response = render(request, "tenants/login.html", {"form": form}, status=429 if gate.blocked else 200)
    if gate.blocked:
        response["Retry-After"] = str(gate.retry_after)
    return response


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme
    target = request.GET.get("next")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                            require_https=request.is_secure())


@require_POST
def sign_out(request):
    logout(request)  # flushes the server-side session, act-as included
    response = redirect("tenants:login")
    response["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@tenant_view
def dashboard(request):
    tenant = request.tenant
    return render(request, "tenants/dashboard.html", {
        "tier": tenant.tier,
        "product_limit": quotas.product_limit(tenant),
        "platform_limit": quotas.platform_limit(tenant),
        "ai_credits_left": quotas.ai_credits_left(tenant),
        "ai_credits_per_month": quotas.ai_credits_per_month(tenant),
        "members": selectors.members_of(tenant),
    })


@login_required
def no_shop(request):
    if request.tenant_access.tenant is not None:
        return redirect("dashboard")
    return render(request, "tenants/no_shop.html")


@login_required
@require_POST
def switch_shop(request):
    membership = selectors.membership_for(request.user, request.POST.get("tenant"))
    if membership is None:
        messages.error(request, _("You are not a member of that shop."))
    else:
        access.stop_acting_as(request)
        access.select_tenant(request, membership)
        messages.success(request, _("You are now working in “%(name)s”.") % {"name": membership.tenant.name})
    return redirect("dashboard")


@tenant_view(manage=True)
def team(request):
    tenant = request.tenant
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.add_member(tenant, **form.cleaned_data)
        except services.TeamError as error:
            form.add_error("email", str(error))
        else:
            if created:
                _send_invitation(request, membership.user.email)
            messages.success(request, _("%(email)s now has a seat in this shop.") % {"email": membership.user.email})
            return redirect("tenants:team")
    return render(request, "tenants/team.html", {
        "form": form, "members": selectors.members_of(tenant), "role_form": RoleForm()})


def _send_invitation(request, email: str) -> None:
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(request=request, use_https=request.is_secure(),
                  subject_template_name="tenants/email/invitation_subject.txt",
                  email_template_name="tenants/email/invitation.txt",
                  extra_email_context={"shop": request.tenant.name})


@tenant_view(manage=True)
@require_POST
def team_role(request, public_id):
    membership = get_object_or_404(selectors.members_of(request.tenant), public_id=public_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership, form.cleaned_data["role"])
            messages.success(request, _("Role updated."))
        except services.TeamError as error:
            messages.error(request, str(error))
    return redirect("tenants:team")


@tenant_view(manage=True)
@require_POST
def team_remove(request, public_id):
    membership = get_object_or_404(selectors.members_of(request.tenant), public_id=public_id)
    try:
        services.remove_member(membership)
        messages.success(request, _("%(email)s no longer has a seat.") % {"email": membership.user.email})
    except services.TeamError as error:
        messages.error(request, str(error))
    return redirect("tenants:team")


@tenant_view
def api_tokens(request):
    membership = request.tenant_access.membership
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = tokens.create(membership, form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(request, "tenants/api_tokens.html", {
        "form": form, "new_key": new_key,
        "tokens": selectors.api_tokens_of(membership) if membership else []})


@tenant_view
@require_POST
def api_token_revoke(request, public_id):
    membership = request.tenant_access.membership
    if not tokens.revoke(membership, public_id):
        return render(request, "404.html", status=404)
    messages.success(request, _("Token revoked: it no longer works."))
    return redirect("tenants:api_tokens")


def _not_owner(request):
    """The shop's data pages are the owners' alone (not admins, not staff acting as the shop)."""
    membership = request.tenant_access.membership
    if request.tenant_access.acting_as or membership is None or membership.role != Membership.Role.OWNER:
        return render(request, "tenants/forbidden.html",
                      {"reason": _("Only the shop's owners can download its data or close it.")}, status=403)
    return None


@tenant_view
def shop_data(request):
    if refused := _not_owner(request):
        return refused
    tenant = request.tenant
    form = CloseShopForm(tenant=tenant)
    if request.method == "POST" and request.POST.get("action") == "export":
        services.request_export(tenant, request.user)
        messages.success(request, _("Your archive is being prepared: it appears below when ready."))
        return redirect("tenants:shop_data")
    if request.method == "POST" and request.POST.get("action") == "close":
        form = CloseShopForm(request.POST, tenant=tenant)
        if form.is_valid():
            services.close_shop(tenant)
            request.session.pop(access.SESSION_TENANT, None)
            messages.success(request, _("The shop “%(name)s” is closed and its data erased.") % {"name": tenant.name})
            return redirect("dashboard")
    return render(request, "tenants/shop_data.html", {"form": form, **_exports_context(tenant)},
                  status=400 if form.errors else 200)


def _exports_context(tenant) -> dict:
    exports = selectors.exports_of(tenant)
    waiting = (ShopExport.Status.WAITING, ShopExport.Status.BUILDING)
    return {"exports": exports, "exports_polling": any(export.status in waiting for export in exports)}


@tenant_view
def shop_exports(request):
    """The exports list, polled while an archive is being built."""
    if refused := _not_owner(request):
        return refused
    return render(request, "tenants/partials/shop_exports.html", _exports_context(request.tenant))


@tenant_view
def shop_export_download(request, public_id):
    if refused := _not_owner(request):
        return refused
    export = get_object_or_404(ShopExport, tenant=request.tenant, public_id=public_id,
                               status=ShopExport.Status.READY)
    filename = f"stoflow-{request.tenant.schema_name}-{export.created_at:%Y%m%d-%H%M}.zip"
    return FileResponse(default_storage.open(export.file, "rb"), as_attachment=True, filename=filename,
                        content_type="application/zip")


@login_required
@require_POST
def act_as_start(request, tenant_id):
    if not access.may_act_as(request.user):
        return render(request, "tenants/forbidden.html",
                      {"reason": _("You may not act as a shop.")}, status=403)
    tenant = get_object_or_404(Tenant.objects.shops(), pk=tenant_id)
    access.start_acting_as(request, tenant)
    return redirect("dashboard")


@login_required
@require_POST
def act_as_stop(request):
    access.stop_acting_as(request)
    messages.info(request, _("You stopped acting as a shop."))
    return redirect(reverse("admin:tenants_tenant_changelist") if request.user.is_staff else "dashboard")
