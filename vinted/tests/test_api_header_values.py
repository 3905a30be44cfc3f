"""Every value the export gives that we later send to Vinted as a header is refused if it could
split or break that header (control characters, quotes inside a quoted hint)."""

import pytest

from vinted.tests.helpers import export_payload

pytestmark = pytest.mark.django_db


def _hints(**overrides):
    hints = {"brands": [{"brand": "Chromium", "version": "130"}], "platform": "Linux", "mobile": False}
    hints.update(overrides)
    return hints


@pytest.mark.parametrize(
    "payload, field",
    [
        (export_payload(user_agent="Mozilla/5.0\r\nX-Injected: 1"), "user_agent"),
        (export_payload(user_agent="Mozilla/5.0\x00"), "user_agent"),
        (export_payload(user_agent="Mozilla/5.0\x7f"), "user_agent"),
        (export_payload(anon_id="abc\r\nX-Injected: 1"), "anon_id"),
        (export_payload(ua_client_hints=_hints(platform="Linux\r\nX-Injected: 1")), "ua_client_hints"),
        (export_payload(ua_client_hints=_hints(platform='Linux"; a="b')), "ua_client_hints"),
        (export_payload(ua_client_hints=_hints(brands=[{"brand": "A\nB", "version": "1"}])), "ua_client_hints"),
        (export_payload(ua_client_hints=_hints(brands=[{"brand": "A", "version": "1\r"}])), "ua_client_hints"),
        (export_payload(ua_client_hints=_hints(brands="Chromium")), "ua_client_hints"),
    ],
)
def test_post_session_with_a_control_character_in_a_header_value_answers_400(
    post_session, payload, field, shop_a, accounts_of
):
    response = post_session(payload)
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert accounts_of(shop_a) == []
