"""The taxonomy seeded from the Vinted reference tables."""

import pytest
from django.utils import translation

from catalog.taxonomy import selectors
from catalog.taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size, SizeGroup

pytestmark = pytest.mark.django_db


def vinted(model, vinted_id):
    return selectors.by_external_id(model, "vinted", vinted_id)


def test_seed_colours_use_the_correct_vinted_ids():
    assert vinted(Colour, 9).name_en == "Blue"
    assert vinted(Colour, 7).name_en == "Red"
    assert vinted(Colour, 10).name_en == "Green"
    assert Colour.objects.count() == 29


def test_seed_leaf_221_sits_under_tops_12_under_women():
    tshirts = vinted(Category, 221)
    assert tshirts.is_leaf
    assert selectors.external_id(tshirts.parent) == 12
    assert not tshirts.parent.is_leaf
    assert selectors.external_id(tshirts.parent.parent.parent) == 1904


def test_seed_size_group_4_holds_womens_sizes_and_serves_womens_tops():
    group = vinted(SizeGroup, 4)
    assert selectors.external_id(vinted(Size, 4)) == 4 and vinted(Size, 4).group == group
    assert group.sizes.count() == 17
    assert set(selectors.sizes_for_category(vinted(Category, 221))) == set(group.sizes.all())
    assert not selectors.sizes_for_category(vinted(Category, 156)).exists()  # handbags: no size


def test_seed_every_condition_package_size_material_and_brand():
    assert sorted(selectors.external_id(c) for c in Condition.objects.all()) == [1, 2, 3, 4, 6, 7]
    assert sorted(selectors.external_id(p) for p in PackageSize.objects.all()) == [1, 2, 3, 5]
    assert Material.objects.count() == 15 and vinted(Material, 44).name_en == "Cotton"
    assert vinted(Brand, 12).name_en == "Zara"


def test_seed_mens_shoes_half_sizes_take_the_odd_ids():
    assert vinted(Size, 777).name_en == "38.5"
    assert vinted(Size, 794).name_en == "47"


def test_label_follows_the_active_language():
    condition = vinted(Condition, 2)
    with translation.override("fr"):
        assert condition.label == "Très bon état"
    with translation.override("en"):
        assert str(condition) == "Very good"


def test_external_id_of_nothing_or_unmapped_is_none():
    assert selectors.external_id(None) is None
    assert selectors.external_id(Brand(name_en="Unknown")) is None
    assert vinted(Brand, 999999) is None


def test_admin_adds_a_category_the_type_ahead_finds_it_with_its_path(admin_client):
    parent = Category.objects.get(external_ids__vinted=12)
    response = admin_client.post(
        "/admin/taxonomy/category/add/",
        {
            "name_en": "Ponchos",
            "name_fr": "Ponchos",
            "parent": parent.pk,
            "is_leaf": "on",
            "external_ids": "{}",
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    found = selectors.search_categories("ponchos")
    assert [c.name_en for c in found] == ["Ponchos"]
    parent.refresh_from_db()
    assert found[0].path_en == parent.path_en + " › Ponchos"
