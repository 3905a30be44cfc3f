"""Photos to a listing: offline colour analysis of 8 photos, and the photo proposal on a cache hit.

Run with `.venv/bin/python scripts/stack.py bench ai_photos` (throwaway PostgreSQL and Redis).
Photos are drawn (a garment on a plain background, 8 per set at 3024×4032 like a phone's JPEG);
the upstream is the fake OpenAI-compatible server of ai/testing.py through the real SDK.
Targets: offline analysis of 8 photos <= 300 ms; photo proposal cache hit p95 <= 10 ms.
Not measured yet: the share of fields accepted unchanged on a labelled set of photo sets.
"""

import argparse
import os
import time

from common import ROOT, ai_shop, fake_ai_upstream, setup_django, summary

COLOURS = [
    (200, 40, 30),
    (40, 55, 95),
    (0, 120, 200),
    (250, 250, 250),
    (54, 154, 61),
    (102, 51, 0),
    (20, 20, 20),
    (255, 153, 204),
]


def photo_set(seed: int) -> list[bytes]:
    from ai.tests.photos import garment_photo

    main, second = COLOURS[seed % len(COLOURS)], COLOURS[(seed + 3) % len(COLOURS)]
    return [
        garment_photo(
            main,
            size=(3024, 4032),
            second=second if i % 2 else None,
            background=(236, 234, 230) if main != (250, 250, 250) else (140, 140, 140),
        )
        for i in range(8)
    ]


def bench_offline(sets: int):
    from ai import selectors
    from ai.photo_analysis import analyse_photos

    palette = selectors.marketplace_palette()
    times = []
    for seed in range(sets):
        photos = photo_set(seed)
        started = time.perf_counter()
        analysis = analyse_photos(photos, palette)
        times.append(time.perf_counter() - started)
        print(f"  set {seed}: colours {analysis.colours}")
    return summary("offline analysis of 8 phone photos", times)


def bench_proposal_hit(n: int):
    from ai import services

    photos = photo_set(0)
    times = []
    with ai_shop("bench ai photos", "aiphotos@bench.local") as shop:
        for _ in range(n + 1):
            started = time.perf_counter()
            _value, cached = services.propose_from_photos(photos, tenant=shop.tenant, language="fr")
            times.append(time.perf_counter() - started)
    return summary("photo proposal on a hit (hashes, cache, log row)", times[1:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", type=int, default=8)
    parser.add_argument("--hits", type=int, default=200)
    args = parser.parse_args()
    os.chdir(ROOT)
    setup_django()
    with fake_ai_upstream():
        offline = bench_offline(args.sets)
        hit = bench_proposal_hit(args.hits)
        print(
            f"targets: offline 8 photos <= 300 ms (p95 {offline['p95']:.0f} ms), proposal hit p95 <= 10 ms "
            f"(p95 {hit['p95']:.1f} ms): {'meets' if offline['p95'] <= 300 and hit['p95'] <= 10 else 'MISSES'}"
        )


if __name__ == "__main__":
    main()
