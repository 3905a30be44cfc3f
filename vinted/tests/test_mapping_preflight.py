"""Product -> Vinted item through the taxonomy ids, the pricing rule, and the pre-flight check."""

from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from catalog.taxonomy.models import Colour, Material, Size
from catalog.taxonomy.selectors import sizes_for_category
from catalog.tests.factories import ProductFactory, leaf
from vinted import mapping, services
from vinted.client import Kind, new_upload_session
from vinted.models import PricingRule
from vinted.preflight import preflight

pytestmark = pytest.mark.django_db


def _vinted(model, vinted_id):
    return model.objects.get(external_ids__contains={"vinted": vinted_id})


@pytest.fixture
def product(account):
    item = ProductFactory(
        photos=2,
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


def _fields(problems):
    return sorted({p.field for p in problems})


def test_preflight_of_a_complete_product_finds_nothing(product, account):
    assert preflight(product, account) == []


def test_preflight_lists_every_problem_at_once(account):
    product = ProductFactory(
        stock=0,
        title="SUPER DEAL T-SHIRT",
        description="",
        category=leaf(221),
        size=None,
        package_size=None,
        condition=None,
    )
    problems = preflight(product, account)
    assert _fields(problems) == ["condition", "description", "package_size", "photos", "size", "stock", "title"]
    assert all(p.message for p in problems)


def test_preflight_refuses_a_category_that_is_not_a_leaf_and_a_size_of_another_group(account):
    from catalog.taxonomy.models import Category

    parent = leaf(221).parent
    product = ProductFactory(photos=1, category=parent)
    assert "category" in _fields(preflight(product, account))
    shoe_size = (
        Size.objects.exclude(group__in=leaf(221).size_groups.all()).filter(external_ids__has_key="vinted").first()
    )
    product = ProductFactory(photos=1, size=shoe_size)
    assert _fields(preflight(product, account)) == ["size"]
    assert Category.objects.filter(is_leaf=False).exists()


def test_preflight_catches_a_too_long_title_and_description(account):
    product = ProductFactory(photos=1, size=_vinted(Size, 4))
    product.title, product.description = "t" * 101, "d" * 2001  # as if changed by a bulk edit
    assert _fields(preflight(product, account)) == ["description", "title"]


def test_preflight_of_disconnected_account_names_the_account(product, account):
    services.disconnect(account)
    assert _fields(preflight(product, account)) == ["account"]


def test_mapping_uses_taxonomy_ids_both_size_forms_and_account_currency(product, account):
    item = mapping.to_vinted_item(product, account, photo_ids=[5, 6], client=services.client_for(account))
    assert item["catalog_id"] == 221 and item["size_id"] == 4 and item["status_id"] == 2
    assert {"code": "size", "ids": [4]} in item["item_attributes"]
    assert {"code": "condition", "ids": [2]} in item["item_attributes"]
    assert {"code": "material", "ids": [44]} in item["item_attributes"]
    assert sorted(item["color_ids"]) == [12, 27] and item["package_size_id"] == 1
    assert item["currency"] == "EUR" and item["price"] == 10
    assert (item["brand_id"], item["brand"]) == (12, "Zara")  # unmapped name found by the brands lookup
    assert item["assigned_photos"] == [{"id": 5, "orientation": 0}, {"id": 6, "orientation": 0}]


def test_mapping_applies_the_shop_pricing_rule(product, account):
    PricingRule.objects.create(markup_percent=Decimal("15"), rounding="90", floor_price=Decimal("5"))
    item = mapping.to_vinted_item(product, account, photo_ids=[1])
    assert item["price"] == 11.9


def test_mapping_without_brand_sends_no_brand(product, account):
    product.brand_name = ""
    assert mapping.to_vinted_item(product, account, photo_ids=[1])["brand_id"] == mapping.NO_BRAND_ID


def test_mapped_product_publishes_on_the_sandbox(product, account, sandbox, seller):
    client = services.client_for(account)
    assert preflight(product, account) == []
    upload = new_upload_session()
    photo_ids = []
    for photo in product.photos.order_by("position"):
        with default_storage.open(photo.image) as handle:
            outcome = client.upload_photo(handle.read(), upload_session_id=upload)
        assert outcome.ok
        photo_ids.append(outcome.data["id"])
    item = mapping.to_vinted_item(product, account, photo_ids=photo_ids, client=client)
    outcome = client.create_item(item, upload_session_id=upload)
    assert outcome.kind is Kind.OK, outcome.errors
    [listing] = sandbox.listings(seller["id"])
    assert listing["title"] == "Striped cotton T-shirt"


def test_sizes_for_tshirts_include_the_mapped_size():
    assert _vinted(Size, 4) in sizes_for_category(leaf(221))
