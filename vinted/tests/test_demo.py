"""`make run`: the demo shop is connected to the sandbox's demo seller, lazily, by a Celery task."""

import pytest
from django_tenants.utils import tenant_context

from vinted import tasks
from vinted.models import VintedAccount

pytestmark = pytest.mark.django_db


def test_demo_task_connects_the_sandbox_demo_seller_and_refreshes_on_rerun(sandbox, shop_a, redis_client):
    with tenant_context(shop_a.tenant):
        first = tasks.connect_demo_sandbox_account.apply((shop_a.tenant.schema_name,)).get()
        second = tasks.connect_demo_sandbox_account.apply((shop_a.tenant.schema_name,)).get()
        account = VintedAccount.objects.get()
    assert first == second == str(account.public_id)
    assert account.login == tasks.DEMO_SELLER and account.domain == "sandbox:fr"
    assert account.status == "connected" and account.sealed_session


def test_demo_task_retries_while_the_sandbox_is_down(settings, shop_a):
    from celery.exceptions import Retry

    from tests.services import free_port

    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = f"http://127.0.0.1:{free_port()}"
    with tenant_context(shop_a.tenant):
        with pytest.raises(Retry):
            tasks.connect_demo_sandbox_account.apply((shop_a.tenant.schema_name,), throw=True).get()
        assert not VintedAccount.objects.exists()


def test_demo_task_does_nothing_when_the_sandbox_is_disabled(settings, shop_a):
    settings.VINTED_SANDBOX_ENABLED = False
    with tenant_context(shop_a.tenant):
        assert tasks.connect_demo_sandbox_account.apply((shop_a.tenant.schema_name,)).get() is None


def test_demo_shop_ready_queues_the_task_with_the_shops_schema_only(shop_a, settings, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.connect_demo_sandbox_account, "delay", lambda *a, **kw: sent.append((a, kw)))
    settings.VINTED_SANDBOX_ENABLED = True
    from tenants.demo import demo_shop_ready

    with tenant_context(shop_a.tenant):
        demo_shop_ready.send(sender=None, tenant=shop_a.tenant, user=shop_a.owner)
    assert sent == [((shop_a.tenant.schema_name,), {})]  # nothing secret travels through the broker


@pytest.fixture
def other_server():
    """An HTTP server that is not the sandbox: it answers 404 to everything."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_demo_task_gives_up_at_once_when_the_sandbox_url_points_at_another_server(settings, shop_a, other_server):
    settings.VINTED_SANDBOX_ENABLED, settings.VINTED_SANDBOX_URL = True, other_server
    with tenant_context(shop_a.tenant):
        assert (
            tasks.connect_demo_sandbox_account.apply((shop_a.tenant.schema_name,), throw=True).get() is None
        )  # no Retry raised
        assert not VintedAccount.objects.exists()
