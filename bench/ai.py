"""AI description cache: hit latency and hit rate on a replayed seller workload.

Run with `make bench BENCH=ai` (throwaway PostgreSQL and Redis). The upstream is the fake
OpenAI-compatible server of ai/testing.py on loopback, called through the real SDK.
Targets: cache-hit p95 <= 5 ms; hit rate above 70 % on the replayed workload.
"""

import argparse
import os
import random
import time
from dataclasses import replace

from common import ROOT, ai_shop, clear_llm_cache, fake_ai_upstream, setup_django, summary


def produce_for(facts, options):
    from ai import grounding, provider

    def produce():
        result = provider.generate(facts, options)
        listing = grounding.finalise(result.draft, facts, options)
        return {
            "title": listing.title,
            "description": listing.description,
            "hashtags": listing.hashtags,
            "model": result.model,
            "tokens_in": result.tokens_in,
            "tokens_out": result.tokens_out,
            "cost_eur": provider.cost_eur(result.model, result.tokens_in, result.tokens_out),
        }

    return produce


def catalogue(rng, shop: int, size: int):
    """A shop's products; about 30 % are duplicated stock (the same item listed again)."""
    from ai.facts import ProductFacts

    brands = ["Levi's", "Zara", "Nike", "Sézane", "Petit Bateau", "", "Kiabi", "Adidas"]
    kinds = ["Jean droit", "Veste en jean", "Robe midi", "Pull col roulé", "Sweat à capuche", "Chemise en lin"]
    products = []
    for i in range(size):
        if products and rng.random() < 0.3:
            products.append(rng.choice(products))
            continue
        products.append(
            ProductFacts(
                title=f"{rng.choice(kinds)} {i}",
                brand=rng.choice(brands),
                size=rng.choice(["XS", "S", "M", "L", "38", ""]),
                colours=(rng.choice(["Blue", "Black", "White", "Red"]),),
                materials=(rng.choice(["Cotton", "Wool", ""]),),
                condition=rng.choice(["new_with_tags", "very_good", "good"]),
                category="Women › Clothing",
                flaws=rng.choice(["", "", "small stain on the hem", "pilling on the sleeves"]),
                public_id=f"{shop}-{i}",
            )
        )
    return products


def workload(rng, shops: int, requests: int):
    """(shop, facts, options) requests: bulk runs over selections, single requests, regenerations."""
    from ai.options import GenerationOptions

    default = GenerationOptions(language="fr", tone="friendly", length="medium")
    catalogues = {s: catalogue(rng, s, 60) for s in range(shops)}
    history = {s: [] for s in range(shops)}
    out = []
    while len(out) < requests:
        shop = rng.randrange(shops)
        roll = rng.random()
        if roll < 0.35:  # bulk generation over a selection (drafts, often overlapping earlier runs)
            start = rng.randrange(0, 50)
            batch = [(shop, f, default) for f in catalogues[shop][start : start + 10]]
        elif roll < 0.75:  # "Write with AI" on one product, usually with the default options
            options = (
                default
                if rng.random() < 0.7
                else GenerationOptions(
                    language="fr",
                    tone=rng.choice(["friendly", "formal", "fun"]),
                    length=rng.choice(["short", "medium", "long"]),
                )
            )
            batch = [(shop, rng.choice(catalogues[shop]), options)]
        else:  # regenerate: the same product and options again (reload, retry, switching back a tone)
            if not history[shop]:
                continue
            batch = [rng.choice(history[shop][-5:])]
        for request in batch:
            shop_, facts, options = request
            if rng.random() < 0.2:  # the seller retyped a field: spaces and case differ
                facts = replace(
                    facts,
                    title=f"  {facts.title.upper() if rng.random() < 0.5 else facts.title}  ",
                    condition=facts.condition.upper(),
                )
            history[shop_].append((shop_, facts, options))
            out.append((shop_, facts, options))
    return out[:requests]


def raw_key(shop, facts, options):
    import dataclasses
    import hashlib
    import json

    blob = json.dumps([shop, dataclasses.asdict(facts), options.as_dict()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def bench_hit_latency(n: int):
    from ai import cache, pipeline
    from ai.facts import ProductFacts
    from ai.options import GenerationOptions

    facts = ProductFacts(
        title="Veste en jean",
        brand="Levi's",
        size="M",
        materials=("Cotton",),
        condition="very_good",
        flaws="small stain on the left sleeve",
    )
    options = GenerationOptions(language="fr")
    key = cache.cache_key(shop_id="bench-latency", facts=facts, options=options, model="gpt-4o-mini")
    produce = produce_for(facts, options)
    misses = []
    for i in range(30):  # baseline: the upstream path (loopback fake server, no model time at all)
        k = f"{key}:miss{i}"
        started = time.perf_counter()
        pipeline.fetch_or_generate(k, produce)
        misses.append(time.perf_counter() - started)
    hits = []
    for _ in range(n):
        started = time.perf_counter()
        value, cached = pipeline.fetch_or_generate(key, produce)
        hits.append(time.perf_counter() - started)
        assert cached or len(hits) == 1
    hits = hits[1:]
    hit = summary("cache hit (Redis GET + decode)", hits)
    miss = summary("miss: SDK call to loopback fake server", misses)
    print(f"a hit is {miss['p50'] / hit['p50']:.1f}x faster than even a zero-latency upstream call at p50")
    return hit


def bench_service_hit(n: int):
    """The whole worker path on a hit: claim the row, read the cache, log the generation."""
    from ai import services
    from ai.facts import ProductFacts
    from ai.options import GenerationOptions

    facts, options = ProductFacts(title="Pull", brand="Kiabi", size="S"), GenerationOptions()
    times = []
    with ai_shop("bench ai", "ai@bench.local") as shop:
        for _ in range(n + 1):
            generation = services.request_generation(facts, options, enqueue=False)
            started = time.perf_counter()
            services.run_generation(generation.public_id, tenant=shop.tenant)
            times.append(time.perf_counter() - started)
    summary("worker path on a hit (incl. PostgreSQL writes)", times[1:])


def bench_hit_rate(requests: int, shops: int, seed: int):
    from ai import cache, pipeline

    rng = random.Random(seed)
    replay = workload(rng, shops, requests)
    hits = upstream = raw_hits = 0
    seen_raw = set()
    started = time.perf_counter()
    for shop, facts, options in replay:
        key = cache.cache_key(shop_id=f"bench-shop-{shop}", facts=facts, options=options, model="gpt-4o-mini")
        _value, cached = pipeline.fetch_or_generate(key, produce_for(facts, options))
        hits += cached
        upstream += not cached
        rk = raw_key(shop, facts, options)
        raw_hits += rk in seen_raw
        seen_raw.add(rk)
    elapsed = time.perf_counter() - started
    print(
        f"replayed {len(replay)} requests from {shops} shops in {elapsed:.1f} s: {hits} hits, {upstream} upstream calls"
    )
    print(
        f"hit rate {hits / len(replay) * 100:.1f} % with normalised keys "
        f"(raw, un-normalised keys would give {raw_hits / len(replay) * 100:.1f} %)"
    )
    return hits / len(replay)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--shops", type=int, default=5)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    # Celery's Django fix-up puts the working directory first on sys.path, where this very file
    # would shadow the ai package.
    os.chdir(ROOT)
    setup_django()
    with fake_ai_upstream():
        clear_llm_cache()
        print(
            "Workload: 60 products per shop (30 % duplicated stock); requests are 35 % bulk runs of 10, "
            "40 % single (70 % default options), 25 % regenerations of a recent request; 20 % retyped fields."
        )
        hit = bench_hit_latency(args.hits)
        bench_service_hit(200)
        rate = bench_hit_rate(args.requests, args.shops, args.seed)
        verdict = "meets" if hit["p95"] <= 5 and rate > 0.70 else "MISSES"
        print(f"targets: cache-hit p95 <= 5 ms and hit rate > 70 %: {verdict}")


if __name__ == "__main__":
    main()
