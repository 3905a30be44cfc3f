"""Session exports cannot make the platform call Vinted's who-am-I without limit: a budget per shop
and one for the whole platform, both checked before the call leaves."""

from types import SimpleNamespace

import pytest

from tenants import tokens
from vinted import services
from vinted.tests.helpers import export_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def who_am_i_calls(monkeypatch):
    calls = []

    class Client:
        def who_am_i(self):
            calls.append(1)
            return SimpleNamespace(kind=None, ok=False)  # "Vinted could not be reached": stores nothing

    monkeypatch.setattr(services, "_client", lambda *args: Client())
    return calls


def _forged(n: int) -> dict:
    return export_payload(user_id=5000 + n)  # well-formed, each a new session: each needs a check


def test_session_exports_beyond_the_shops_who_am_i_budget_answer_429_without_calling_vinted(
    post_session, who_am_i_calls, settings, redis_client
):
    settings.VINTED_WHOAMI_PER_SHOP = "2/hour"
    assert [post_session(_forged(n)).status_code for n in range(2)] == [503, 503]
    refused = post_session(_forged(3))
    assert refused.status_code == 429
    assert "checks of Vinted sessions" in refused.json()["cookies"][0]
    assert len(who_am_i_calls) == 2


def test_session_exports_beyond_the_platforms_who_am_i_budget_answer_429(
    post_session, who_am_i_calls, shop_b, settings, redis_client
):
    settings.VINTED_WHOAMI_GLOBAL = "2/hour"
    _token, key_b = tokens.create(shop_b.membership, "b")
    assert [post_session(_forged(n)).status_code for n in range(2)] == [503, 503]
    assert post_session(_forged(3), key=key_b).status_code == 429
    assert len(who_am_i_calls) == 2
