"""Fixtures of the ai app: the fake OpenAI-compatible server, the description cache, credits."""

import pytest

from ai import cache
from ai.facts import ProductFacts
from ai.testing import FakeOpenAI


@pytest.fixture
def ai_cache():
    """The description cache, emptied of our keys around the test."""
    store = cache.store()

    def flush():
        store.delete_pattern("llm*")

    flush()
    yield store
    flush()


@pytest.fixture
def fake_openai(settings, ai_cache):
    server = FakeOpenAI().start()
    settings.AI_API_KEY = "sk-test-not-a-real-key"
    settings.AI_BASE_URL = server.base_url
    settings.AI_MODEL = "gpt-4o-mini"
    settings.AI_TIMEOUT_SECONDS = 5.0
    yield server
    server.stop()


@pytest.fixture
def offline_ai(settings, ai_cache):
    settings.AI_API_KEY = ""


def give_credits(shop, credits: int):
    shop.tenant.ai_credits_override = credits
    shop.tenant.save(update_fields=["ai_credits_override"])


@pytest.fixture
def credits_a(in_shop_a):
    give_credits(in_shop_a, 10)
    return in_shop_a


@pytest.fixture
def facts():
    return ProductFacts(
        title="Veste en jean",
        brand="Levi's",
        category="Women › Clothing › Jackets",
        size="M",
        colours=("Blue",),
        materials=("Cotton",),
        condition="very_good",
        gender="women",
        measurements="chest 52 cm, length 60 cm",
        flaws="small stain on the left sleeve",
        details="worn twice",
        tags=("vintage",),
    )


@pytest.fixture
def bare_facts():
    """Nothing known beyond a title: brand, size, material and condition must stay unstated."""
    return ProductFacts(title="Pull col roulé", flaws="petit trou sur le col")
