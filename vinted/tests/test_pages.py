"""The "Vinted accounts" page: statuses, disconnect, pricing rule, one-click sandbox seller."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.models import Membership
from tests.factories import add_member
from vinted import pricing
from vinted.models import PricingRule

pytestmark = pytest.mark.django_db


def test_accounts_page_lists_status_and_explains_the_extension(client_a, account):
    response = client_a.get(reverse("vinted:accounts"))
    assert response.status_code == 200
    html = response.content.decode()
    assert account.login in html and 'data-status="connected"' in html
    assert reverse("tenants:api_tokens") in html and reverse("vinted:connect_extension") in html
    assert "sealed" not in html and "v1:" not in html


def test_accounts_page_shows_expired_when_the_token_expiry_passed(client_a, account):
    account.access_expires_at = timezone.now() - timezone.timedelta(minutes=1)
    account.save()
    assert 'data-status="expired"' in client_a.get(reverse("vinted:accounts")).content.decode()


def test_disconnect_from_page_wipes_the_session(client_a, account, shop_a):
    response = client_a.post(reverse("vinted:disconnect", kwargs={"public_id": account.public_id}))
    assert response.status_code == 302
    with tenant_context(shop_a.tenant):
        account.refresh_from_db()
    assert account.status == "disconnected" and account.sealed_session == ""


def test_viewer_cannot_disconnect(client, account, shop_a):
    client.force_login(add_member(shop_a, Membership.Role.VIEWER))
    response = client.post(reverse("vinted:disconnect", kwargs={"public_id": account.public_id}))
    assert response.status_code == 403


def test_pricing_rule_form_saves_one_rule_per_shop(client_a, shop_a):
    for markup in ("12.5", "15"):
        response = client_a.post(
            reverse("vinted:pricing"), {"markup_percent": markup, "rounding": "90", "floor_price": "4"}
        )
        assert response.status_code == 302
    with tenant_context(shop_a.tenant):
        assert PricingRule.objects.count() == 1
        assert str(pricing.rule_for_shop().markup_percent) == "15.00"


@pytest.mark.parametrize(
    "data, field",
    [
        ({"markup_percent": "abc", "rounding": "none"}, "markup_percent"),
        ({"markup_percent": "-95", "rounding": "none"}, "markup_percent"),
        ({"markup_percent": "5", "rounding": "75"}, "rounding"),
        ({"markup_percent": "5", "rounding": "none", "floor_price": "-1"}, "floor_price"),
    ],
)
def test_pricing_rule_form_with_bad_value_shows_the_field_error(client_a, data, field, shop_a):
    response = client_a.post(reverse("vinted:pricing"), data)
    assert response.status_code == 400
    assert field in response.context["pricing_form"].errors
    with tenant_context(shop_a.tenant):
        assert not PricingRule.objects.exists()


def test_connect_sandbox_seller_in_one_click(client_a, sandbox, shop_a, accounts_of, redis_client):
    response = client_a.post(reverse("vinted:connect_sandbox"), {"site": "sandbox:co.uk"})
    assert response.status_code == 302
    [account] = accounts_of(shop_a)
    assert account.domain == "sandbox:co.uk" and account.status == "connected" and account.sealed_session


def test_connect_sandbox_when_disabled_is_404(client_a, settings):
    settings.VINTED_SANDBOX_ENABLED = False
    assert client_a.post(reverse("vinted:connect_sandbox"), {"site": "sandbox:fr"}).status_code == 404
    assert b"connect-sandbox" not in client_a.get(reverse("vinted:accounts")).content


def test_connect_sandbox_when_sandbox_is_down_says_so(client_a, settings, shop_a, accounts_of):
    from tests.services import free_port

    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = f"http://127.0.0.1:{free_port()}"
    response = client_a.post(reverse("vinted:connect_sandbox"), {"site": "sandbox:fr"}, follow=True)
    assert "does not answer" in response.content.decode()
    assert accounts_of(shop_a) == []


def test_accounts_page_in_french(client_a, account):
    client_a.cookies["django_language"] = "fr"
    html = client_a.get(reverse("vinted:accounts"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Comptes Vinted" in html and "Connecté" in html


def test_accounts_page_shows_the_live_budget_of_each_account(client_a, account, jpeg):
    from vinted import services
    from vinted.client import new_upload_session

    services.client_for(account).upload_photo(jpeg(), upload_session_id=new_upload_session())
    html = client_a.get(reverse("vinted:accounts")).content.decode()
    assert 'data-remaining="39"' in html and ">1/40<" in html
    badge = client_a.get(reverse("ratelimit:badge", kwargs={"source": "vinted", "ref": str(account.public_id)}))
    assert badge.status_code == 200
