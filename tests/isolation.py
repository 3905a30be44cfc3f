"""The tenant-isolation harness.

Every URL that takes an object id must be registered here with a way to make
such an object in shop A. The harness then requests it as shop B's owner (page
with a session, API with a token) and expects 404. `test_isolation.py` also
fails when a URL with an id has no case, so new pages cannot skip it.

Apps register cases from their own `tests/isolation_cases.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class IsolationCase:
    url_name: str  # reverse() name of the page or endpoint
    make: Callable[[Any], dict]  # builds an object in shop A -> URL kwargs
    methods: tuple[str, ...] = ("GET",)
    data: dict = field(default_factory=dict)  # POST/PUT/PATCH body
    api: bool = False  # authenticate with an API token
    params: tuple[str, ...] = ()  # keys of make()'s dict sent as query/form fields, not in the path


CASES: list[IsolationCase] = []

# URL names that take an id but are not tenant objects, with the reason.
NOT_TENANT_OBJECTS = {
    "tenants:password_reset_confirm": "a signed token, not an object id",
    "tenants:signup_confirm": "a signed token, not an object id",
    "tenants:act_as_start": "staff-only, shop chosen by audited act-as",
}


def register(*cases: IsolationCase) -> None:
    for case in cases:
        if case not in CASES:
            CASES.append(case)


@dataclass(frozen=True)
class ShopPageCase:
    """A page without an id in its URL that writes the shop's (or the person's) data. The harness
    posts to it as shop B's owner with shop A's ids added to the body, then checks shop A."""

    url_name: str
    data: dict
    untouched: Callable[[Any], bool]  # shop_a -> True when nothing of shop A changed


SHOP_PAGE_CASES: list[ShopPageCase] = []


def register_shop_pages(*cases: ShopPageCase) -> None:
    for case in cases:
        if case not in SHOP_PAGE_CASES:
            SHOP_PAGE_CASES.append(case)


@dataclass(frozen=True)
class ShopReadCase:
    """A page without an id in its URL that shows the shop's data. The harness makes something in
    shop A (`make` returns a text that shows it), opens the page as shop B's owner with shop A's
    ids in the query, and expects that text nowhere in the answer."""

    url_name: str
    make: Callable[[Any], str]


SHOP_READ_CASES: list[ShopReadCase] = []


def register_shop_reads(*cases: ShopReadCase) -> None:
    for case in cases:
        if case not in SHOP_READ_CASES:
            SHOP_READ_CASES.append(case)
