"""The first-run checklist on the dashboard: each step ticks itself and links to where to do it."""

import re

from django.urls import reverse
from django_tenants.utils import tenant_context

from catalog import extensions
from catalog.tests.factories import ProductFactory


def _steps(body) -> dict:
    return dict(re.findall(r'data-step="(\w+)" data-done="(yes|no)"', body))


def test_empty_dashboard_shows_the_checklist_with_a_link_for_each_step(client_a):
    body = client_a.get(reverse("dashboard")).content.decode()
    assert "data-checklist" in body
    steps = _steps(body)
    assert steps["product"] == "no" and len(steps) == 1 + len(extensions.setup_steps())
    assert f'<a href="{reverse("catalog:create")}">Add a product</a>' in body


def test_checklist_ticks_add_a_product_once_there_is_one(client_a, shop_a):
    with tenant_context(shop_a.tenant):
        ProductFactory()
    body = client_a.get(reverse("dashboard")).content.decode()
    assert _steps(body)["product"] == "yes"


def test_checklist_disappears_once_every_step_is_done(client_a, shop_a, monkeypatch):
    monkeypatch.setitem(extensions._registries, extensions.SetupStep, {})
    extensions.register(
        extensions.SetupStep(
            name="other", label="Other step", done=lambda request: True, url=lambda request: "/elsewhere/"
        )
    )
    with tenant_context(shop_a.tenant):
        ProductFactory()
    assert "data-checklist" not in client_a.get(reverse("dashboard")).content.decode()
