"""Fixtures of the publication pages' tests (vinted/tests/conftest.py gives the sandbox account)."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from catalog.taxonomy.models import Colour, Material, Size
from catalog.tests.factories import ProductFactory
from tenants.models import Membership
from tests.clients import staying_in
from tests.factories import add_member


@pytest.fixture
def owner_a(client_a, shop_a, account):
    """Shop A's owner's client, shop A connected to a sandbox seller; the body runs in shop A."""
    with tenant_context(shop_a.tenant):
        yield staying_in(client_a, shop_a.tenant)


@pytest.fixture
def viewer_a(client, shop_a, account):
    client.force_login(add_member(shop_a, Membership.Role.VIEWER))
    with tenant_context(shop_a.tenant):
        yield staying_in(client, shop_a.tenant)


def _vinted(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


@pytest.fixture
def ready_product(in_shop_a):
    """A product that passes pre-flight: 3 photos, size, colours, material."""
    item = ProductFactory(
        photos=3,
        title="Striped cotton T-shirt",
        description="Worn twice, no marks.",
        size=_vinted(Size, 4),
        price=Decimal("10.00"),
        brand_name="Zara",
        brand=None,
    )
    item.colours.set([_vinted(Colour, 12), _vinted(Colour, 27)])
    item.materials.set([_vinted(Material, 44)])
    return item


@pytest.fixture
def make_job(account):
    """make_job(product, state=..., **fields) -> a Job row as the engine would leave it."""
    from vinted.jobs.models import Job

    def make(product=None, state=Job.State.PENDING, action=Job.Action.PUBLISH, **fields):
        return Job.objects.create(
            action=action, product=product, account=fields.pop("account", account), state=state, **fields
        )

    return make
