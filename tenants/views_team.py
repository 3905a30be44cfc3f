"""The team: members and their roles, invitations, and the transfer of the ownership."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ratelimit import actions, humanize

from . import access, emails, selectors, services
from .decorators import tenant_view
from .forms import AddMemberForm, ConfirmPasswordForm, RoleForm
from .models import Invitation, Membership


@tenant_view(manage=True)
def team(request):
    tenant = request.tenant
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed = actions.take([(f"invite:shop:{tenant.pk}", settings.INVITATION_RATE_PER_SHOP)])
        if not allowed.allowed:
            form.add_error(
                None,
                _("Too many invitations from this shop. Try again in %(wait)s.")
                % {"wait": humanize.duration(allowed.retry_after)},
            )
            return render(request, "tenants/team.html", _team_context(request, form), status=429)
        try:
            added = services.add_member(request.tenant_access.membership, **form.cleaned_data)
        except services.RoleError as error:
            form.add_error("role", str(error))
        except services.TeamError as error:
            form.add_error("email", str(error))
        else:
            if isinstance(added, Invitation):
                emails.send_invitation(request, added)
                messages.success(
                    request,
                    _(
                        "%(email)s already has a Stoflow account: we sent them an invitation. "
                        "They join once they accept it."
                    )
                    % {"email": added.email},
                )
            else:
                _send_invitation(request, added.user.email)
                messages.success(request, _("%(email)s now has a seat in this shop.") % {"email": added.user.email})
            return redirect("tenants:team")
    return render(request, "tenants/team.html", _team_context(request, form))


def _team_context(request, form) -> dict:
    actor = request.tenant_access.membership
    members = list(selectors.members_of(request.tenant))
    for member in members:
        member.may_change = actor is not None and services.may_change(actor, member)
    roles = services.assignable_roles(actor) if actor else []
    return {
        "form": form,
        "members": members,
        "role_choices": [(value, label) for value, label in Membership.Role.choices if value in roles],
        "is_owner": actor is not None and actor.role == Membership.Role.OWNER,
    }


def _send_invitation(request, email: str) -> None:
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="tenants/email/invitation_subject.txt",
            email_template_name="tenants/email/invitation.txt",
            extra_email_context={"shop": request.tenant.name},
        )


@tenant_view(manage=True)
@require_POST
def team_role(request, public_id):
    membership = get_object_or_404(selectors.members_of(request.tenant), public_id=public_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(request.tenant_access.membership, membership, form.cleaned_data["role"])
            messages.success(request, _("Role updated."))
        except services.TeamError as error:
            messages.error(request, str(error))
    return redirect("tenants:team")


@tenant_view  # anyone may leave; services.remove_member checks who may remove whom
@require_POST
def team_remove(request, public_id):
    membership = get_object_or_404(selectors.members_of(request.tenant), public_id=public_id)
    try:
        services.remove_member(request.tenant_access.membership, membership)
        messages.success(request, _("%(email)s no longer has a seat.") % {"email": membership.user.email})
    except services.TeamError as error:
        messages.error(request, str(error))
    return redirect("tenants:team")


@login_required
def invitation(request, public_id):
    """The invited person (signed in with the invited address) accepts or declines the seat."""
    pending = services.pending_invitation(public_id, request.user)
    if pending is None:
        return render(request, "404.html", status=404)
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        membership = services.answer_invitation(pending, request.user, accept=accept)
        if membership is None:
            messages.info(request, _("You declined the invitation."))
            return redirect("dashboard")
        access.stop_acting_as(request)
        access.select_tenant(request, membership)
        messages.success(request, _("You are now working in “%(name)s”.") % {"name": membership.tenant.name})
        return redirect("dashboard")
    return render(request, "tenants/invitation.html", {"invitation": pending})


@tenant_view(manage=True)
def transfer_ownership(request, public_id):
    owner = request.tenant_access.membership
    if owner.role != Membership.Role.OWNER:
        return render(
            request, "tenants/forbidden.html", {"reason": _("Only an owner can transfer the ownership.")}, status=403
        )
    new_owner = get_object_or_404(selectors.members_of(request.tenant).exclude(pk=owner.pk), public_id=public_id)
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_ownership(owner, new_owner)
        except services.TeamError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("%(email)s now owns this shop; you are an admin.") % {"email": new_owner.user.email}
            )
        return redirect("tenants:team")
    return render(request, "tenants/transfer_ownership.html", {"form": form, "new_owner": new_owner})
