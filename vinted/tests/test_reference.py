"""Vinted reference data: refreshed from the sandbox through a connected account, stored per site,
retired not deleted, the fixture until a first snapshot (docs/vinted.md, "Reference data")."""

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.taxonomy.models import Category, CategoryMapping
from vinted.reference import selectors, services
from vinted.reference.models import CatalogNode, ReferenceBrand, SiteReference

SITE = "sandbox:fr"


@pytest.fixture
def changing_tree(sandbox):
    """The session's sandbox with its generated tree restored after the test."""
    yield sandbox
    sandbox.reset_tree()


def _refresh():
    connection.set_schema_to_public()
    return services.refresh_site(SITE)


def _category(vinted_id):
    return Category.objects.get(external_ids__contains={"vinted": vinted_id})


def test_refresh_stores_the_sandbox_tree_rules_and_brands_and_maps_the_categories(account):
    reference = _refresh()
    assert reference.fetched_at and not reference.last_error
    assert reference.node_count >= 300 and reference.leaf_count >= 200 and reference.brand_count >= 2000
    assert ReferenceBrand.objects.filter(site=SITE, vinted_id=12, title="Zara").exists()
    tshirts = CatalogNode.objects.get(site=SITE, vinted_id=221)
    assert tshirts.is_leaf and tshirts.size_group_ids == [4] and tshirts.condition_ids == [6, 1, 2, 3, 4]
    assert tshirts.path_fr == "Femmes › Vêtements › Hauts et t-shirts › T-shirts"
    assert {"brand", "color", "condition", "size"} <= tshirts.required_codes()
    assert CatalogNode.objects.filter(site=SITE, restricted_to_status_id=6, is_leaf=True).exists()
    several = CatalogNode.objects.filter(site=SITE, is_leaf=True, size_group_ids__len__gt=1).first()
    assert several is not None
    assert _category(several.vinted_id).size_groups.count() == len(several.size_group_ids)
    assert CategoryMapping.objects.get(category=_category(221), marketplace="vinted", site=SITE).external_id == 221
    leaf_categories = Category.objects.filter(is_leaf=True, is_active=True, mappings__site=SITE).count()
    assert leaf_categories == reference.leaf_count
    assert selectors.source(SITE) == selectors.LIVE


def test_without_a_snapshot_the_fixture_is_used_and_said_so(db, sandbox, settings):
    with pytest.raises(services.NoAccount):
        services.refresh_site(SITE)
    assert selectors.source(SITE) == selectors.FIXTURE
    assert selectors.rules_for(SITE, 221) is None
    assert SiteReference.objects.get(site=SITE).last_error.startswith("no connected account")


def test_a_failed_refresh_keeps_the_previous_snapshot(account, sandbox):
    first = _refresh()
    sandbox.add_fault("server_error", route="lookups.package_sizes", status=503)
    with pytest.raises(services.RefreshFailed):
        _refresh()
    kept = SiteReference.objects.get(site=SITE)
    assert kept.fetched_at == first.fetched_at and kept.node_count == first.node_count
    assert "package_sizes" in kept.last_error and kept.attempted_at > first.fetched_at
    assert CatalogNode.objects.filter(site=SITE, retired_at__isnull=True).count() == first.node_count
    assert selectors.rules_for(SITE, 221).package_size_ids == (1, 2, 3)


def test_a_tree_change_moves_a_leaf_and_retires_a_node_without_deleting_it(account, changing_tree):
    _refresh()
    blouses, dresses = 1043, 10
    changing_tree.change_tree(retire=[221], move={blouses: dresses})
    _refresh()
    retired = CatalogNode.objects.get(site=SITE, vinted_id=221)
    assert retired.retired_at is not None
    assert selectors.rules_for(SITE, 221).retired
    assert CategoryMapping.objects.get(category=_category(221), site=SITE).retired_at is not None
    assert not _category(221).is_active
    assert CatalogNode.objects.get(site=SITE, vinted_id=blouses).parent_vinted_id == dresses
    assert _category(blouses).parent == _category(dresses)
    assert "Dresses" in _category(blouses).path()

    changing_tree.reset_tree()
    _refresh()
    assert CatalogNode.objects.get(site=SITE, vinted_id=221).retired_at is None and _category(221).is_active


def test_the_command_refreshes_one_site(account, capsys):
    connection.set_schema_to_public()
    call_command("refresh_vinted_reference", site=SITE)
    assert "leaves" in capsys.readouterr().out
    assert selectors.source(SITE) == selectors.LIVE


def _live_product(vinted_leaf, **fields):
    """A complete product in a category that only the live tree has (none of the seed's leaves)."""
    from decimal import Decimal

    from catalog.taxonomy.models import Colour, Condition, Material, PackageSize, Size
    from catalog.tests.factories import ProductFactory

    category = _category(vinted_leaf.vinted_id)
    reference = SiteReference.objects.get(site=SITE)
    size = None
    if vinted_leaf.size_group_ids:
        group = reference.size_groups[str(vinted_leaf.size_group_ids[-1])]
        size = Size.objects.get(external_ids__contains={"vinted": group["sizes"][0]["id"]})
    condition = Condition.objects.get(external_ids__contains={"vinted": vinted_leaf.condition_ids[0]})
    package = PackageSize.objects.get(external_ids__contains={"vinted": vinted_leaf.package_size_ids[0]})
    product = ProductFactory(
        photos=1,
        category=category,
        size=size,
        condition=condition,
        package_size=package,
        brand_name="Zara",
        brand=None,
        price=Decimal("14.00"),
        **fields,
    )
    product.colours.set([Colour.objects.get(external_ids__contains={"vinted": 12})])
    product.materials.set([Material.objects.get(external_ids__contains={"vinted": 44})])
    return product


def test_publishing_a_product_in_a_category_from_the_live_tree_passes_against_the_sandbox(
    account, seller, sandbox, shop_a, in_shop_a
):
    from vinted.jobs import engine
    from vinted.jobs import services as jobs
    from vinted.jobs.models import Job
    from vinted.preflight import preflight

    _refresh()
    connection.set_tenant(shop_a.tenant)
    # Women › Clothing › Trousers & leggings › …: generated, two size groups (4 and 78).
    leaf = CatalogNode.objects.filter(site=SITE, is_leaf=True, size_group_ids=[4, 78]).first()
    product = _live_product(leaf, title="Flared trousers", description="Navy, worn once.")
    assert preflight(product, account) == []
    [job] = jobs.request_publication(account, [product], user=shop_a.owner)
    engine.run(job.pk)
    job = Job.objects.get(pk=job.pk)
    assert job.state == "completed", job.last_error
    [remote] = sandbox.listings(seller["id"])
    assert remote["catalog_id"] == leaf.vinted_id and remote["size_id"] == product.size.external_ids["vinted"]


def test_preflight_uses_the_live_rules_and_names_a_retired_category(account, changing_tree, shop_a):
    from catalog.taxonomy.models import Condition, Material
    from vinted.preflight import RETIRED_CATEGORY, preflight

    _refresh()
    restricted = CatalogNode.objects.filter(site=SITE, is_leaf=True, restricted_to_status_id=6).first()
    designer = CatalogNode.objects.filter(site=SITE, is_leaf=True, path_en__startswith="Designer").first()
    connection.set_tenant(shop_a.tenant)
    product = _live_product(restricted)
    product.condition = Condition.objects.get(external_ids__contains={"vinted": 2})
    assert [p.field for p in preflight(product, account)] == ["condition"]
    product = _live_product(designer)
    product.materials.set([])
    assert [p.field for p in preflight(product, account)] == ["material"]
    product.materials.set([Material.objects.get(external_ids__contains={"vinted": 44})])

    changing_tree.change_tree(retire=[designer.vinted_id])
    _refresh()
    connection.set_tenant(shop_a.tenant)
    assert [(p.field, p.message) for p in preflight(product, account)] == [("category", str(RETIRED_CATEGORY))]


def test_the_product_form_follows_the_shops_vinted_site_and_another_shop_sees_its_own(
    account, changing_tree, shop_a, shop_b, client
):
    from django.urls import reverse

    _refresh()
    restricted = CatalogNode.objects.filter(site=SITE, is_leaf=True, restricted_to_status_id=6).first()
    category = _category(restricted.vinted_id)
    client.force_login(shop_a.owner)
    body = client.get(reverse("catalog:category_fields"), {"category": category.pk}).content.decode()
    conditions = body[body.index('name="condition"') : body.index("</select>", body.index('name="condition"'))]
    assert "New with tags" in conditions and "Very good" not in conditions
    assert f"Required on Vinted ({SITE})" not in body or "Brand" not in body.split("Required on")[1][:10]
    brands = client.get(reverse("catalog:brand_options"), {"brand_name": "zé"}).content.decode()
    assert brands.count("<option") >= 3  # the site's generated brands, beyond the taxonomy's 8

    client.force_login(shop_b.owner)  # no Vinted account: the fixture, said so, and no site brands
    body = client.get(reverse("catalog:category_fields"), {"category": category.pk}).content.decode()
    assert "built-in list" in body and "Very good" in body
    assert client.get(reverse("catalog:brand_options"), {"brand_name": "zé"}).content.decode().strip() == ""

    changing_tree.change_tree(retire=[restricted.vinted_id])
    _refresh()
    client.force_login(shop_a.owner)
    body = client.get(reverse("catalog:category_fields"), {"category": category.pk}).content.decode()
    assert "This category no longer exists on Vinted: choose another." in body
