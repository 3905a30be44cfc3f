"""The description cache: one upstream call per key under concurrency, one key per shop."""

import threading

from django_tenants.utils import tenant_context

from ai import cache, grounding, pipeline, provider, selectors, services
from ai.options import GenerationOptions

OPTIONS = GenerationOptions(language="en", tone="formal", length="short")


def test_concurrent_requests_for_one_key_make_exactly_one_upstream_call(fake_openai, facts):
    fake_openai.delay = 0.4  # every caller arrives while the first is still waiting for its answer
    key = cache.cache_key(shop_id="shop-a", facts=facts, options=OPTIONS, model="gpt-4o-mini")

    def produce():
        result = provider.generate(facts, OPTIONS)
        listing = grounding.finalise(result.draft, facts, OPTIONS)
        return {"title": listing.title, "description": listing.description}

    outcomes, errors = [], []

    def request():
        try:
            outcomes.append(pipeline.fetch_or_generate(key, produce))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors and len(outcomes) == 8
    assert fake_openai.calls == 1
    assert sorted(cached for _value, cached in outcomes) == [False] + [True] * 7
    assert len({value["description"] for value, _cached in outcomes}) == 1


def test_waiter_takes_over_when_the_lock_holder_fails(fake_openai, facts):
    key = cache.cache_key(shop_id="shop-a", facts=facts, options=OPTIONS, model="m")
    lock = cache.acquire(key)
    releaser = threading.Timer(0.2, cache.release, args=(lock,))  # the holder gives up, writing nothing
    releaser.start()
    value, cached = pipeline.fetch_or_generate(key, lambda: {"title": "t", "description": "d"})
    assert value["title"] == "t" and cached is False


def test_same_facts_in_two_shops_get_two_cache_keys(facts):
    key_a = cache.cache_key(shop_id="a", facts=facts, options=OPTIONS, model="m")
    key_b = cache.cache_key(shop_id="b", facts=facts, options=OPTIONS, model="m")
    assert key_a != key_b


def test_same_product_in_shops_a_and_b_is_generated_once_per_shop(fake_openai, shop_a, shop_b, facts):
    from .conftest import give_credits

    generations = []
    for shop in (shop_a, shop_b):
        give_credits(shop, 5)
        with tenant_context(shop.tenant):
            generation = services.request_generation(facts, OPTIONS, enqueue=False)
            services.run_generation(generation.public_id, tenant=shop.tenant)
            generation.refresh_from_db()
            generations.append(generation)
    a, b = generations
    assert not a.cached and not b.cached and a.cache_key != b.cache_key
    assert fake_openai.calls == 2


def test_shop_b_cannot_read_shop_a_generation_by_id(offline_ai, shop_a, shop_b, facts):
    with tenant_context(shop_a.tenant):
        generation = services.request_generation(facts, OPTIONS, enqueue=False)
        assert selectors.generation(generation.public_id) == generation
    with tenant_context(shop_b.tenant):
        assert selectors.generation(generation.public_id) is None
        assert selectors.usage()["total"] == 0
