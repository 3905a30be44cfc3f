"""Plans' platforms count Vinted and eBay accounts together (issue 18). Here rather than in either
app: neither marketplace imports the other."""

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from ebay.models import EbayAccount
from tenants import quotas
from vinted.models import VintedAccount

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(shop_a):
    with tenant_context(shop_a.tenant):
        EbayAccount.objects.create(marketplace_id="EBAY_FR", ebay_user_id="u1", username="alice_fr")
        VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=44, login="vera")
    return shop_a


def test_plan_limit_counts_the_vinted_and_the_ebay_accounts(one_of_each):
    with tenant_context(one_of_each.tenant):
        assert quotas.connected_platforms() == 2
        with pytest.raises(quotas.QuotaExceeded, match="allows 2 marketplace accounts"):
            quotas.check_can_add_platform(one_of_each.tenant)  # the starter plan allows 2


def test_disconnected_vinted_accounts_do_not_count(one_of_each):
    with tenant_context(one_of_each.tenant):
        VintedAccount.objects.update(status=VintedAccount.Status.DISCONNECTED)
        quotas.check_can_add_platform(one_of_each.tenant)


def test_dashboard_shows_the_accounts_of_every_channel_against_the_plan(client_a, one_of_each):
    html = client_a.get(reverse("dashboard")).content.decode()
    assert "data-platforms>2 / 2<" in html
