"""Helpers for the benchmark scripts: Django set-up and percentile figures."""
import os
import statistics
import sys
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
    figures = {"n": len(seconds), "p50": percentile(seconds, 50) * scale, "p95": percentile(seconds, 95) * scale,
               "p99": percentile(seconds, 99) * scale, "mean": statistics.fmean(seconds) * scale}
    print(f"{label:<44} n={figures['n']:<5} p50={figures['p50']:9.2f} {unit}  p95={figures['p95']:9.2f} {unit}"
          f"  p99={figures['p99']:9.2f} {unit}")
    return figures
