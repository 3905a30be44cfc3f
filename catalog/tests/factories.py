"""Factories for catalog data; create them inside a shop's schema (`in_shop_a`)."""

import datetime
import io
from decimal import Decimal

import factory
from django.utils import timezone
from PIL import Image

from catalog.models import Product, Sale
from catalog.taxonomy.models import Category, Condition, PackageSize


def image_bytes(width=800, height=600, fmt="JPEG", colour=(200, 40, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def leaf(vinted_id: int = 221) -> Category:
    return Category.objects.get(external_ids__contains={"vinted": vinted_id})


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    title = factory.Sequence(lambda n: f"Striped cotton t-shirt {n}")
    description = "Soft cotton, worn a few times."
    price = Decimal("12.50")
    cost_price = Decimal("4.00")
    stock = 1
    category = factory.LazyFunction(leaf)
    condition = factory.LazyFunction(lambda: Condition.objects.get(external_ids__contains={"vinted": 2}))
    package_size = factory.LazyFunction(lambda: PackageSize.objects.get(external_ids__contains={"vinted": 1}))
    status = Product.Status.DRAFT

    @factory.post_generation
    def photos(obj, create, extracted, **kwargs):
        """`ProductFactory(photos=2)` attaches that many real photos through the service."""
        if create and extracted:
            from django.db import connection

            from catalog import photos

            for i in range(extracted):
                photos.add_photo(connection.tenant, obj, image_bytes(colour=(20 * i, 80, 120)))


class SaleFactory(factory.django.DjangoModelFactory):
    """A sale of a product (sold, out of stock) that was listed `days_to_sell` days (10 by default) before it sold."""

    class Meta:
        model = Sale
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory, status=Product.Status.SOLD, stock=0)
    price = Decimal("18.00")
    currency = "EUR"
    sold_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def days_to_sell(obj, create, extracted, **kwargs):
        if create and obj.product_id:
            listed_at = obj.sold_at - datetime.timedelta(days=10 if extracted is None else extracted)
            Product.objects.filter(pk=obj.product_id).update(listed_at=listed_at)
