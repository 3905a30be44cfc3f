"""The notifications page (a user's e-mails, the shop's webhooks) and a webhook's page with its
delivery log. Thin: notices and webhooks do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from . import notices, webhooks
from .forms import EmailChoicesForm, EndpointForm
from .models import WebhookEndpoint
from .outbox.models import Kind


def _endpoint(public_id) -> WebhookEndpoint:
    try:
        return WebhookEndpoint.objects.get(public_id=public_id)
    except WebhookEndpoint.DoesNotExist:
        raise Http404("No such webhook") from None


def _errors_onto(form, error: ValidationError) -> None:
    for field, field_errors in error.message_dict.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


@tenant_view
def settings_page(request):
    return _settings(request)


def _settings(request, endpoint_form=None):
    choice = notices.settings_of(request.user)
    return render(
        request,
        "notifications/settings.html",
        {
            "email_form": EmailChoicesForm(initial={"kinds": [k for k in Kind.values if choice.wants(k)]}),
            "endpoints": WebhookEndpoint.objects.all(),
            "can_manage": request.tenant_access.can_manage,
            "endpoint_form": endpoint_form or EndpointForm(initial={"is_active": True}),
        },
        status=400 if endpoint_form is not None else 200,
    )


@login_required
@require_POST
def email_choices(request):
    """Anyone signed in chooses their own e-mails, viewers too (it changes nothing in a shop)."""
    form = EmailChoicesForm(request.POST)
    if form.is_valid():
        notices.set_choices(request.user, form.cleaned_data["kinds"], language=get_language())
        messages.success(request, _("Your e-mail choices are saved."))
    else:
        messages.error(request, _("Choose from the list."))
    return redirect("notifications:settings")


@tenant_view(manage=True)
@require_POST
def endpoint_create(request):
    form = EndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = webhooks.create_endpoint(form.cleaned_data["url"], form.cleaned_data["events"])
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Webhook added. Its secret is on its page."))
            return redirect("notifications:endpoint", public_id=endpoint.public_id)
    return _settings(request, endpoint_form=form)


@tenant_view(manage=True)
def endpoint_detail(request, public_id):
    endpoint = _endpoint(public_id)
    form = EndpointForm(
        request.POST or None, initial={"url": endpoint.url, "events": endpoint.events, "is_active": endpoint.is_active}
    )
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.update_endpoint(
                endpoint,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                is_active=form.cleaned_data["is_active"],
            )
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Webhook saved."))
            return redirect("notifications:endpoint", public_id=endpoint.public_id)
    deliveries = endpoint.deliveries.prefetch_related("tries")[:50]
    return render(
        request,
        "notifications/endpoint.html",
        {"endpoint": endpoint, "form": form, "deliveries": deliveries},
        status=400 if form.errors else 200,
    )


@tenant_view(manage=True)
@require_POST
def endpoint_test(request, public_id):
    webhooks.send_test(_endpoint(public_id))
    messages.success(request, _("Test event queued; its result shows in the log below."))
    return redirect("notifications:endpoint", public_id=public_id)


@tenant_view(manage=True)
@require_POST
def endpoint_delete(request, public_id):
    _endpoint(public_id).delete()
    messages.success(request, _("Webhook deleted."))
    return redirect("notifications:settings")
