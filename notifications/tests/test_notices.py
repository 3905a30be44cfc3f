"""E-mail notifications: who gets what, switched off per kind, batched per hour, in the user's language,
and the events they come from (catalog's sales, vinted's accounts and jobs)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import sales
from catalog.tests.factories import ProductFactory
from notifications import notices, summary, webhooks
from notifications.models import WebhookDelivery
from notifications.outbox.models import Notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def committing(django_capture_on_commit_callbacks, monkeypatch):
    """Run on-commit callbacks (the sale signal) without a broker: deliveries stay queued."""
    monkeypatch.setattr("notifications.tasks.deliver_webhook.delay", lambda *args: None)
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _sell(committing, title="Robe", price="12"):
    with committing():
        return sales.record_sale(ProductFactory(title=title), price=Decimal(price), currency="EUR")


def test_item_sold_sends_one_email_then_batches_the_next_hour(in_shop_a, committing, mailoutbox):
    _sell(committing, "Robe rouge")
    assert notices.send_due() == 1
    assert mailoutbox[0].to == ["owner-a@example.com"] and "1 item sold" in mailoutbox[0].subject
    assert "“Robe rouge” sold for €12.00 (Shop A)" in mailoutbox[0].body
    _sell(committing, "Veste")
    _sell(committing, "Jupe")
    assert notices.send_due() == 0 and len(mailoutbox) == 1  # within the hour: waits
    assert notices.send_due(now=timezone.now() + datetime.timedelta(minutes=61)) == 1
    assert "2 items sold" in mailoutbox[1].subject and "Veste" in mailoutbox[1].body and "Jupe" in mailoutbox[1].body


def test_a_kind_switched_off_makes_no_notice(in_shop_a, committing, mailoutbox):
    notices.set_choices(in_shop_a.owner, ["session", "challenge"])
    _sell(committing)
    assert not Notice.objects.exists() and notices.send_due() == 0


def test_emails_go_out_in_the_users_language(in_shop_a, committing, mailoutbox):
    notices.remember_language(in_shop_a.owner, "fr")
    _sell(committing, "Robe", "9.5")
    notices.send_due()
    assert "1 article vendu" in mailoutbox[0].subject and "vendu 9,50\u00a0€" in mailoutbox[0].body


def _account(vinted_user_id=42, **fields):
    from vinted.models import VintedAccount

    return VintedAccount.objects.create(domain="fr", vinted_user_id=vinted_user_id, login="anna", **fields)


def test_an_expired_session_sends_the_reconnect_link_and_the_webhook(
    in_shop_a, committing, mailoutbox, loopback_allowed
):
    webhooks.create_endpoint("http://127.0.0.1:9/", ["session.expired"])
    account = _account()
    account.status = "expired"
    account.save()
    account.save()  # saved again: no second notice
    notices.send_due()
    assert "reconnect" in mailoutbox[0].subject.lower() and "/vinted/accounts/" in mailoutbox[0].body
    assert Notice.objects.count() == 1
    assert WebhookDelivery.objects.get().payload["data"]["account"]["login"] == "anna"


def test_a_challenge_and_an_expiring_session_are_told(in_shop_a, mailoutbox):
    first, second = _account(), _account(43)
    first.status, second.status = "challenge_required", "expiring"
    first.save()
    second.save()
    assert sorted(Notice.objects.values_list("kind", flat=True)) == ["challenge", "session"]


def test_job_transitions_notify_and_send_webhooks(in_shop_a, loopback_allowed, mailoutbox):
    from vinted.jobs.models import Job, JobEvent

    webhooks.create_endpoint("http://127.0.0.1:9/", ["listing.published", "job.failed"])
    account, product = _account(), ProductFactory(sku="JOB-1")
    job = Job.objects.create(action="publish", product=product, account=account, state="needs_attention")
    JobEvent.objects.create(job=job, kind="transition", from_state="running", to_state="needs_attention")
    JobEvent.objects.create(job=job, kind="request", method="POST", path="/items", status=200)
    JobEvent.objects.create(job=job, kind="transition", from_state="running", to_state="completed")
    other = Job.objects.create(
        action="update", product=ProductFactory(), account=account, state="failed", message="Vinted refused the photo."
    )
    JobEvent.objects.create(job=other, kind="transition", from_state="running", to_state="failed")
    assert list(Notice.objects.values_list("kind", flat=True)) == ["job_attention"]
    events = sorted(WebhookDelivery.objects.values_list("event", flat=True))
    assert events == ["job.failed", "listing.published"]
    failed = WebhookDelivery.objects.get(event="job.failed").payload["data"]
    assert failed["message"] == "Vinted refused the photo." and failed["action"] == "update"


def test_weekly_summary_counts_the_weeks_sales_per_currency(in_shop_a, committing, mailoutbox):
    _sell(committing, price="10")
    _sell(committing, price="5")
    Notice.objects.all().delete()
    summary.queue_weekly_summaries()
    assert Notice.objects.filter(user=in_shop_a.owner, kind="weekly_summary").count() == 1
    notices.send_due()
    [mail] = [mail for mail in mailoutbox if mail.to == ["owner-a@example.com"]]
    assert "2 sales, revenue €15.00" in mail.body and "Your week in Shop A" in mail.body


def test_weekly_summary_in_french_tells_the_margin_and_each_accounts_requests_of_the_week(
    in_shop_a, committing, mailoutbox
):
    from vinted.jobs.models import Job, JobEvent

    notices.remember_language(in_shop_a.owner, "fr")
    for price in ("10", "5"):
        with committing():
            sales.record_sale(ProductFactory(cost_price=Decimal("3")), price=Decimal(price), currency="EUR")
    job = Job.objects.create(action="publish", product=ProductFactory(), account=_account(), state="completed")
    for _ in range(2):
        JobEvent.objects.create(job=job, kind="request", method="POST", path="/items", status=200)
    JobEvent.objects.create(
        job=job, kind="request", method="POST", path="/photos", at=timezone.now() - datetime.timedelta(days=8)
    )
    Notice.objects.all().delete()
    summary.queue_weekly_summaries()
    notices.send_due()
    [mail] = [mail for mail in mailoutbox if mail.to == ["owner-a@example.com"]]
    assert "Votre semaine dans Shop A" in mail.body
    assert "2 ventes, chiffre d’affaires 15,00\u00a0€, marge 9,00\u00a0€" in mail.body
    assert "Requêtes Vinted de anna cette semaine\u00a0: 2" in mail.body


def test_email_choices_page_saves_the_choices(seller_a):
    response = seller_a.post(reverse("notifications:email_choices"), {"kinds": ["item_sold"]}, follow=True)
    assert response.status_code == 200
    choice = notices.settings_of(response.wsgi_request.user)
    assert choice.wants("item_sold") and not choice.wants("weekly_summary")


def test_email_choices_with_an_unknown_kind_change_nothing(seller_a):
    response = seller_a.post(reverse("notifications:email_choices"), {"kinds": ["spam"]}, follow=True)
    assert "Choose from the list." in response.content.decode()
    assert notices.settings_of(response.wsgi_request.user).disabled == []
