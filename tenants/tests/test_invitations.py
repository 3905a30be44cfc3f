"""Adding a person who already has an account is an invitation they accept; no seat without consent."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tenants.models import Invitation, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _invite(client_a, email, role="member"):
    return client_a.post(reverse("tenants:team"), {"email": email, "role": role})


def _link(message) -> str:
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


def test_adding_an_existing_user_sends_an_invitation_and_gives_no_seat_yet(client_a, shop_a):
    person = UserFactory()
    assert _invite(client_a, person.email).status_code == 302
    assert not Membership.objects.filter(user=person, tenant=shop_a.tenant).exists()
    assert mail.outbox[-1].to == [person.email] and shop_a.tenant.name in mail.outbox[-1].body


def test_invitation_accepted_by_the_invited_user_gives_the_seat_with_the_role(client_a, client, shop_a):
    person = UserFactory()
    _invite(client_a, person.email, role="viewer")
    link = _link(mail.outbox[-1])
    client.force_login(person)
    assert shop_a.tenant.name in client.get(link).content.decode()
    assert client.post(link, {"answer": "accept"}).url == reverse("dashboard")
    assert Membership.objects.get(user=person, tenant=shop_a.tenant).role == Membership.Role.VIEWER
    assert client.post(link, {"answer": "accept"}).status_code == 404  # used


def test_invitation_declined_gives_no_seat(client_a, client, shop_a):
    person = UserFactory()
    _invite(client_a, person.email)
    link = _link(mail.outbox[-1])
    client.force_login(person)
    client.post(link, {"answer": "decline"})
    assert not Membership.objects.filter(user=person, tenant=shop_a.tenant).exists()
    assert not Invitation.objects.filter(email=person.email, accepted_at__isnull=True).exists()


def test_invitation_opened_by_another_account_answers_404(client_a, client, shop_a):
    person, other = UserFactory(), UserFactory()
    _invite(client_a, person.email)
    link = _link(mail.outbox[-1])
    client.force_login(other)
    assert client.get(link).status_code == 404
    assert client.post(link, {"answer": "accept"}).status_code == 404
    assert not Membership.objects.filter(user=other, tenant=shop_a.tenant).exists()
