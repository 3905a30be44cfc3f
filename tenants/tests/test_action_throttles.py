"""Signups (each clones a schema), password-reset e-mails and invitation e-mails are rate limited."""

import pytest
from django.core import mail
from django.urls import reverse

from tenants.models import Tenant

pytestmark = pytest.mark.django_db


def _signup(client, n, ip="10.3.3.3"):
    return client.post(
        reverse("tenants:signup"),
        {"shop_name": f"Shop {n}", "email": f"new{n}@example.com", "password": "a-long-enough-pass"},
        REMOTE_ADDR=ip,
    )


def test_signups_from_one_address_beyond_the_rate_answer_429_and_create_nothing(client, settings, redis_client):
    settings.SIGNUP_RATE_PER_IP = "2/hour"
    assert [_signup(client, n).status_code for n in range(2)] == [302, 302]
    before = Tenant.objects.count()
    refused = _signup(client, 3)
    assert refused.status_code == 429 and "Too many" in refused.content.decode()
    assert Tenant.objects.count() == before
    assert _signup(client, 4, ip="10.4.4.4").status_code == 302


def test_password_reset_e_mails_per_address_beyond_the_rate_are_not_sent(client, shop_a, settings, redis_client):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = "2/hour"
    for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client.post(reverse("tenants:password_reset"), {"email": shop_a.owner.email}, REMOTE_ADDR=ip)
    assert len(mail.outbox) == 2


def test_password_reset_requests_from_one_address_beyond_the_rate_answer_429(client, settings, redis_client):
    settings.PASSWORD_RESET_RATE_PER_IP = "2/hour"
    codes = [
        client.post(
            reverse("tenants:password_reset"), {"email": f"p{n}@example.com"}, REMOTE_ADDR="10.5.5.5"
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_invitations_beyond_the_shops_rate_are_refused_with_a_message(client_a, shop_a, settings, redis_client):
    settings.INVITATION_RATE_PER_SHOP = "2/day"
    for n in range(2):
        client_a.post(reverse("tenants:team"), {"email": f"seat{n}@example.com", "role": "member"})
    refused = client_a.post(reverse("tenants:team"), {"email": "seat3@example.com", "role": "member"})
    assert refused.status_code == 429 and "Too many invitations" in refused.content.decode()
    assert len(mail.outbox) == 2
