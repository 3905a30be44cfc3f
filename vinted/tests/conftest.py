"""Fixtures of the vinted app's tests."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants import tokens


@pytest.fixture
def token_a(shop_a) -> str:
    _token, key = tokens.create(shop_a.membership, "extension")
    return key


@pytest.fixture
def post_session(client, token_a):
    """POSTs an export to the extension's endpoint with shop A's API token."""

    def post(payload, key=None):
        return client.post(
            reverse("vinted-session"),
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key or token_a}",
        )

    return post


@pytest.fixture
def accounts_of(db):
    """accounts_of(shop) -> list of that shop's VintedAccount rows (read in its schema)."""
    from vinted.models import VintedAccount

    def read(shop):
        with tenant_context(shop.tenant):
            return list(VintedAccount.objects.all())

    return read


@pytest.fixture(scope="session")
def sandbox_server():
    """The Vinted sandbox over real HTTP, on a free port, for the whole run."""
    from vinted.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server, settings):
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = sandbox_server.url
    sandbox_server.clear_faults()
    yield sandbox_server
    sandbox_server.clear_faults()


@pytest.fixture
def steady_datadome(sandbox):
    """The sandbox stops re-issuing the datadome cookie (it does on every Nth response) for one test."""
    every = sandbox.state.config["datadome_every"]
    sandbox.configure(datadome_every=0)
    yield
    sandbox.configure(datadome_every=every)


@pytest.fixture
def seller(sandbox):
    import uuid

    return sandbox.create_seller(f"seller-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def export_of(sandbox):
    """export_of(seller) -> the extension's payload for a signed-in sandbox seller."""

    def build(seller_row, **overrides):
        issued = sandbox.issue_session(seller_row["id"])
        payload = {
            "domain": issued["domain"],
            "vinted_user_id": issued["vinted_user_id"],
            "captured_at": "2026-03-01T10:15:00Z",
            "cookies": {**issued["cookies"], "refresh_token_web": issued["refresh_token_web"]},
            "csrf_token": issued["csrf_token"],
            "anon_id": issued["anon_id"],
            "user_agent": issued["user_agent"],
            "locale": issued["locale"],
            "ua_client_hints": {
                "brands": [{"brand": "Chromium", "version": "126"}],
                "platform": "Linux",
                "mobile": False,
            },
        }
        payload.update(overrides)
        return payload

    return build


@pytest.fixture
def account(in_shop_a, sandbox, seller, export_of, redis_client):
    """Shop A's account on a sandbox seller, connected through the endpoint's service."""
    from vinted import services
    from vinted.sessions import VintedSession

    payload = export_of(seller)
    session = VintedSession(
        cookies=payload["cookies"],
        csrf_token=payload["csrf_token"],
        anon_id=payload["anon_id"],
        user_agent=payload["user_agent"],
        ua_client_hints=payload["ua_client_hints"],
        locale=payload["locale"],
    )
    capture = services.Capture(domain=payload["domain"], session=session, vinted_user_id=seller["id"])
    connected, _created = services.connect(capture, tenant=in_shop_a.tenant)
    return connected


@pytest.fixture
def jpeg():
    import io

    from PIL import Image

    def make(colour=(200, 30, 30)) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (800, 1000), colour).save(buffer, "JPEG")
        return buffer.getvalue()

    return make


@pytest.fixture
def run_job():
    """Runs a job in this process exactly as the worker's task does (same engine, real sandbox)."""
    from vinted.jobs import engine
    from vinted.jobs.models import Job

    def run(job):
        engine.run(job.pk)
        return Job.objects.get(pk=job.pk)

    return run
