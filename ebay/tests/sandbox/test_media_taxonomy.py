import requests

from .helpers import Api, app_token, error_id, jpeg

MEDIA = "/commerce/media/v1_beta/image/create_image_from_file"
TAX = "/commerce/taxonomy/v1"


def test_image_upload_answers_201_with_location_and_a_servable_url(api):
    answer = api.post(MEDIA, files={"image": ("front.jpg", jpeg(), "image/jpeg")})
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"imageUrl", "expirationDate"} and body["expirationDate"].endswith("Z")
    assert "/commerce/media/v1_beta/image/" in answer.headers["Location"]
    served = requests.get(body["imageUrl"], timeout=5)
    assert served.status_code == 200 and served.content.startswith(b"\xff\xd8")
    image_path = answer.headers["Location"].split(api.base, 1)[1]
    assert api.get(image_path).json()["imageUrl"] == body["imageUrl"]


def test_image_upload_of_a_text_file_answers_400(api):
    answer = api.post(MEDIA, files={"image": ("notes.txt", b"hello", "text/plain")})
    assert answer.status_code == 400 and answer.json()["errors"][0]["domain"] == "API_MEDIA"


def test_image_upload_without_the_image_part_answers_400(api):
    assert api.post(MEDIA, files={"file": ("front.jpg", jpeg(), "image/jpeg")}).status_code == 400


def test_image_uploads_past_the_per_user_limit_in_5_seconds_give_429_2001(sandbox, api):
    sandbox.configure(media_posts_per_5s=3)
    statuses = [api.post(MEDIA, files={"image": ("a.jpg", jpeg(10, 10), "image/jpeg")}).status_code for _ in range(4)]
    assert statuses == [201, 201, 201, 429]
    sandbox.advance_clock(6)
    assert api.post(MEDIA, files={"image": ("a.jpg", jpeg(10, 10), "image/jpeg")}).status_code == 201


def test_default_tree_ids_per_marketplace(sandbox):
    app = Api(sandbox.url, app_token(sandbox))
    found = {
        m: app.get(f"{TAX}/get_default_category_tree_id", params={"marketplace_id": m}).json()["categoryTreeId"]
        for m in ("EBAY_GB", "EBAY_FR", "EBAY_DE", "EBAY_IT", "EBAY_ES")
    }
    assert found == {"EBAY_GB": "3", "EBAY_FR": "71", "EBAY_DE": "77", "EBAY_IT": "101", "EBAY_ES": "186"}
    assert error_id(app.get(f"{TAX}/get_default_category_tree_id", params={"marketplace_id": "EBAY_XX"})) == 62003


def test_category_suggestions_are_deterministic_leaves_in_the_trees_language(sandbox):
    app = Api(sandbox.url, app_token(sandbox))
    answer = app.get(f"{TAX}/category_tree/71/get_category_suggestions", params={"q": "veste femme"}).json()
    first = answer["categorySuggestions"][0]
    assert first["category"] == {"categoryId": "63862", "categoryName": "Manteaux, vestes"}
    assert [a["categoryName"] for a in first["categoryTreeNodeAncestors"]] == ["Femmes", "Vêtements, accessoires"]
    again = app.get(f"{TAX}/category_tree/71/get_category_suggestions", params={"q": "veste femme"}).json()
    assert again == answer
    men = app.get(f"{TAX}/category_tree/77/get_category_suggestions", params={"q": "Jeans Herren"}).json()
    assert men["categorySuggestions"][0]["category"]["categoryId"] == "11483"


def test_category_suggestions_with_user_token_work_and_without_q_give_62007(api):
    assert error_id(api.get(f"{TAX}/category_tree/3/get_category_suggestions")) == 62007
    assert api.get(f"{TAX}/category_tree/3/get_category_suggestions", params={"q": "zzz"}).status_code == 204


def test_item_aspects_are_localized_with_required_flags(sandbox):
    app = Api(sandbox.url, app_token(sandbox))
    de = app.get(f"{TAX}/category_tree/77/get_item_aspects_for_category", params={"category_id": "11483"}).json()
    required = [a["localizedAspectName"] for a in de["aspects"] if a["aspectConstraint"]["aspectRequired"]]
    assert required == ["Marke", "Größe", "Größentyp", "Farbe", "Abteilung", "Produktart"]
    gb = app.get(f"{TAX}/category_tree/3/get_item_aspects_for_category", params={"category_id": "95672"}).json()
    assert "Colour" in [a["localizedAspectName"] for a in gb["aspects"]]


def test_item_aspects_of_a_branch_give_62009(sandbox):
    app = Api(sandbox.url, app_token(sandbox))
    answer = app.get(f"{TAX}/category_tree/71/get_item_aspects_for_category", params={"category_id": "260010"})
    assert answer.status_code == 400 and error_id(answer) == 62009


def test_condition_policies_of_clothing_leaves(sandbox):
    app = Api(sandbox.url, app_token(sandbox))
    answer = app.get(
        "/sell/metadata/v1/marketplace/EBAY_FR/get_item_condition_policies",
        params={"filter": "categoryIds:{63862|11483}"},
    ).json()
    assert [p["categoryId"] for p in answer["itemConditionPolicies"]] == ["63862", "11483"]
    assert [c["conditionId"] for c in answer["itemConditionPolicies"][0]["itemConditions"]] == [
        "1000",
        "1500",
        "1750",
        "2990",
        "3000",
        "3010",
    ]
