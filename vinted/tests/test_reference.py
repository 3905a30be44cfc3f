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
