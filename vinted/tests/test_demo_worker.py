"""`make run`'s order: bootstrap_demo queues the connection, a real worker makes it once the sandbox answers."""

import time

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from stoflow.celery import app as celery_app
from tenants import demo
from tests.services import CeleryWorker, use_broker
from vinted.models import VintedAccount
from vinted.sandbox.server import SandboxServer

pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_demo_shop_gets_its_sandbox_account_through_a_real_worker(committed_platform, settings):
    use_broker(celery_app, settings.CELERY_BROKER_URL)  # a fresh producer pool, whatever ran before
    sandbox = SandboxServer(port=0).start()
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = sandbox.url
    worker = CeleryWorker(
        {"DATABASE_URL": _database_url(), "VINTED_SANDBOX_URL": sandbox.url, "VINTED_SANDBOX_ENABLED": "true"}
    )
    try:
        demo.ensure_demo()  # queues the task while no worker runs yet, as in `make run`
        worker.start()
        worker.wait_ready(celery_app)
        from tenants.models import Membership

        tenant = Membership.objects.get(user__email=demo.DEMO_EMAIL).tenant
        deadline, account = time.time() + 40, None
        while time.time() < deadline and account is None:
            with tenant_context(tenant):
                account = VintedAccount.objects.filter(status="connected").first()
            time.sleep(0.3)
    finally:
        worker.stop()
        sandbox.stop()
    assert account is not None, "the worker did not connect the demo account"
    assert account.login == "demo_seller" and account.domain == "sandbox:fr"
