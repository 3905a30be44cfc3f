import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_tenants.utils import schema_exists

from tenants import provisioning
from tenants.models import Membership, Tenant, User

pytestmark = pytest.mark.django_db


def _signup(client, **overrides):
    data = {"shop_name": "Vintage Lou", "email": "lou@example.com", "password": "a-long-enough-pass"}
    data.update(overrides)
    return client.post(reverse("tenants:signup"), data)


def _open_the_link(client, message):
    link = re.search(r"http://testserver(/\S+/)", message.body).group(1)
    return client.get(link)


def test_signup_with_valid_data_creates_shop_schema_and_owner(client):
    response = _signup(client)

    assert response.status_code == 302 and response.url == reverse("tenants:signup_sent")
    assert "_auth_user_id" not in client.session
    opened = _open_the_link(client, mail.outbox[-1])
    assert opened.status_code == 302 and opened.url == reverse("dashboard")
    user = User.objects.get(email="lou@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.OWNER
    tenant = membership.tenant
    assert tenant.name == "Vintage Lou" and tenant.tier.code == "starter"
    assert tenant.schema_name.startswith("t_") and schema_exists(tenant.schema_name)
    assert client.get(reverse("dashboard")).status_code == 200


def test_signup_schema_name_never_comes_from_the_shop_name(client):
    _signup(client, shop_name="public; DROP SCHEMA public")
    tenant = Tenant.objects.get(name="public; DROP SCHEMA public")
    assert tenant.schema_name.startswith("t_") and len(tenant.schema_name) == 12


def test_signup_with_bad_input_shows_field_errors_and_creates_nothing(client):
    before = Tenant.objects.count()
    response = _signup(client, shop_name="", email="not-an-email", password="123")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"shop_name", "email", "password"}
    assert Tenant.objects.count() == before


def test_signup_with_taken_email_answers_as_for_a_new_one_and_tells_the_owner(client, shop_a):
    shops_before = Tenant.objects.count()
    taken = _signup(client, email=shop_a.owner.email)
    fresh = _signup(client, email="brand-new@example.com")
    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url) == (302, reverse("tenants:signup_sent"))
    assert "_auth_user_id" not in client.session
    assert Tenant.objects.count() == shops_before + 1
    notice = next(m for m in mail.outbox if m.to == [shop_a.owner.email])
    assert "tried to sign up" in notice.body and reverse("tenants:password_reset") in notice.body


def test_signup_confirmation_link_works_once(client):
    _signup(client)
    message = mail.outbox[-1]
    assert _open_the_link(client, message).url == reverse("dashboard")
    client.post(reverse("tenants:logout"))
    again = _open_the_link(client, message)
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_signup_failing_during_schema_clone_leaves_no_user_tenant_or_schema(client, monkeypatch):
    created = []
    real_clone = provisioning.clone_template

    def clone_then_fail(schema_name):
        real_clone(schema_name)
        created.append(schema_name)
        raise RuntimeError("disk full")

    monkeypatch.setattr(provisioning, "clone_template", clone_then_fail)
    with pytest.raises(RuntimeError):
        _signup(client, email="half@example.com")

    connection.set_schema_to_public()
    assert created and not schema_exists(created[0])
    assert not User.objects.filter(email="half@example.com").exists()
    assert not Tenant.objects.filter(schema_name=created[0]).exists()


def test_provision_refuses_when_template_is_missing(monkeypatch):
    monkeypatch.setattr(provisioning, "_template_checked", False)
    monkeypatch.setattr(provisioning, "TEMPLATE_SCHEMA", "no_such_template")
    with pytest.raises(provisioning.TemplateNotReady):
        provisioning.provision_shop(name="X", owner_email="x@example.com", password="x-long-pass-1")
