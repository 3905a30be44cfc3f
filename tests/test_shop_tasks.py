"""The one way a task runs in a shop's schema: stoflow.tasks.ShopTask (docs/architecture.md, "Processes")."""

import inspect

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from stoflow.celery import app
from stoflow.tasks import NotAShop, ShopTask

pytestmark = pytest.mark.django_db


@app.task(name="tests.shop_task_probe", base=ShopTask)
def probe(shop, value):
    return shop.pk, connection.schema_name, value


def test_shop_task_runs_its_body_in_the_named_shops_schema_with_the_shop(shop_a, shop_b):
    # Sent from another shop's context (as the dispatcher sends from public): the argument decides.
    with tenant_context(shop_b.tenant):
        result = probe.apply((shop_a.tenant.schema_name, 7)).get()
    assert result == (shop_a.tenant.pk, shop_a.tenant.schema_name, 7)


def test_shop_task_sent_with_the_public_schema_is_refused(shop_a):
    with pytest.raises(NotAShop):
        probe.apply(("public", 7), throw=True).get()
    with pytest.raises(NotAShop):
        probe.apply(("", 7), throw=True).get()


def test_shop_task_for_a_closed_shop_does_nothing(shop_a):
    assert probe.apply(("no_such_shop", 7)).get() is None


def test_every_task_that_works_in_a_shop_is_a_shop_task():
    app.loader.import_default_modules()
    for name, task in app.tasks.items():
        if name.startswith("celery."):
            continue
        parameters = list(inspect.signature(task.run).parameters)
        assert "schema_name" not in parameters, f"{name}: take the shop through ShopTask, not a schema name"
        if parameters[:1] == ["shop"]:
            assert isinstance(task, ShopTask), name
