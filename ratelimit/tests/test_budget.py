"""Budget badge, banner, HTMX fragment and JSON endpoint."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from ratelimit import limiter
from ratelimit.limiter import Policy, Window
from ratelimit.tests.sources import SOURCE, key_of, make_ref
from tenants import tokens

pytestmark = pytest.mark.django_db
POLICY = Policy((Window(40, 7200),))


@pytest.fixture
def ref_a(shop_a, redis_client):
    return make_ref(shop_a.tenant)


def _use(ref, n, policy=POLICY, prefix="job"):
    for i in range(n):
        assert limiter.reserve(key_of(ref), f"{prefix}{i}", policy).allowed


def _badge(client, ref, headers=None, **params):
    return client.get(reverse("ratelimit:badge", args=[SOURCE, ref]), params, headers=headers)


@pytest.mark.parametrize(
    "used, colour", [(0, "green"), (29, "green"), (30, "orange"), (38, "orange"), (39, "red"), (40, "red")]
)
def test_badge_colour_follows_the_share_of_the_limit_used(client_a, ref_a, used, colour):
    _use(ref_a, used)
    html = _badge(client_a, ref_a).content.decode()
    assert f"badge--{colour}" in html and f">{used}/40</span>" in html


def test_badge_tooltip_at_the_limit_says_when_the_next_slot_frees(client_a, ref_a, redis_now_ms):
    start = redis_now_ms()
    with limiter.frozen_clock(start):
        _use(ref_a, 40)
    with limiter.frozen_clock(start + (7200 - 92 * 60) * 1000):
        html = _badge(client_a, ref_a).content.decode()
        french = _badge(client_a, ref_a, headers={"accept-language": "fr"}).content.decode()
    assert 'title="Next slot in 1 h 32 (at ' in html
    assert "Prochain créneau dans 1 h 32 (à " in french


def test_badge_tooltip_below_the_limit_gives_what_is_left(client_a, ref_a):
    _use(ref_a, 15)
    assert 'title="25 of 40 left in the last 2 h"' in _badge(client_a, ref_a).content.decode()


def test_badge_fragment_polls_itself_for_a_live_refresh(client_a, ref_a, settings):
    settings.RATELIMIT_BADGE_REFRESH_SECONDS = 7
    html = _badge(client_a, ref_a).content.decode()
    assert f'hx-get="/limits/{SOURCE}/{ref_a}/badge/"' in html
    assert 'hx-trigger="every 7s"' in html and 'hx-swap="outerHTML"' in html
    _use(ref_a, 3)
    assert ">3/40<" in _badge(client_a, ref_a).content.decode()


def test_badge_fragment_with_banner_swaps_the_banner_out_of_band(client_a, ref_a):
    _use(ref_a, 40)
    html = _badge(client_a, ref_a, banner="1").content.decode()
    assert 'hx-swap-oob="true"' in html and "message--error" in html
    assert "?banner=1" in html


def test_banner_near_the_limit_warns_and_at_the_limit_blocks(rf_in_shop_a, ref_a):
    page = Template("{% load ratelimit_tags %}{% budget_banner source ref %}")

    def render():
        return page.render(Context({"request": rf_in_shop_a, "source": SOURCE, "ref": ref_a}))

    _use(ref_a, 29)
    assert "message" not in render()
    _use(ref_a, 2, prefix="more")
    warning = render()
    assert "message--warning" in warning and "Sample account is close to its limit: 9 of 40 requests left" in warning
    _use(ref_a, 9, prefix="last")
    blocking = render()
    assert "message--error" in blocking and 'role="alert"' in blocking
    assert "Sample account has used all 40 requests allowed in 2 h. The next slot frees at " in blocking


def test_badge_tag_renders_on_any_page_of_the_shop(rf_in_shop_a, ref_a):
    _use(ref_a, 15)
    html = Template("{% load ratelimit_tags %}{% budget_badge source ref %}").render(
        Context({"request": rf_in_shop_a, "source": SOURCE, "ref": ref_a})
    )
    assert ">15/40</span>" in html and "badge--green" in html


def test_badge_with_several_windows_shows_the_one_holding_back(client_a, shop_a, redis_client):
    policy = Policy((Window(40, 7200), Window(5, 600)))
    ref = make_ref(shop_a.tenant, policy=policy)
    _use(ref, 5, policy)
    html = _badge(client_a, ref).content.decode()
    assert ">5/5</span>" in html and "badge--red" in html


def test_badge_with_the_limiter_down_is_red_and_says_so(client_a, ref_a, settings):
    from tests.services import RedisServer

    server = RedisServer()  # never started: nothing listens on its port
    settings.REDIS_URL = server.url
    html = _badge(client_a, ref_a).content.decode()
    server.cleanup()
    assert "badge--red" in html and ">?/40<" in html and "not answering" in html


def test_badge_of_unknown_source_or_ref_is_404(client_a, ref_a):
    assert client_a.get(reverse("ratelimit:badge", args=["nope", ref_a])).status_code == 404
    assert _badge(client_a, "not-a-ref").status_code == 404


def test_badge_needs_sign_in(client, ref_a):
    assert _badge(client, ref_a).status_code == 302


def test_badge_poll_after_the_session_ended_stops_polling(client, ref_a):
    response = _badge(client, ref_a, headers={"HX-Request": "true"})
    assert response.status_code == 286 and response.content == b""


def test_budget_json_with_a_token_gives_used_remaining_and_next_slot(client, shop_a, ref_a):
    _use(ref_a, 40)
    _token, key = tokens.create(shop_a.membership, "script")
    response = client.get(reverse("api-limits-budget", args=[SOURCE, ref_a]), HTTP_AUTHORIZATION=f"Token {key}")
    body = response.json()
    assert response.status_code == 200
    assert (body["used"], body["limit"], body["remaining"], body["allowed"], body["reason"], body["level"]) == (
        40,
        40,
        0,
        False,
        "limit",
        "red",
    )
    assert 7190 < body["retry_after"] <= 7200 and body["next_slot_at"] > body["now"]
    assert body["windows"] == [
        {
            "limit": 40,
            "seconds": 7200,
            "used": 40,
            "remaining": 0,
            "next_slot_at": body["next_slot_at"],
            "retry_after": body["retry_after"],
        }
    ]


def test_budget_json_with_a_session_works_too(client_a, ref_a):
    _use(ref_a, 2)
    body = client_a.get(reverse("api-limits-budget", args=[SOURCE, ref_a])).json()
    assert (body["used"], body["remaining"], body["allowed"], body["retry_after"]) == (2, 38, True, 0)


def test_budget_json_of_unknown_ref_is_404_json(client_a):
    response = client_a.get(reverse("api-limits-budget", args=[SOURCE, "missing"]))
    assert response.status_code == 404 and "detail" in response.json()
