"""Shop B, with shop A's object ids, gets 404 on every tenant page and endpoint."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tenants import tokens
from tests.isolation import CASES, NOT_TENANT_OBJECTS, SHOP_PAGE_CASES, SHOP_READ_CASES

TENANT_APPS = ("tenants", "audit", "catalog", "vinted", "ebay", "ai", "ratelimit", "notifications")
for app in TENANT_APPS:
    try:
        importlib.import_module(f"{app}.tests.isolation_cases")
    except ModuleNotFoundError:
        pass


def _url_names_with_ids(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _url_names_with_ids(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}"


def test_every_url_with_an_id_has_an_isolation_case():
    covered = {case.url_name for case in CASES} | set(NOT_TENANT_OBJECTS)
    missing = sorted(set(_url_names_with_ids()) - covered)
    assert not missing, f"add isolation cases for: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.url_name)
def test_shop_b_gets_404_for_shop_a_objects(case, client, shop_a, shop_b):
    from django_tenants.utils import tenant_context

    with tenant_context(shop_a.tenant):
        kwargs = case.make(shop_a)
    params = {key: str(kwargs.pop(key)) for key in case.params}
    url = reverse(case.url_name, kwargs=kwargs)
    headers = {}
    if case.api:
        _token, key = tokens.create(shop_b.membership, "b")
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    else:
        client.force_login(shop_b.owner)
    for method in case.methods:
        call = getattr(client, method.lower())
        kw = {"content_type": "application/json"} if case.api and method != "GET" else {}
        response = (
            call(url, {**case.data, **params}, **kw, **headers) if method != "GET" else call(url, params, **headers)
        )
        assert response.status_code == 404, f"{method} {url} as shop B answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("case", SHOP_PAGE_CASES, ids=lambda c: c.url_name)
def test_shop_b_posting_with_shop_a_ids_changes_nothing_in_shop_a(case, client, shop_a, shop_b):
    client.force_login(shop_b.owner)
    tenant = shop_a.tenant
    data = {**case.data, "tenant": str(tenant.public_id), "tenant_id": tenant.pk, "shop": str(tenant.public_id)}
    response = client.post(reverse(case.url_name), data)
    assert response.status_code < 500
    assert case.untouched(shop_a), f"POST {case.url_name} as shop B changed shop A"


@pytest.mark.django_db
@pytest.mark.parametrize("case", SHOP_READ_CASES, ids=lambda c: c.url_name)
def test_shop_b_reading_with_shop_a_ids_sees_nothing_of_shop_a(case, client, shop_a, shop_b):
    marker = case.make(shop_a)
    client.force_login(shop_b.owner)
    tenant = shop_a.tenant
    response = client.get(
        reverse(case.url_name), {"tenant": str(tenant.public_id), "tenant_id": tenant.pk, "shop": str(tenant.public_id)}
    )
    assert response.status_code == 200
    assert marker not in response.content.decode(), f"GET {case.url_name} as shop B showed shop A's data"
