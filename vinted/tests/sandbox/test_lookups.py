"""Lookups of §7 backed by the §8 fixtures."""

import requests


def _leaves(nodes):
    for node in nodes:
        if node["catalogs"]:
            yield from _leaves(node["catalogs"])
        else:
            yield node


def test_catalog_tree_is_nested_with_known_leaves(alice):
    body = alice.call("GET", "/api/v2/item_upload/catalogs").json()
    assert body["code"] == 0
    assert {1904, 5, 1193, 2994} <= {root["id"] for root in body["catalogs"]}
    leaves = {node["id"]: node for node in _leaves(body["catalogs"])}
    assert {221, 1043, 158, 3661, 2319, 1242} <= set(leaves)
    assert 12 not in leaves and 1049 not in leaves
    assert leaves[221]["multiple_size_group_ids"] == [4]


def test_catalog_titles_are_localized(alice):
    body = alice.call("GET", "/api/v2/item_upload/catalogs", headers={"Accept-Language": "fr-FR"}).json()
    assert next(r for r in body["catalogs"] if r["id"] == 1904)["title"] == "Femmes"


def test_catalog_search_finds_leaves(alice):
    assert 221 in alice.call("GET", "/api/v2/item_upload/catalogs/search?keyword=t-shirt").json()["catalog_ids"]


def test_brands_search_by_keyword(alice):
    body = alice.call("GET", "/api/v2/item_upload/brands?category_id=221&keyword=zar").json()
    assert body["brands"][0]["id"] == 12 and body["disable_custom_brands"] is False


def test_colors_use_vinted_ids(alice):
    colors = {c["code"]: c["id"] for c in alice.call("GET", "/api/v2/item_upload/colors").json()["colors"]}
    assert (colors["BLUE"], colors["RED"], colors["GREEN"]) == (9, 7, 10)


def test_conditions_depend_on_category(alice):
    def ids(catalog_id):
        body = alice.call("GET", f"/api/v2/item_upload/conditions?catalog_id={catalog_id}").json()
        return [c["id"] for c in body["conditions"]]

    clothing, phones = ids(221), ids(3661)
    assert clothing == [6, 1, 2, 3, 4] and 7 in phones


def test_size_groups_for_sized_leaf(alice):
    body = alice.call(
        "GET", "/api/v2/size_groups?catalog_ids=221", headers={"X-Enable-Multiple-Size-Groups": "true"}
    ).json()
    group = body["size_groups"][0]
    assert group["id"] == 4 and 4 in group["size_ids"]
    assert next(s for s in group["sizes"] if s["id"] == 4)["is_default"] is True


def test_size_groups_for_sizeless_leaf_is_404(alice):
    assert alice.call("GET", "/api/v2/size_groups?catalog_ids=158").status_code == 404
    assert alice.call("GET", "/api/v2/item_upload/size_groups?catalog_ids=158").status_code == 404


def test_size_groups_without_catalog_lists_all(alice):
    assert len(alice.call("GET", "/api/v2/size_groups").json()["size_groups"]) >= 5


def test_package_sizes_per_category(alice):
    ids = [p["id"] for p in alice.call("GET", "/api/v2/catalogs/221/package_sizes").json()["package_sizes"]]
    assert ids == [1, 2, 3]
    assert alice.call("GET", "/api/v2/catalogs/424242/package_sizes").status_code == 404


def test_configuration_gives_site_currency(sandbox, alice):
    assert alice.call("GET", "/api/v2/items/configuration").json()["currency"] == "EUR"
    session = requests.Session()
    session.get(f"{sandbox.url}/pl/")  # anonymous session on the Polish site
    assert session.get(f"{sandbox.url}/pl/api/v2/items/configuration").json()["currency"] == "PLN"


def test_attributes_for_shoulder_bags(alice):
    body = {"attributes": [{"code": "category", "value": [158]}, {"code": "brand", "value": [12]}]}
    attributes = alice.call("POST", "/api/v2/item_upload/attributes", json=body).json()["attributes"]
    codes = {a["code"]: a["configuration"] for a in attributes}
    assert {"brand", "condition", "color", "material"} == set(codes)
    assert codes["brand"]["required"] is True and codes["material"]["options"]


def test_lookups_need_a_session(sandbox):
    assert requests.get(f"{sandbox.url}/fr/api/v2/item_upload/colors").status_code == 401


def test_unknown_api_route_is_404_html(alice):
    response = alice.call("GET", "/api/v2/no_such_thing")
    assert response.status_code == 404 and "text/html" in response.headers["Content-Type"]
