"""eBay's daily call limits per application: a counter per eBay day (US Pacific), not a sliding log."""

from datetime import UTC, datetime

import pytest

from ebay import budget

pytestmark = pytest.mark.django_db


def test_daily_counter_refuses_past_the_limit_until_ebays_next_day(settings, redis_client):
    settings.EBAY_TAXONOMY_CALLS_PER_DAY = 2
    evening = datetime(2026, 12, 2, 7, 30, tzinfo=UTC)  # 23:30 in California

    first, second, third = (budget.reserve_daily("taxonomy", evening) for _ in range(3))

    assert first.allowed and second.allowed and not third.allowed
    assert third.retry_at == datetime(2026, 12, 2, 8, 0, tzinfo=UTC)  # midnight Pacific (UTC-8)
    after_midnight = datetime(2026, 12, 2, 8, 1, tzinfo=UTC)
    assert budget.reserve_daily("taxonomy", after_midnight).allowed
    assert budget.daily_status("taxonomy", evening).used == 2


def test_daily_counter_gives_back_a_call_that_never_left(settings, redis_client):
    settings.EBAY_ACCOUNT_CALLS_PER_DAY = 1
    now = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)

    assert budget.reserve_daily("account", now).allowed
    budget.release_daily("account", now)

    assert budget.reserve_daily("account", now).allowed


def test_daily_api_of_names_the_counted_apis():
    assert budget.daily_api_of("https://api.ebay.com/sell/inventory/v1/offer") == "inventory"
    assert budget.daily_api_of("https://api.ebay.com/commerce/taxonomy/v1/get_default_category_tree_id") == "taxonomy"
    assert budget.daily_api_of("https://apim.ebay.com/commerce/media/v1_beta/image/create_image_from_file") is None
