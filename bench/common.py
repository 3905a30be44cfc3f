"""Helpers for the benchmark scripts: Django set-up, percentile figures, the AI benchmarks' upstream and shop."""

import os
import statistics
import sys
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def setup_django() -> None:
    # bench/catalog.py, bench/ai.py... share names with the apps: keep bench/ off the path.
    sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")
    import django

    django.setup()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[rank]


def summary(label: str, seconds: list[float], unit: str = "ms") -> dict:
    scale = 1000 if unit == "ms" else 1
    figures = {
        "n": len(seconds),
        "p50": percentile(seconds, 50) * scale,
        "p95": percentile(seconds, 95) * scale,
        "p99": percentile(seconds, 99) * scale,
        "mean": statistics.fmean(seconds) * scale,
    }
    print(
        f"{label:<44} n={figures['n']:<5} p50={figures['p50']:9.2f} {unit}  p95={figures['p95']:9.2f} {unit}"
        f"  p99={figures['p99']:9.2f} {unit}"
    )
    return figures


def clear_llm_cache() -> None:
    from ai import cache

    cache.store().delete_pattern("llm*")


@contextmanager
def fake_ai_upstream():
    """The fake OpenAI-compatible server of ai/testing.py as the AI upstream; the LLM cache is emptied after."""
    import logging

    logging.getLogger("httpx2").setLevel(logging.WARNING)
    logging.getLogger("ai").setLevel(logging.WARNING)
    from django.conf import settings

    from ai.testing import FakeOpenAI

    fake = FakeOpenAI().start()
    settings.AI_API_KEY = "sk-bench-not-a-real-key"
    settings.AI_BASE_URL = fake.base_url
    settings.AI_MODEL = "gpt-4o-mini"
    try:
        yield fake
    finally:
        fake.stop()
        clear_llm_cache()


@contextmanager
def ai_shop(name: str, owner_email: str):
    """A throwaway shop with AI credits, active on the connection; deleted after."""
    from django_tenants.utils import tenant_context

    from tenants import provisioning

    shop = provisioning.provision_shop(name=name, owner_email=owner_email, password="bench-password-1")
    try:
        shop.tenant.ai_credits_override = 10
        shop.tenant.save()
        with tenant_context(shop.tenant):
            yield shop
    finally:
        provisioning.delete_shop(shop.tenant)
