"""A per-shop version of the catalog's data: writes bump it, so cached figures never go stale.

The default cache prefixes keys with the shop's schema, so one shop never reads another's."""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.core.cache import cache

VERSION_KEY = "catalog:version"
P = ParamSpec("P")
R = TypeVar("R")


def version() -> int:
    return int(cache.get_or_set(VERSION_KEY, 1, None))


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def changes_products(func: Callable[P, R]) -> Callable[P, R]:
    """Bump the version after a service that writes products."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        finally:
            bump()

    return wrapper


def key(name: str, at_version: int) -> str:
    """The key `cached` keeps `name` under at a given version (for a reader that checks it itself)."""
    return f"catalog:{name}:v{at_version}"


def cached(name: str, compute, timeout: int = 120):
    return cache.get_or_set(key(name, version()), compute, timeout)
