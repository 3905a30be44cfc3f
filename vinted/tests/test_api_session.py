"""The extension's endpoint with real sessions from the sandbox: verified, sealed, never echoed."""

import logging

import pytest
from django.db import connection
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants import tokens
from tenants.models import Membership
from tests.factories import add_member
from vinted.models import VintedAccount
from vinted.sessions import open_session

pytestmark = pytest.mark.django_db


def _secrets(payload):
    return [
        payload["cookies"]["access_token_web"],
        payload["cookies"]["datadome"],
        payload["cookies"]["refresh_token_web"],
        payload["csrf_token"],
    ]


def _raw_rows(shop) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT row_to_json(t)::text FROM "{shop.tenant.schema_name}".vinted_vintedaccount t')
        return "\n".join(row[0] for row in cursor.fetchall())


def test_post_session_verifies_and_stores_the_account_sealed(
    post_session, export_of, seller, shop_a, caplog, steady_datadome
):
    caplog.set_level(logging.DEBUG)
    payload = export_of(seller)
    response = post_session(payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["vinted_user_id"] == seller["id"] and body["login"] == seller["login"]
    assert body["status"] == "connected" and body["domain"] == "sandbox:fr"
    raw = _raw_rows(shop_a)
    assert "v1:" in raw
    for secret in _secrets(payload):
        assert secret not in raw, "a session value is readable in the database"
        assert secret not in response.content.decode()
        assert secret not in caplog.text
    with tenant_context(shop_a.tenant):
        session = open_session(VintedAccount.objects.get())
    assert session.cookies["datadome"] == payload["cookies"]["datadome"]
    assert "refresh_token_web" not in session.cookies  # the browser owns the refresh chain
    assert payload["cookies"]["datadome"] not in repr(session)


def test_post_session_again_updates_the_same_account(post_session, export_of, seller, accounts_of, shop_a):
    assert post_session(export_of(seller)).status_code == 201
    response = post_session(export_of(seller))
    assert response.status_code == 200
    assert len(accounts_of(shop_a)) == 1


def test_signed_out_export_disconnects_and_wipes_the_session(
    post_session, export_of, seller, accounts_of, shop_a, sandbox
):
    post_session(export_of(seller))
    response = post_session({"domain": f"{sandbox.url}/fr", "signed_out": True, "vinted_user_id": seller["id"]})
    assert response.status_code == 200 and response.json() == {"disconnected": 1}
    [account] = accounts_of(shop_a)
    assert account.status == "disconnected" and account.sealed_session == ""


def test_signed_out_export_with_null_user_id_disconnects_the_site(
    post_session, export_of, seller, accounts_of, shop_a, sandbox
):
    post_session(export_of(seller))
    response = post_session({"domain": f"{sandbox.url}/fr", "signed_out": True, "vinted_user_id": None})
    assert response.status_code == 200 and accounts_of(shop_a)[0].status == "disconnected"


def test_post_session_refused_by_vinted_names_cookies(post_session, export_of, seller, sandbox, accounts_of, shop_a):
    sandbox.add_fault("signed_out", seller_id=seller["id"])
    response = post_session(export_of(seller))
    assert response.status_code == 400 and "cookies" in response.json()
    assert accounts_of(shop_a) == []


def test_post_session_during_a_challenge_answers_409(post_session, export_of, seller, sandbox):
    sandbox.add_fault("bot_challenge", seller_id=seller["id"], route="users.current")
    response = post_session(export_of(seller))
    assert response.status_code == 409 and "cookies" in response.json()


def test_post_session_for_another_user_id_names_vinted_user_id(post_session, export_of, seller, sandbox):
    other = sandbox.create_seller(f"other-{seller['id']}")
    response = post_session(export_of(seller, vinted_user_id=other["id"]))
    assert response.status_code == 400 and "vinted_user_id" in response.json()


def test_post_session_over_the_plan_limit_is_refused(post_session, export_of, sandbox, shop_a, accounts_of):
    shop_a.tenant.max_platforms_override = 1
    shop_a.tenant.save(update_fields=["max_platforms_override"])
    first, second = (sandbox.create_seller(f"quota-{n}-{shop_a.tenant.pk}") for n in (1, 2))
    assert post_session(export_of(first)).status_code == 201
    response = post_session(export_of(second))
    assert response.status_code == 403 and "domain" in response.json()
    assert len(accounts_of(shop_a)) == 1


def test_get_lists_statuses_without_any_secret(post_session, export_of, seller, client, token_a):
    payload = export_of(seller)
    post_session(payload)
    response = client.get(reverse("vinted-session"), HTTP_AUTHORIZATION=f"Token {token_a}")
    assert response.status_code == 200
    [row] = response.json()["results"] if "results" in response.json() else response.json()
    assert set(row) == {
        "public_id",
        "domain",
        "site",
        "vinted_user_id",
        "login",
        "status",
        "status_reason",
        "captured_at",
        "access_expires_at",
        "last_verified_at",
    }
    for secret in _secrets(payload):
        assert secret not in response.content.decode()


def test_delete_disconnects_the_account(post_session, export_of, seller, client, token_a, accounts_of, shop_a):
    public_id = post_session(export_of(seller)).json()["public_id"]
    url = reverse("vinted-session-detail", kwargs={"public_id": public_id})
    response = client.delete(url, HTTP_AUTHORIZATION=f"Token {token_a}")
    assert response.status_code == 204
    assert accounts_of(shop_a)[0].status == "disconnected"
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {token_a}").json()["status"] == "disconnected"


def test_session_lands_in_the_tokens_shop_only(post_session, export_of, seller, accounts_of, shop_a, shop_b):
    post_session(export_of(seller))
    assert len(accounts_of(shop_a)) == 1 and accounts_of(shop_b) == []


def test_viewer_token_cannot_post_a_session(post_session, export_of, seller, shop_a, accounts_of):
    viewer = add_member(shop_a, Membership.Role.VIEWER)
    _token, key = tokens.create(Membership.objects.get(user=viewer), "viewer")
    assert post_session(export_of(seller), key=key).status_code == 403
    assert accounts_of(shop_a) == []


def test_crash_after_verification_shows_no_session_value_on_the_debug_error_page(
    client, token_a, export_of, seller, settings, accounts_of, shop_a
):
    settings.DEBUG = True
    settings.ENCRYPTION_KEYS = "broken"  # a real failure while sealing, after Vinted said yes
    client.raise_request_exception = False
    payload = export_of(seller)
    response = client.post(
        reverse("vinted-session"),
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token_a}",
        HTTP_ACCEPT="text/html",
    )
    assert response.status_code == 500
    page = response.content.decode()
    assert "KeyRingError" in page  # the technical page with frames and their variables
    for secret in _secrets(payload) + [payload["anon_id"]]:
        assert secret not in page
    assert accounts_of(shop_a) == []


def test_account_clean_refuses_a_domain_off_the_allowlist(in_shop_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        VintedAccount(domain="evil.example.com", vinted_user_id=1).full_clean()
    assert "domain" in error.value.message_dict


def test_re_export_of_a_just_verified_token_skips_who_am_i_but_keeps_newest_cookies(
    post_session, export_of, seller, sandbox, shop_a, accounts_of
):
    payload = export_of(seller)
    assert post_session(payload).status_code == 201
    payload["cookies"]["datadome"] = "dd-newer-value"
    assert post_session(payload).status_code == 200
    checks = [e for e in sandbox.request_log(seller["id"]) if e["route"] == "users.current"]
    assert len(checks) == 1
    with tenant_context(shop_a.tenant):
        assert open_session(VintedAccount.objects.get()).cookies["datadome"] == "dd-newer-value"


def test_re_export_after_the_reverify_period_checks_again(post_session, export_of, seller, sandbox, settings):
    settings.VINTED_REVERIFY_SECONDS = 0
    payload = export_of(seller)
    post_session(payload)
    post_session(payload)
    assert [e["route"] for e in sandbox.request_log(seller["id"])].count("users.current") == 2
