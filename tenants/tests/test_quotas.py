import pytest

from tenants import quotas
from tenants.models import Tier

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code,products,platforms,credits",
    [
        ("starter", 50, 2, 0),
        ("standard", 200, 5, 100),
        ("premium", None, None, 500),
        ("business", None, None, 2000),
        ("enterprise", None, None, 10000),
    ],
)
def test_seeded_tiers_match_the_plan(code, products, platforms, credits):
    tier = Tier.objects.get(code=code)
    assert (tier.max_products, tier.max_platforms, tier.ai_credits_per_month) == (products, platforms, credits)


def test_product_quota_refuses_going_over_the_tier_limit(shop_a):
    quotas.check_can_add_products(shop_a.tenant, current=49, adding=1)
    with pytest.raises(quotas.QuotaExceeded, match="allows 50 products"):
        quotas.check_can_add_products(shop_a.tenant, current=49, adding=2)


def test_per_shop_override_beats_the_tier(shop_a):
    shop_a.tenant.max_products_override = 3
    with pytest.raises(quotas.QuotaExceeded):
        quotas.check_can_add_products(shop_a.tenant, current=3)


def test_unlimited_tier_never_refuses(shop_a):
    shop_a.tenant.tier = Tier.objects.get(code="premium")
    quotas.check_can_add_products(shop_a.tenant, current=1_000_000, adding=10_000)


def test_ai_credits_are_consumed_until_the_monthly_allowance_is_spent(shop_a):
    shop_a.tenant.ai_credits_override = 2
    assert quotas.consume_ai_credits(shop_a.tenant) == 1
    assert quotas.consume_ai_credits(shop_a.tenant) == 0
    with pytest.raises(quotas.QuotaExceeded, match="used your 2 AI credits"):
        quotas.consume_ai_credits(shop_a.tenant)
    assert quotas.ai_credits_left(shop_a.tenant) == 0


def test_refunded_credit_can_be_used_again(shop_a):
    shop_a.tenant.ai_credits_override = 1
    quotas.consume_ai_credits(shop_a.tenant)
    quotas.refund_ai_credits(shop_a.tenant)
    assert quotas.ai_credits_left(shop_a.tenant) == 1


@pytest.fixture
def counters(monkeypatch):
    """The registered platform counters replaced by fixed counts the test sets."""
    counts = {}
    monkeypatch.setattr(quotas, "_platform_counters", {})
    for channel in ("one", "two"):
        quotas.register_platform_counter(channel, lambda channel=channel: counts.get(channel, 0))
    return counts


def test_platform_quota_counts_every_registered_channel_together(shop_a, counters):
    counters.update(one=1, two=0)
    quotas.check_can_add_platform(shop_a.tenant)  # starter allows 2: one more is fine
    counters["two"] = 1
    with pytest.raises(quotas.QuotaExceeded, match="allows 2 marketplace accounts .* 2 are connected"):
        quotas.check_can_add_platform(shop_a.tenant)


def test_platform_quota_refusal_names_the_next_plan_with_more_accounts(shop_a, counters):
    counters["one"] = 2
    with pytest.raises(quotas.QuotaExceeded, match="The Standard plan allows 5"):
        quotas.check_can_add_platform(shop_a.tenant)
