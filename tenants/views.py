"""Sign-up, sign-in, your settings, shop switching, API tokens, the shop's data and the staff act-as switch.

The team's pages (members, invitations, ownership) are in views_team.py.
"""

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ratelimit import actions
from ratelimit import login as login_throttle

from . import access, emails, quotas, selectors, services, tokens
from .decorators import tenant_view
from .forms import (
    ApiTokenForm,
    CloseShopForm,
    LoginForm,
    ProfileForm,
    ShopNameForm,
    SignupForm,
)
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
        ip = client_ip(request)
        allowed = actions.take(
            [
                (f"signup:ip:{ip}", settings.SIGNUP_RATE_PER_IP if ip else ""),
                ("signup:all", settings.SIGNUP_RATE_GLOBAL),
            ]
        )
        if not allowed.allowed:
            form.add_error(None, allowed.message)
            return render(request, "tenants/signup.html", {"form": form}, status=429)
        email = form.cleaned_data["email"]
        shop = services.sign_up(
            shop_name=form.cleaned_data["shop_name"], email=email, password=form.cleaned_data["password"]
        )
        if shop is None:
            emails.send_signup_attempt_notice(request, email)
        else:
            emails.send_signup_confirmation(request, shop.owner, shop.tenant.name)
        # The same answer whether the address was new or taken.
        return redirect("tenants:signup_sent")
    return render(request, "tenants/signup.html", {"form": form})


def signup_sent(request):
    return render(request, "tenants/signup_sent.html")


def signup_confirm(request, uidb64, token):
    """The link from the signup e-mail signs the new owner in, once."""
    user = emails.user_from_link(uidb64, token)
    if user is None:
        return render(request, "tenants/signup_link_invalid.html")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    membership = selectors.memberships_of(user).first()
    if membership is None:
        return redirect("tenants:no_shop")
    access.select_tenant(request, membership)
    messages.success(
        request, _("Welcome to Stoflow! Your shop “%(name)s” is ready.") % {"name": membership.tenant.name}
    )
    return redirect("dashboard")


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


def admin_login(request):
    """The admin's own login form is never served: it would bypass the sign-in throttle."""
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('tenants:login')}?{urlencode({'next': target}, safe='/')}")


class PasswordResetView(auth_views.PasswordResetView):
    """Reset e-mails are rate limited per address (silently: the answer never says whether the
    address has an account) and per client IP (a 429 with the form)."""

    def form_valid(self, form):
        ip = client_ip(self.request)
        allowed = actions.take([(f"reset:ip:{ip}", settings.PASSWORD_RESET_RATE_PER_IP if ip else "")])
        if not allowed.allowed:
            form.add_error(None, allowed.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        email = form.cleaned_data["email"]
        if not actions.take(
            [(f"reset:addr:{actions.hashed(email)}", settings.PASSWORD_RESET_RATE_PER_ADDRESS)]
        ).allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@require_POST
def sign_out(request):
    logout(request)  # flushes the server-side session, act-as included
    response = redirect("tenants:login")
    response["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@tenant_view
def dashboard(request):
    tenant = request.tenant
    return render(
        request,
        "tenants/dashboard.html",
        {
            "tier": tenant.tier,
            "product_limit": quotas.product_limit(tenant),
            "platform_limit": quotas.platform_limit(tenant),
            "platforms_connected": quotas.connected_platforms(),
            "ai_credits_left": quotas.ai_credits_left(tenant),
            "ai_credits_per_month": quotas.ai_credits_per_month(tenant),
            "members": selectors.members_of(tenant),
        },
    )


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "tenants/password_change.html"
    success_url = reverse_lazy("tenants:settings")
    success_message = gettext_lazy("Your password is changed.")


@login_required
def account_settings(request):
    """Your name, e-mail, language and password; the shop's name for its owners and admins."""
    form = ProfileForm(
        request.user,
        request.POST or None,
        initial={
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
            "language": translation.get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_profile(
            request.user, first_name=data["first_name"], last_name=data["last_name"], email=data["email"]
        )
        translation.activate(data["language"])
        messages.success(request, _("Your settings are saved."))
        response = redirect("tenants:settings")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    return _settings_page(request, form, None)


def _settings_page(request, form, shop_form):
    tenant, can_manage = request.tenant_access.tenant, request.tenant_access.can_manage
    if shop_form is None and tenant is not None and can_manage:
        shop_form = ShopNameForm(initial={"name": tenant.name})
    invalid = (form.is_bound and form.errors) or (shop_form is not None and shop_form.is_bound and shop_form.errors)
    return render(
        request, "tenants/settings.html", {"form": form, "shop_form": shop_form}, status=400 if invalid else 200
    )


@tenant_view(manage=True)
@require_POST
def shop_settings(request):
    shop_form = ShopNameForm(request.POST)
    if shop_form.is_valid():
        services.rename_shop(request.tenant, shop_form.cleaned_data["name"])
        messages.success(request, _("The shop is now called “%(name)s”.") % {"name": request.tenant.name})
        return redirect("tenants:settings")
    form = ProfileForm(
        request.user,
        initial={
            "first_name": request.user.first_name,
            "last_name": request.user.last_name,
            "email": request.user.email,
            "language": translation.get_language(),
        },
    )
    return _settings_page(request, form, shop_form)


@login_required
def no_shop(request):
    if request.tenant_access.tenant is not None:
        return redirect("dashboard")
    return render(request, "tenants/no_shop.html", {"just_closed": access.shop_just_closed(request)})


@login_required
@require_POST
def switch_shop(request):
    try:
        tenant_id = uuid.UUID(request.POST.get("tenant", ""))
    except ValueError:
        return HttpResponseBadRequest(_("Choose one of your shops."), content_type="text/plain; charset=utf-8")
    membership = selectors.membership_for(request.user, tenant_id)
    if membership is None:
        messages.error(request, _("You are not a member of that shop."))
    else:
        access.stop_acting_as(request)
        access.select_tenant(request, membership)
        messages.success(request, _("You are now working in “%(name)s”.") % {"name": membership.tenant.name})
    return redirect("dashboard")


@tenant_view
def api_tokens(request):
    membership = request.tenant_access.membership
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = tokens.create(membership, form.cleaned_data["name"])
        except tokens.TooManyTokens as error:
            form.add_error("name", str(error))
        else:
            form = ApiTokenForm()
    return render(
        request,
        "tenants/api_tokens.html",
        {"form": form, "new_key": new_key, "tokens": selectors.api_tokens_of(membership) if membership else []},
    )


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
        return render(
            request,
            "tenants/forbidden.html",
            {"reason": _("Only the shop's owners can download its data or close it.")},
            status=403,
        )
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
            erasure = services.close_shop(tenant)
            access.leave_closed_shop(request)
            messages.success(request, _("The shop “%(name)s” is closed and its data erased.") % {"name": tenant.name})
            for line in _closing_summary(erasure):
                messages.info(request, line)
            return redirect("dashboard")
    return render(
        request,
        "tenants/shop_data.html",
        {"form": form, **_exports_context(tenant)},
        status=400 if form.errors else 200,
    )


def _closing_summary(erasure) -> list[str]:
    """What the owner is told was erased and kept. The apps' own notes (`erasure.kept`) are an
    operator's record in English; the owner reads what they mean, in their language."""
    erased = ngettext(
        "Erased: every product, photo, publication and setting of the shop, its %(files)s stored file and "
        "its members' seats.",
        "Erased: every product, photo, publication and setting of the shop, its %(files)s stored files and "
        "its members' seats.",
        erasure.files,
    ) % {"files": erasure.files}
    if erasure.kept:
        kept = _(
            "Kept: the members' Stoflow accounts (yours too: you can still sign in), and the marketplace "
            "request counts their budgets still need, naming neither the shop nor its items."
        )
    else:
        kept = _("Kept: the members' Stoflow accounts (yours too: you can still sign in).")
    return [erased, kept]


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
    export = get_object_or_404(ShopExport, tenant=request.tenant, public_id=public_id, status=ShopExport.Status.READY)
    filename = f"stoflow-{request.tenant.schema_name}-{export.created_at:%Y%m%d-%H%M}.zip"
    return FileResponse(
        default_storage.open(export.file, "rb"), as_attachment=True, filename=filename, content_type="application/zip"
    )


@login_required
@require_POST
def act_as_start(request, tenant_id):
    if not access.may_act_as(request.user):
        return render(request, "tenants/forbidden.html", {"reason": _("You may not act as a shop.")}, status=403)
    tenant = get_object_or_404(Tenant.objects.shops(), pk=tenant_id)
    access.start_acting_as(request, tenant)
    return redirect("dashboard")


@login_required
@require_POST
def act_as_stop(request):
    access.stop_acting_as(request)
    messages.info(request, _("You stopped acting as a shop."))
    return redirect(reverse("admin:tenants_tenant_changelist") if request.user.is_staff else "dashboard")
