"""Private notes are the seller's alone: the AI never receives them."""

from django_tenants.utils import tenant_context

from ai.catalog_adapter import facts_from_product
from catalog.tests.factories import ProductFactory


def test_private_notes_never_reach_the_ai(shop_a):
    with tenant_context(shop_a.tenant):
        product = ProductFactory(
            seller_notes="Small hole on the sleeve.", private_notes="Paid 3 euros at a flea market."
        )
        facts = facts_from_product(product)
    assert "hole" in facts.flaws
    assert "flea market" not in repr(facts)
