"""A product deleted for good takes the AI texts written for it; the usage figures stay."""

from decimal import Decimal

from ai.models import Generation
from ai.options import LENGTHS, MARKETPLACES, TONES
from catalog import trash
from catalog.models import Product
from catalog.tests.factories import ProductFactory


def _generation(product, **kwargs):
    return Generation.objects.create(
        product_public_id=product.public_id,
        marketplace=next(iter(MARKETPLACES)),
        language="fr",
        tone=next(iter(TONES)),
        length=next(iter(LENGTHS)),
        facts={"title": product.title},
        status=Generation.Status.SUCCEEDED,
        title="Veste en jean",
        description="Belle veste",
        hashtags=["#jean"],
        cost_eur=Decimal("0.002"),
        **kwargs,
    )


def test_purge_clears_the_texts_of_the_product_and_keeps_the_cost(in_shop_a):
    product, other = ProductFactory(), ProductFactory()
    written, kept = _generation(product), _generation(other)
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    trash.purge(Product.objects.filter(pk=product.pk))
    written.refresh_from_db()
    assert (written.product_public_id, written.title, written.description, written.hashtags, written.facts) == (
        None,
        "",
        "",
        [],
        {},
    )
    assert written.cost_eur == Decimal("0.002")
    kept.refresh_from_db()
    assert kept.title == "Veste en jean" and kept.product_public_id == other.public_id
