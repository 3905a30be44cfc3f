"""A strict Content-Security-Policy on every page, and no page breaks it: Chromium reports no violation."""

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from catalog.tests.factories import ProductFactory
from tests.factories import PASSWORD, UserFactory, make_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SELLER_PAGES = [
    "/dashboard/",
    "/catalog/",
    "/catalog/new/",
    "/catalog/import/",
    "/team/",
    "/settings/api-tokens/",
    "/vinted/accounts/",
    "/vinted/extension/connect/",
    "/vinted/publish/",
    "/ai/",
    "/password/change/",
]
PUBLIC_PAGES = ["/", "/login/", "/signup/", "/password/reset/"]
STAFF_PAGES = ["/admin/", "/admin/tenants/tenant/", "/admin/tenants/user/add/", "/api/v1/docs/"]


def _watch_violations(page) -> list[str]:
    seen = []
    page.add_init_script("""document.addEventListener('securitypolicyviolation', (e) => {
        (window.__cspViolations = window.__cspViolations || []).push(e.violatedDirective + ' ' + e.blockedURI);
    });""")
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    return seen


def _visit(page, path, console) -> list[str]:
    response = page.goto(page.base_url + path)
    assert response.status < 400, f"{path} answered {response.status}"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    page.wait_for_load_state("networkidle")
    return [f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []")] + [
        f"{path}: {text}" for text in console
    ]


def _sign_in(page, email):
    page.goto(page.base_url + "/login/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_public_and_seller_pages_report_no_csp_violation(page):
    console = _watch_violations(page)
    violations = []
    for path in PUBLIC_PAGES:
        violations += _visit(page, path, console)
        console.clear()
    shop = make_shop("csp")
    with tenant_context(shop.tenant):
        product = ProductFactory()
    connection.set_schema_to_public()
    _sign_in(page, shop.owner.email)
    for path in SELLER_PAGES + [
        f"/catalog/{product.public_id}/",
        f"/catalog/{product.public_id}/edit/",
        f"/ai/products/{product.public_id}/",
    ]:
        violations += _visit(page, path, console)
        console.clear()
    assert violations == [], "\n".join(violations)


def test_staff_pages_and_the_api_docs_report_no_csp_violation(page):
    console = _watch_violations(page)
    UserFactory(email="staff-csp@example.com", is_staff=True, is_superuser=True)
    _sign_in(page, "staff-csp@example.com")
    violations = []
    for path in STAFF_PAGES:
        violations += _visit(page, path, console)
        console.clear()
    assert violations == [], "\n".join(violations)
