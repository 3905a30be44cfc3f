"""Writes of automation rules: create and change rules, run them (record the run; in automatic
mode ask for the jobs at once), approve or decline a proposed batch. Jobs are asked for only
through vinted.jobs.services."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog import services as catalog_services
from catalog.models import Product
from tenants.connection import tenant_connection
from tenants.models import User

from ..jobs import services as jobs
from ..models import VintedAccount
from . import planner
from .models import AutomationAction, AutomationRule, RuleRun

FIELDS = (
    "kind",
    "mode",
    "is_active",
    "days",
    "start_time",
    "end_time",
    "daily_cap",
    "min_age_days",
    "max_favourites",
    "repost_gap_days",
    "drop_percent",
    "drop_amount",
    "floor_price",
    "max_drops",
)


def _validate(rule: AutomationRule) -> None:
    errors = {}
    if not rule.days or any(day not in range(7) for day in rule.days):
        errors["days"] = _("Choose at least one day.")
    if rule.start_time and rule.end_time and rule.start_time >= rule.end_time:
        errors["end_time"] = _("The end of the window must come after its start.")
    if rule.kind == AutomationRule.Kind.PRICE_DROP and not (rule.drop_percent or rule.drop_amount):
        errors["drop_percent"] = _("Give a drop in percent or an amount.")
    if rule.kind == AutomationRule.Kind.PRICE_DROP and rule.drop_percent and rule.drop_amount:
        errors["drop_amount"] = _("Give either a percentage or an amount, not both.")
    try:
        rule.full_clean(exclude=["account"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def save_rule(account: VintedAccount, data: dict[str, Any], rule: AutomationRule | None = None) -> AutomationRule:
    rule = rule or AutomationRule(account=account)
    for name in FIELDS:
        if name in data:
            setattr(rule, name, data[name])
    rule.days = sorted(set(rule.days or []))
    _validate(rule)
    rule.save()
    return rule


def run_rule(
    rule: AutomationRule,
    now: datetime.datetime | None = None,
    budget: planner.Budget | None = None,
    done: int | None = None,
) -> RuleRun | None:
    """Plan the rule now and record the run. "Ask me" proposes the batch (one a day, one pending
    at a time); "automatic" asks for the jobs at once. A run that would only repeat the previous
    "nothing to do" is not recorded."""
    now = now or timezone.now()
    if rule.mode == AutomationRule.Mode.ASK and rule.pk in _waiting([rule], now):
        return None
    return _record(rule, planner.plan(rule, now, budget, done), now, rule.runs.first())


def _waiting(rules: list[AutomationRule], now: datetime.datetime) -> set[int]:
    """Ids of the "ask me" rules among these that must not propose now: a batch is waiting for
    the seller, or the rule already ran today."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    asking = [rule for rule in rules if rule.mode == AutomationRule.Mode.ASK]
    if not asking:
        return set()
    return set(
        RuleRun.objects.filter(rule__in=asking)
        .filter(
            Q(state=RuleRun.State.PROPOSED) | Q(at__gte=start, state__in=[RuleRun.State.DONE, RuleRun.State.DECLINED])
        )
        .values_list("rule_id", flat=True)
        .distinct()
    )


def _record(rule: AutomationRule, result: planner.Plan, now: datetime.datetime, last: RuleRun | None) -> RuleRun | None:
    if not result.chosen:
        if last is not None and last.state == RuleRun.State.SKIPPED and last.reason == result.reason:
            return None
        return RuleRun.objects.create(
            rule=rule, at=now, state=RuleRun.State.SKIPPED, reason=result.reason, budget=result.budget
        )
    if rule.mode == AutomationRule.Mode.ASK:
        return RuleRun.objects.create(
            rule=rule,
            at=now,
            state=RuleRun.State.PROPOSED,
            chosen=result.chosen,
            reason=result.reason,
            budget=result.budget,
        )
    run = RuleRun.objects.create(
        rule=rule,
        at=now,
        state=RuleRun.State.DONE,
        chosen=result.chosen,
        reason=result.reason,
        budget=result.budget,
        decided_at=now,
    )
    _act(run, now)
    return run


def _act(run: RuleRun, now: datetime.datetime, user: User | None = None) -> None:
    rule = run.rule
    products = {str(p.public_id): p for p in Product.objects.filter(public_id__in=[c["product"] for c in run.chosen])}
    for item in run.chosen:
        product = products.get(item["product"])
        if product is None:
            item["error"] = gettext_noop("The product is gone.")
            continue
        try:
            with transaction.atomic():
                if rule.kind == AutomationRule.Kind.REPOST:
                    job = jobs.request_repost(rule.account, product, user=user)
                    AutomationAction.objects.create(rule=rule, run=run, product=product, kind=rule.kind, at=now)
                else:
                    old = product.price
                    catalog_services.update_product(product, {"price": Decimal(item["new_price"])})
                    job = jobs.request_update(rule.account, product, user=user)
                    AutomationAction.objects.create(
                        rule=rule,
                        run=run,
                        product=product,
                        kind=rule.kind,
                        at=now,
                        old_price=old,
                        new_price=Decimal(item["new_price"]),
                    )
            item["job"] = str(job.public_id)
        except (jobs.JobRefused, ValidationError) as error:
            item["error"] = getattr(error, "message", None) or "; ".join(getattr(error, "messages", [str(error)]))
    run.save(update_fields=["chosen"])


def approve_run(
    run: RuleRun, *, user: User | None, now: datetime.datetime | None = None, budget: planner.Budget | None = None
) -> RuleRun:
    """Ask for the proposed batch's jobs, checked again against the cap and the budget of now:
    what no longer fits is left out, with the reason."""
    now = now or timezone.now()
    with transaction.atomic():
        run = RuleRun.objects.select_for_update().select_related("rule__account").get(pk=run.pk)
        if run.state != RuleRun.State.PROPOSED:
            raise ValidationError(_("This batch was already decided."))
        rule = run.rule
        if rule.account.status in planner.PAUSED:
            raise ValidationError(_("The account is paused: reconnect it first."))
        budget = budget or planner.account_budget(rule.account)
        allowed, cap_left, spent = budget.allowed, rule.daily_cap - planner.done_today(rule, now), 0
        kept: list[dict[str, Any]] = []
        for item in run.chosen:
            if len(kept) >= cap_left or spent + item["requests"] > allowed:
                item["error"] = gettext_noop("Left out: over the daily cap or the rule's share of the budget.")
                continue
            spent += item["requests"]
            kept.append(item)
        run.state, run.decided_at, run.budget = RuleRun.State.DONE, now, budget.as_dict(spent)
        run.save(update_fields=["state", "decided_at", "budget", "chosen"])
        leftover = [item for item in run.chosen if "error" in item]
        run.chosen = kept
        _act(run, now, user)
        run.chosen = kept + leftover
        run.save(update_fields=["chosen"])
    return run


def decline_run(run: RuleRun) -> RuleRun:
    if run.state != RuleRun.State.PROPOSED:
        raise ValidationError(_("This batch was already decided."))
    run.state, run.decided_at = RuleRun.State.DECLINED, timezone.now()
    run.save(update_fields=["state", "decided_at"])
    return run


def run_due(now: datetime.datetime | None = None) -> int:
    """The beat: every active rule of every active shop whose window is open now. Per shop, the
    plans of all its rules in a handful of queries (planner.plan_many), then each run recorded."""
    from django_tenants.utils import get_tenant_model, tenant_context

    now = now or timezone.now()
    runs = 0
    for tenant in get_tenant_model().objects.shops().filter(status="active"):
        with tenant_context(tenant):
            rules = [
                rule
                for rule in AutomationRule.objects.filter(is_active=True).select_related("account")
                if planner.in_schedule(rule, now)
            ]
            waiting = _waiting(rules, now)
            rules = [rule for rule in rules if rule.pk not in waiting]
            plans = planner.plan_many(rules, now)
            last = {
                run.rule_id: run
                for run in RuleRun.objects.filter(rule__in=rules).order_by("rule_id", "-at", "-id").distinct("rule_id")
            }
            for rule in rules:
                if _record(rule, plans[rule.pk], now, last.get(rule.pk)) is not None:
                    runs += 1
    tenant_connection().set_schema_to_public()
    return runs
