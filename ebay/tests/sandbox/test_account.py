from .helpers import error_id

OPT_IN = {"programType": "SELLING_POLICY_MANAGEMENT"}
PAYMENT = {
    "name": "Pay FR",
    "marketplaceId": "EBAY_FR",
    "immediatePay": True,
    "categoryTypes": [{"name": "ALL_EXCLUDING_MOTORS_VEHICLES"}],
}


def test_policy_list_before_opt_in_gives_20403(api):
    answer = api.get("/sell/account/v1/payment_policy", params={"marketplace_id": "EBAY_FR"})
    assert answer.status_code == 400 and error_id(answer) == 20403
    assert answer.json()["errors"][0]["message"] == "User is not eligible for Business Policy."


def test_opt_in_then_again_gives_409_25803(api):
    assert api.get("/sell/account/v1/program/get_opted_in_programs").json() == {"programs": []}
    first, second = (api.post("/sell/account/v1/program/opt_in", json=OPT_IN) for _ in range(2))
    assert first.status_code == 200 and first.json() == {}
    assert second.status_code == 409 and error_id(second) == 25803
    assert api.get("/sell/account/v1/program/get_opted_in_programs").json() == {
        "programs": [{"programType": "SELLING_POLICY_MANAGEMENT"}]
    }


def test_policy_list_without_policies_has_total_0_and_no_array(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    assert api.get("/sell/account/v1/return_policy", params={"marketplace_id": "EBAY_FR"}).json() == {"total": 0}


def test_policy_create_answers_201_with_location_and_is_listed_per_marketplace(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    created = api.post("/sell/account/v1/payment_policy", json=PAYMENT)
    assert created.status_code == 201
    policy_id = created.json()["paymentPolicyId"]
    assert created.headers["Location"].endswith(f"/sell/account/v1/payment_policy/{policy_id}")
    fr = api.get("/sell/account/v1/payment_policy", params={"marketplace_id": "EBAY_FR"}).json()
    de = api.get("/sell/account/v1/payment_policy", params={"marketplace_id": "EBAY_DE"}).json()
    assert fr["total"] == 1 and fr["paymentPolicies"][0]["paymentPolicyId"] == policy_id
    assert de == {"total": 0}


def test_policy_create_with_trailing_slash_is_accepted(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    body = {**PAYMENT, "name": "Ship FR", "handlingTime": {"unit": "DAY", "value": 2}}
    assert api.post("/sell/account/v1/fulfillment_policy/", json=body).status_code == 201


def test_policy_create_with_a_taken_name_gives_20400(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    api.post("/sell/account/v1/payment_policy", json=PAYMENT)
    again = api.post("/sell/account/v1/payment_policy", json=PAYMENT)
    assert again.status_code == 400 and error_id(again) == 20400


def test_policy_create_without_marketplace_gives_20401(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    answer = api.post("/sell/account/v1/payment_policy", json={"name": "x"})
    assert answer.status_code == 400 and error_id(answer) == 20401


def test_return_policy_shorter_than_14_days_in_the_eu_gives_20406(api):
    api.post("/sell/account/v1/program/opt_in", json=OPT_IN)
    answer = api.post(
        "/sell/account/v1/return_policy",
        json={
            "name": "7 days",
            "marketplaceId": "EBAY_FR",
            "returnsAccepted": True,
            "returnPeriod": {"value": 7, "unit": "DAY"},
        },
    )
    assert error_id(answer) == 20406
