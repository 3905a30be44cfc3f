"""Product services: creation, rules, quota, duplicates, soft delete, bulk changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from catalog import services, trash
from catalog.models import Product
from catalog.taxonomy.models import Brand, Colour, Material, Size
from catalog.tests.factories import ProductFactory, image_bytes, leaf


def data(**overrides):
    base = {"sku": "NEW-1", "title": "Linen shirt", "price": Decimal("20.00"), "stock": 1, "category": leaf(221)}
    base.update(overrides)
    return base


def test_assert_publishable_stock_zero_raises(in_shop_a):
    product = ProductFactory(stock=0)
    with pytest.raises(services.NotPublishable, match="stock 0"):
        services.assert_publishable(product)


def test_assert_publishable_in_stock_passes(in_shop_a):
    services.assert_publishable(ProductFactory(stock=2))


def test_create_product_with_photos_stores_them_in_order(in_shop_a):
    product = services.create_product(in_shop_a.tenant, data(), photos=[image_bytes(), image_bytes(300, 900)])
    assert [p.position for p in product.photos.all()] == [0, 1]
    assert product.photos.last().height == 900 and product.photo_count == 2


def test_create_product_typed_known_brand_maps_it(in_shop_a):
    product = services.create_product(in_shop_a.tenant, data(brand_name="zara"))
    assert product.brand == Brand.objects.get(name_en="Zara") and not product.brand_unmapped


def test_create_product_unknown_brand_is_flagged_unmapped(in_shop_a):
    product = services.create_product(in_shop_a.tenant, data(brand_name="Atelier Inconnu"))
    assert product.brand is None and product.brand_unmapped and product.brand_name == "Atelier Inconnu"


def test_create_product_duplicate_sku_names_the_sku_field(in_shop_a):
    ProductFactory(sku="NEW-1")
    with pytest.raises(ValidationError) as error:
        services.create_product(in_shop_a.tenant, data())
    assert "sku" in error.value.message_dict


def test_create_product_three_colours_four_materials_refused(in_shop_a):
    with pytest.raises(ValidationError) as error:
        services.create_product(
            in_shop_a.tenant, data(colours=list(Colour.objects.all()[:3]), materials=list(Material.objects.all()[:4]))
        )
    assert {"colours", "materials"} <= set(error.value.message_dict)


def test_create_product_size_outside_category_group_refused(in_shop_a):
    mens_shoe_size = Size.objects.get(external_ids__contains={"vinted": 776})
    with pytest.raises(ValidationError) as error:
        services.create_product(in_shop_a.tenant, data(size=mens_shoe_size))
    assert "size" in error.value.message_dict


def test_create_product_over_quota_refused_with_message(in_shop_a, product_limit):
    product_limit(1)
    ProductFactory()
    with pytest.raises(services.QuotaExceeded, match="allows 1 products"):
        services.create_product(in_shop_a.tenant, data())
    assert Product.objects.count() == 1


def test_create_product_archived_products_do_not_count_against_quota(in_shop_a, product_limit):
    product_limit(1)
    ProductFactory(status=Product.Status.ARCHIVED)
    services.create_product(in_shop_a.tenant, data())


def test_create_product_bad_photo_creates_nothing(in_shop_a):
    with pytest.raises(services.PhotoRejected):
        services.create_product(in_shop_a.tenant, data(), photos=[b"not an image"])
    assert not Product.objects.exists()


def test_duplicate_product_copies_fields_and_photos_as_draft(in_shop_a):
    source = ProductFactory(photos=2, status=Product.Status.LISTED)
    source.colours.set(Colour.objects.all()[:2])
    copy = services.duplicate_product(in_shop_a.tenant, source)
    assert copy.sku == f"{source.sku}-copy" and copy.status == Product.Status.DRAFT
    assert copy.photos.count() == 2 and copy.colours.count() == 2 and copy.title == source.title


def test_soft_delete_then_restore_brings_product_back(in_shop_a):
    product = ProductFactory()
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    assert not Product.objects.alive().filter(pk=product.pk).exists()
    trash.restore(in_shop_a.tenant, Product.objects.filter(pk=product.pk))
    assert Product.objects.alive().filter(pk=product.pk).exists()


def test_restore_sku_reused_meanwhile_refused(in_shop_a):
    product = ProductFactory(sku="X-1")
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    ProductFactory(sku="X-1")
    with pytest.raises(ValidationError, match="X-1"):
        trash.restore(in_shop_a.tenant, Product.objects.filter(pk=product.pk))


def test_deleted_sku_can_be_reused(in_shop_a):
    product = ProductFactory(sku="X-2")
    trash.soft_delete(Product.objects.filter(pk=product.pk))
    services.create_product(in_shop_a.tenant, data(sku="X-2"))


def test_change_price_by_percent_rounds_to_cents(in_shop_a):
    product = ProductFactory(price=Decimal("9.99"))
    services.change_price_by_percent(Product.objects.filter(pk=product.pk), Decimal("-15"))
    product.refresh_from_db()
    assert product.price == Decimal("8.49")


def test_change_price_by_minus_100_percent_refused(in_shop_a):
    with pytest.raises(ValidationError):
        services.change_price_by_percent(Product.objects.all(), Decimal("-100"))


def test_status_sold_records_sold_at_and_listed_records_listed_at(in_shop_a):
    product = ProductFactory()
    services.mark_listed(product)
    services.mark_sold(product)
    product.refresh_from_db()
    assert product.listed_at and product.sold_at
