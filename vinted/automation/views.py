"""Pages of automation rules: an account's rules with their next plan, a rule with its runs,
approving or declining a proposed batch. Thin: planner reads, services write."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.decorators import tenant_view

from ..models import VintedAccount
from . import planner, services
from .forms import RuleForm
from .models import AutomationRule, RuleRun


def _get(model, public_id, **related):
    try:
        return model.objects.select_related(*related.get("related", ())).get(public_id=public_id)
    except model.DoesNotExist:
        raise Http404("Not found") from None


def _errors_onto(form, error: ValidationError) -> None:
    for field, field_errors in error.message_dict.items():
        for message in field_errors:
            form.add_error(field if field in form.fields else None, message)


def preview(rule: AutomationRule) -> dict:
    """The rule's next window and what it would pick now with the budget of now."""
    window = planner.next_window(rule)
    result = planner.plan(rule)
    return {
        "window": window,
        "count": len(result.chosen),
        "requests": result.requests,
        "reason": result.reason,
        "budget": result.budget,
    }


@tenant_view
def rules(request, public_id):
    account = _get(VintedAccount, public_id)
    form = RuleForm(request.POST or None, initial={"days": [0, 1, 2, 3, 4], "start_time": "09:00", "end_time": "12:00"})
    if request.method == "POST" and form.is_valid():
        try:
            rule = services.save_rule(account, form.cleaned_data)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("vinted:rule", public_id=rule.public_id)
    rows = [
        {"rule": rule, "preview": preview(rule), "last": rule.runs.first()} for rule in account.automation_rules.all()
    ]
    return render(
        request,
        "vinted/automation/rules.html",
        {"account": account, "rows": rows, "form": form},
        status=400 if form.errors else 200,
    )


@tenant_view
def rule_detail(request, public_id):
    rule = _get(AutomationRule, public_id, related=("account",))
    # Validated onto a copy: the service writes the real row, or nothing on a refusal.
    form = RuleForm(request.POST or None, instance=copy.copy(rule))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(rule.account, form.cleaned_data, rule=rule)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(request, _("Rule saved."))
            return redirect("vinted:rule", public_id=rule.public_id)
    return render(
        request,
        "vinted/automation/rule.html",
        {
            "rule": rule,
            "form": form,
            "preview": preview(rule),
            "runs": rule.runs.all()[:30],
            "can_write": request.tenant_access.can_write,
        },
        status=400 if form.errors else 200,
    )


@tenant_view
@require_POST
def rule_delete(request, public_id):
    rule = _get(AutomationRule, public_id, related=("account",))
    account = rule.account
    rule.delete()
    messages.success(request, _("Rule deleted."))
    return redirect("vinted:rules", public_id=account.public_id)


@tenant_view
@require_POST
def run_decide(request, public_id, decision):
    if decision not in ("approve", "decline"):
        raise Http404("No such decision")
    run = _get(RuleRun, public_id, related=("rule__account",))
    try:
        if decision == "approve":
            services.approve_run(run, user=request.user)
            messages.success(request, _("Batch approved: the jobs are queued."))
        else:
            services.decline_run(run)
            messages.success(request, _("Batch declined."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("vinted:rule", public_id=run.rule.public_id)
