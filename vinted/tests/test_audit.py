"""Vinted account connect and disconnect in the shop's audit log (the session itself never is)."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from audit.models import Entry

pytestmark = pytest.mark.django_db


def _logged(shop):
    with tenant_context(shop.tenant):
        return [
            (e.action, e.via, e.object_label, e.changes)
            for e in Entry.objects.filter(action__startswith="vinted.").order_by("at", "pk")
        ]


def test_connecting_records_once_and_the_extensions_re_exports_record_nothing(
    post_session, export_of, seller, shop_a, sandbox
):
    payload = export_of(seller)
    post_session(payload)
    post_session(export_of(seller))
    logged = _logged(shop_a)
    assert logged == [
        ("vinted.account_connected", "api", f"{seller['login']} (sandbox:fr)", {"status": [None, "connected"]})
    ]
    with tenant_context(shop_a.tenant):
        raw = str(list(Entry.objects.values()))
    assert payload["cookies"]["access_token_web"] not in raw and payload["csrf_token"] not in raw


def test_disconnecting_on_the_page_then_reconnecting_are_recorded(
    post_session, export_of, seller, client_a, accounts_of, shop_a, sandbox
):
    post_session(export_of(seller))
    [account] = accounts_of(shop_a)
    client_a.post(reverse("vinted:disconnect", args=[account.public_id]), REMOTE_ADDR="192.0.2.44")
    post_session(export_of(seller))
    actions = [(action, via) for action, via, _label, _changes in _logged(shop_a)]
    assert actions == [
        ("vinted.account_connected", "api"),
        ("vinted.account_disconnected", "page"),
        ("vinted.account_connected", "api"),
    ]
    with tenant_context(shop_a.tenant):
        disconnected = Entry.objects.get(action="vinted.account_disconnected")
    assert (disconnected.ip, disconnected.actor_label) == ("192.0.2.44", shop_a.owner.email)
    assert _logged(shop_a)[2][3] == {"status": ["disconnected", "connected"]}
