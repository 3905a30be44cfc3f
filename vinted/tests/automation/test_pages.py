"""Automation pages: create a rule with its plan shown, field errors, approve a proposed batch."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tests.clients import staying_in
from vinted.automation import services
from vinted.automation.models import AutomationRule, RuleRun
from vinted.jobs.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_a(client_a, shop_a, account):
    with tenant_context(shop_a.tenant):
        yield staying_in(client_a, shop_a.tenant)


def test_create_a_rule_shows_its_plan_for_the_next_window(seller_a, account, listed):
    listed()
    listed()
    response = seller_a.post(
        reverse("vinted:rules", args=[account.public_id]),
        {
            "kind": "repost",
            "mode": "ask",
            "is_active": "on",
            "days": ["0", "1", "2", "3", "4", "5", "6"],
            "start_time": "00:00",
            "end_time": "23:59",
            "daily_cap": "5",
            "min_age_days": "30",
            "repost_gap_days": "14",
            "max_drops": "2",
        },
        follow=True,
    )
    assert response.status_code == 200
    rule = AutomationRule.objects.get()
    body = response.content.decode()
    assert rule.days == [0, 1, 2, 3, 4, 5, 6] and "2 reposts, 6 requests" in body


def test_create_a_rule_with_a_window_ending_before_it_starts_shows_the_field_error(seller_a, account):
    response = seller_a.post(
        reverse("vinted:rules", args=[account.public_id]),
        {
            "kind": "repost",
            "mode": "ask",
            "days": ["0"],
            "start_time": "12:00",
            "end_time": "09:00",
            "daily_cap": "5",
            "min_age_days": "30",
            "repost_gap_days": "14",
            "max_drops": "2",
        },
    )
    assert response.status_code == 400 and response.context["form"].errors["end_time"]
    assert not AutomationRule.objects.exists()


def test_approve_button_queues_the_proposed_reposts(seller_a, account, listed, rule):
    listed()
    made = rule(mode="ask")
    run = services.run_rule(made)
    response = seller_a.post(reverse("vinted:run_decide", args=[run.public_id, "approve"]), follow=True)
    assert response.status_code == 200 and Job.objects.filter(action="repost").count() == 1
    run.refresh_from_db()
    assert run.state == RuleRun.State.DONE
    assert f'data-run="{run.public_id}" data-state="done"' in response.content.decode()


def test_viewer_cannot_approve(client, shop_a, account, listed, rule):
    from tenants.models import Membership
    from tests.factories import add_member

    listed()
    run = services.run_rule(rule(mode="ask"))
    client.force_login(add_member(shop_a, Membership.Role.VIEWER))
    client = staying_in(client, shop_a.tenant)
    assert client.post(reverse("vinted:run_decide", args=[run.public_id, "approve"])).status_code == 403
    assert not Job.objects.filter(action="repost").exists()
