"""The recorder: who comes from the request (or the actor a task names), secrets are dropped,
rows only ever land in a shop's schema; the admin shows them read-only."""

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django_tenants.utils import tenant_context

from audit import context
from audit.models import Entry
from audit.services import record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_task_outside_a_request_records_the_actor_it_names(in_shop_a):
    record("product.price_changed", "product", "x", "X", {"price": ["1", "2"]}, actor=in_shop_a.owner)
    entry = Entry.objects.get()
    assert (entry.actor_id, entry.actor_label, entry.via, entry.ip) == (
        in_shop_a.owner.pk,
        in_shop_a.owner.email,
        "system",
        None,
    )


def test_without_request_or_actor_the_row_says_system(in_shop_a):
    record("catalog.imported")
    assert Entry.objects.values_list("actor_id", "via").get() == (None, "system")


def test_secret_fields_are_never_stored(in_shop_a):
    record("token.created", "api_token", "1", "t", {"key": "sfk_abc", "password": "p", "Token": "x", "name": "t"})
    assert Entry.objects.get().changes == {"name": "t"}


def test_recording_on_public_without_a_shop_is_refused(db):
    with pytest.raises(RuntimeError):
        record("catalog.imported")


def test_tenant_argument_writes_into_that_shops_schema_from_public(shop_a):
    record("team.role_changed", tenant=shop_a.tenant)
    with tenant_context(shop_a.tenant):
        assert Entry.objects.filter(action="team.role_changed").count() == 1


def test_the_request_context_gives_user_ip_and_channel(in_shop_a):
    request = RequestFactory().post("/x/", REMOTE_ADDR="203.0.113.1")
    request.user = in_shop_a.owner
    with context.request_context(request):
        record("catalog.exported")
    entry = Entry.objects.get()
    assert (entry.actor_id, entry.ip, entry.via) == (in_shop_a.owner.pk, "203.0.113.1", "page")


def test_admin_lists_a_shops_entries_read_only_while_acting_as_it(client, shop_a):
    with tenant_context(shop_a.tenant):
        record("catalog.exported", "catalog", "", "admin-visible-export", actor=shop_a.owner)
    staff = UserFactory(is_staff=True, is_superuser=True)
    staff.user_permissions.add(Permission.objects.get(codename="act_as_tenant"))
    client.force_login(staff)
    changelist = reverse("admin:audit_entry_changelist")
    assert client.get(changelist).status_code == 200  # on public: an empty list, not an error
    client.post(reverse("tenants:act_as_start", args=[shop_a.tenant.pk]))
    response = client.get(changelist)
    assert response.status_code == 200 and "admin-visible-export" in response.text
    assert client.get(reverse("admin:audit_entry_add")).status_code == 403
