"""Bad exports get a 400 naming the field, before any request leaves for Vinted."""

import pytest
from django.urls import reverse

from vinted.tests.helpers import export_payload, fake_jwt

pytestmark = pytest.mark.django_db


def _without_cookie(name):
    payload = export_payload()
    del payload["cookies"][name]
    return payload


@pytest.mark.parametrize(
    "payload, field",
    [
        (export_payload(domain="evil.example.com"), "domain"),
        (export_payload(domain="www.vinted.fr@169.254.169.254"), "domain"),
        (export_payload(domain="http://127.0.0.1:9/fr"), "domain"),
        (_without_cookie("access_token_web"), "cookies"),
        (_without_cookie("datadome"), "cookies"),
        (_without_cookie("anon_id"), "cookies"),
        ({k: v for k, v in export_payload().items() if k != "cookies"}, "cookies"),
        (export_payload(cookies={f"c{i}": "v" for i in range(50)}), "cookies"),
        (export_payload(cookies={"access_token_web": "x" * 9000, "datadome": "d", "anon_id": "a"}), "cookies"),
        (export_payload(cookies={"access_token_web": "a b", "datadome": "d", "anon_id": "a"}), "cookies"),
        (export_payload(cookies="not a dict"), "cookies"),
        (export_payload(user_agent=""), "user_agent"),
        (export_payload(user_agent="u" * 600), "user_agent"),
        (export_payload(csrf_token="not-a-uuid"), "csrf_token"),
        (export_payload(locale="fr-FR; DROP"), "locale"),
        (export_payload(vinted_user_id=-3), "vinted_user_id"),
        (export_payload(ua_client_hints={"brands": ["x" * 3000]}), "ua_client_hints"),
        (export_payload(captured_at="yesterday"), "captured_at"),
    ],
)
def test_post_session_with_bad_payload_answers_400_naming_the_field(post_session, payload, field, shop_a, accounts_of):
    response = post_session(payload)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert accounts_of(shop_a) == []


def test_post_session_with_expired_access_token_names_the_cookie(post_session):
    response = post_session(export_payload(expires_in=-60))
    assert response.status_code == 400
    assert "cookies.access_token_web" in response.json()


def test_post_session_with_non_jwt_access_token_names_the_cookie(post_session):
    payload = export_payload()
    payload["cookies"]["access_token_web"] = "not-a-jwt"
    response = post_session(payload)
    assert response.status_code == 400 and "cookies.access_token_web" in response.json()


def test_post_session_with_user_id_not_matching_token_names_vinted_user_id(post_session):
    payload = export_payload(user_id=10)
    payload["vinted_user_id"] = 11
    response = post_session(payload)
    assert response.status_code == 400 and "vinted_user_id" in response.json()


def test_post_session_to_disabled_sandbox_is_refused_as_domain(post_session, settings):
    settings.VINTED_SANDBOX_ENABLED = False
    response = post_session(export_payload(domain="sandbox:fr"))
    assert response.status_code == 400 and "domain" in response.json()


def test_post_session_without_token_is_refused(client):
    response = client.post(reverse("vinted-session"), export_payload(), content_type="application/json")
    assert response.status_code in (401, 403)


def test_post_session_error_never_echoes_cookie_values(post_session):
    payload = export_payload(domain="evil.example.com")
    response = post_session(payload)
    assert b"dd-SECRET-datadome-value" not in response.content
    assert payload["cookies"]["access_token_web"].encode() not in response.content


def test_signed_out_export_with_unknown_domain_is_refused(post_session):
    response = post_session({"domain": "evil.example.com", "signed_out": True})
    assert response.status_code == 400 and "domain" in response.json()


def test_fake_jwt_helper_is_a_three_part_token():
    assert fake_jwt({"a": 1}).count(".") == 2


def test_post_session_over_the_per_token_rate_answers_429(post_session, settings, redis_client):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "vinted_session": "3/min"},
    }
    codes = [post_session(export_payload(domain="evil.example.com")).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
