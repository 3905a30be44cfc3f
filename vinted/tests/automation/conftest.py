"""Fixtures of the automation rules' tests (the vinted and jobs fixtures apply)."""

import datetime

import pytest
from django.utils import timezone

from vinted.tests.jobs.conftest import product, publishable, small_budget, worker_shop  # noqa: F401


@pytest.fixture
def listed(account):
    """listed(days=40, favourites=0, **product fields) -> a Listing published that many days ago
    (rows only, no request: for the planner)."""
    from vinted.jobs.models import Listing

    counter = iter(range(900000, 999999))

    def make(days=40, favourites=0, **fields):
        item = publishable(status="listed", **fields)
        return Listing.objects.create(
            product=item,
            account=account,
            item_id=next(counter),
            status="published",
            published_at=timezone.now() - datetime.timedelta(days=days),
            favourites=favourites,
        )

    return make


@pytest.fixture
def rule(account):
    from vinted.automation import services

    def make(**data):
        fields = {
            "kind": "repost",
            "mode": "ask",
            "days": list(range(7)),
            "start_time": datetime.time(0, 0),
            "end_time": datetime.time(23, 59),
            "daily_cap": 10,
            "min_age_days": 30,
            **data,
        }
        return services.save_rule(account, fields)

    return make
