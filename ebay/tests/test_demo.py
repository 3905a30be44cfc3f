"""`make run`: the demo shop gets the eBay sandbox's demo seller connected, with its set-up done."""

import pytest
from django_tenants.utils import tenant_context

from ebay import demo, selectors, tasks
from ebay.models import EbayAccount
from ebay.sandbox.server import seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(ebay_sandbox):
    return seed_demo(ebay_sandbox, password=demo.DEMO_PASSWORD)


def test_demo_task_connects_the_demo_seller_with_the_seeded_policies_and_location(seeded, ebay_sandbox, shop_a):
    with tenant_context(shop_a.tenant):
        first = tasks.connect_demo_account.apply().get()
        account = EbayAccount.objects.get()
    assert first == str(account.public_id)
    assert (account.username, account.marketplace_id, account.status) == ("demo_ebay_seller", "EBAY_FR", "connected")
    settings = selectors.listing_settings(account)
    seeded_policies = ebay_sandbox.state.data["policies"]["demo_ebay_seller"]
    fr = {kind: next(p for p in seeded_policies[kind] if p["marketplaceId"] == "EBAY_FR") for kind in seeded_policies}
    assert settings.fulfillment_policy_id == fr["fulfillment"]["fulfillmentPolicyId"]
    assert settings.return_policy_id == fr["return"]["returnPolicyId"]
    assert settings.merchant_location_key == "home"
    # Nothing was created on eBay: the demo seller's own policies were chosen.
    assert [r for r in ebay_sandbox.requests_of("demo_ebay_seller") if r["method"] == "POST"] == []


def test_demo_task_again_keeps_the_one_account_and_its_set_up(seeded, shop_a):
    with tenant_context(shop_a.tenant):
        first = tasks.connect_demo_account.apply().get()
        done_at = EbayAccount.objects.get().setup_done_at
        second = tasks.connect_demo_account.apply().get()
        account = EbayAccount.objects.get()
    assert first == second and account.setup_done_at == done_at


def test_demo_task_retries_while_the_sandbox_is_down(settings, shop_a):
    from celery.exceptions import Retry

    from tests.services import free_port

    settings.EBAY_ENVIRONMENT = "local"
    settings.EBAY_SANDBOX_URL = f"http://127.0.0.1:{free_port()}"
    with tenant_context(shop_a.tenant):
        with pytest.raises(Retry):
            tasks.connect_demo_account.apply(throw=True).get()
        assert not EbayAccount.objects.exists()


def test_demo_task_without_the_demo_seller_gives_up_without_retrying(ebay_sandbox, shop_a):
    with tenant_context(shop_a.tenant):
        assert tasks.connect_demo_account.apply(throw=True).get() is None
        assert not EbayAccount.objects.exists()


def test_demo_task_never_runs_against_a_real_ebay(settings, shop_a):
    settings.EBAY_ENVIRONMENT = "sandbox"
    with tenant_context(shop_a.tenant):
        assert tasks.connect_demo_account.apply().get() is None


def test_demo_shop_ready_queues_the_task_without_arguments(ebay_sandbox, shop_a, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.connect_demo_account, "delay", lambda *a, **kw: sent.append((a, kw)))
    from tenants.demo import demo_shop_ready

    with tenant_context(shop_a.tenant):
        demo_shop_ready.send(sender=None, tenant=shop_a.tenant, user=shop_a.owner)
    assert sent == [((), {})]
