"""The generated tree, brands and per-category rules the sandbox serves (vinted-sandbox.md)."""

import requests

from vinted.sandbox import tree

from .helpers import fields_of, item_fields


def _walk(nodes, depth=1):
    for node in nodes:
        yield node, depth
        yield from _walk(node["catalogs"], depth + 1)


def _tree(client, **headers):
    return client.call("GET", "/api/v2/item_upload/catalogs", headers=headers).json()["catalogs"]


def test_catalogs_span_every_root_with_hundreds_of_nodes_and_leaves_at_several_depths(alice):
    roots = _tree(alice)
    assert {r["id"] for r in roots} == {1904, 5, 1193, 1918, 2994, 2309, 4824, 4332, 2993}
    nodes = list(_walk(roots))
    leaves = [(n, depth) for n, depth in nodes if not n["catalogs"]]
    assert len(nodes) >= 300 and len(leaves) >= 200
    assert {depth for _n, depth in leaves} >= {3, 4, 5}
    for root in roots:
        assert any(not n["catalogs"] for n, _d in _walk(root["catalogs"])), root["title"]


def test_documented_ids_keep_their_meaning(alice):
    nodes = {n["id"]: n for n, _d in _walk(_tree(alice))}
    assert nodes[221]["title"] == "T-shirts" and not nodes[221]["catalogs"]
    assert nodes[12]["catalogs"] and nodes[1049]["catalogs"] and nodes[77]["catalogs"]
    assert nodes[221]["multiple_size_group_ids"] == [4]


def test_leaves_carry_multiple_size_groups_and_restricted_conditions(alice):
    nodes = {n["id"]: n for n, _d in _walk(_tree(alice)) if not n["catalogs"]}
    assert any(len(n["multiple_size_group_ids"]) > 1 for n in nodes.values())
    restricted = [n for n in nodes.values() if n["restricted_to_status_id"]]
    assert restricted
    conditions = alice.call("GET", f"/api/v2/item_upload/conditions?catalog_id={restricted[0]['id']}").json()
    assert [c["id"] for c in conditions["conditions"]] == [restricted[0]["restricted_to_status_id"]]


def test_generated_leaf_titles_are_french_on_request(alice):
    titles = {n["title"] for n, _d in _walk(_tree(alice, **{"Accept-Language": "fr-FR"}))}
    assert {"Jupes", "Manteaux", "Bébé"} <= titles


def test_brand_search_covers_thousands_of_brands_a_page_at_a_time(alice):
    assert len(tree.BRANDS) >= 2000
    page = alice.call("GET", "/api/v2/item_upload/brands?category_id=221&keyword=").json()["brands"]
    assert len(page) == 200
    found = alice.call("GET", "/api/v2/item_upload/brands?category_id=221&keyword=zara").json()["brands"]
    assert found[0]["id"] == 12
    name = tree.BRANDS[max(tree.BRANDS)]
    found = alice.call("GET", "/api/v2/item_upload/brands", params={"category_id": 221, "keyword": name}).json()
    assert max(tree.BRANDS) in {b["id"] for b in found["brands"]}


def test_package_sizes_and_required_material_depend_on_the_category(alice):
    designer = next(n for n in tree.BASE.nodes if tree.BASE.is_leaf(n) and 2993 in tree.BASE.ancestors(n))
    books = 2319
    assert [p["id"] for p in alice.call("GET", f"/api/v2/catalogs/{books}/package_sizes").json()["package_sizes"]] == [
        1,
        2,
    ]
    body = {"attributes": [{"code": "category", "value": [designer]}]}
    attributes = {
        a["code"]: a["configuration"]
        for a in alice.call("POST", "/api/v2/item_upload/attributes", json=body).json()["attributes"]
    }
    assert attributes["material"]["required"] is True
    response = alice.create(
        item_fields(
            alice.photo_id(), catalog_id=designer, size_id=None, item_attributes=[{"code": "condition", "ids": [2]}]
        )
    )
    assert "material" in fields_of(response)


def test_tree_change_retires_and_moves_nodes(sandbox, alice):
    blouses, skirts_parent = 1043, 10
    sandbox.change_tree(retire=[221], move={blouses: skirts_parent})
    nodes = {n["id"]: n for n, _d in _walk(_tree(alice))}
    assert 221 not in nodes and blouses in {c["id"] for c in nodes[skirts_parent]["catalogs"]}
    assert "category" in fields_of(alice.create(item_fields(alice.photo_id())))
    sandbox.reset_tree()
    assert 221 in {n["id"] for n, _d in _walk(_tree(alice))}


def test_tree_control_over_http_names_the_bad_field(sandbox):
    response = requests.post(f"{sandbox.url}/__sandbox__/tree", json={"retire": ["x"]})
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "retire"
    assert requests.post(f"{sandbox.url}/__sandbox__/tree", json={"move": {"221": 999999999}}).status_code == 400
    assert requests.post(f"{sandbox.url}/__sandbox__/tree", json={"retire": [221]}).json()["retired"] == [221]
    assert requests.delete(f"{sandbox.url}/__sandbox__/tree").json()["retired"] == []
