import random

from tests.isolation import IsolationCase, register
from vinted.models import VintedAccount
from vinted.sessions import VintedSession, seal_session
from vinted.tests.helpers import fake_jwt


def _account_of_a(shop_a):
    account = VintedAccount(domain="www.vinted.fr", vinted_user_id=random.randint(1, 10**9), login="a-seller")
    account.sealed_session = seal_session(
        account,
        VintedSession(
            cookies={"access_token_web": fake_jwt({"sub": "1"}), "datadome": "d", "anon_id": "a"}, user_agent="UA"
        ),
    )
    account.save()
    return {"public_id": account.public_id}


def _budget_of_a(shop_a):
    return {"source": "vinted", "ref": str(_account_of_a(shop_a)["public_id"])}


register(
    IsolationCase("ratelimit:badge", _budget_of_a),
    IsolationCase("api-limits-budget", _budget_of_a, api=True),
    IsolationCase("vinted:disconnect", _account_of_a, methods=("POST",)),
    IsolationCase("vinted-session-detail", _account_of_a, methods=("GET", "DELETE"), api=True),
)


# --- publication pages (vinted.publishing) ---


def _job_of_a(shop_a):
    from catalog.tests.factories import ProductFactory
    from vinted.jobs.models import Job

    account = VintedAccount.objects.get(public_id=_account_of_a(shop_a)["public_id"])
    job = Job.objects.create(
        action=Job.Action.PUBLISH,
        product=ProductFactory(photos=1),
        account=account,
        state=Job.State.FAILED,
        message="Vinted refused the item.",
    )
    return {"public_id": job.public_id}


def _listed_product_of_a(shop_a):
    from catalog.tests.factories import ProductFactory
    from vinted.jobs.models import Listing

    account = VintedAccount.objects.get(public_id=_account_of_a(shop_a)["public_id"])
    product = ProductFactory(photos=1)
    Listing.objects.create(
        product=product, account=account, item_id=random.randint(1, 10**9), status=Listing.Status.PUBLISHED
    )
    return {"public_id": product.public_id, "action": "update"}


register(
    IsolationCase("vinted:job", _job_of_a),
    IsolationCase("vinted:job_progress", _job_of_a),
    IsolationCase("vinted:job_retry", _job_of_a, methods=("POST",)),
    IsolationCase("vinted:job_cancel", _job_of_a, methods=("POST",)),
    IsolationCase("vinted:queue", _account_of_a),
    IsolationCase("vinted:account_sync", _account_of_a, methods=("POST",)),
    IsolationCase("vinted:listing_action", _listed_product_of_a, methods=("POST",)),
    IsolationCase(
        "vinted:listing_action", lambda shop_a: {**_listed_product_of_a(shop_a), "action": "hide"}, methods=("POST",)
    ),
    IsolationCase(
        "vinted:listing_action", lambda shop_a: {**_listed_product_of_a(shop_a), "action": "show"}, methods=("POST",)
    ),
    IsolationCase(
        "vinted:update_listings",
        lambda shop_a: {"product": _listed_product_of_a(shop_a)["public_id"]},
        methods=("GET", "POST"),
        params=("product",),
    ),
)


def _rule_of_a(shop_a):
    import datetime

    from vinted.automation.models import AutomationRule

    account = VintedAccount.objects.get(public_id=_account_of_a(shop_a)["public_id"])
    rule = AutomationRule.objects.create(
        account=account, kind="repost", days=[0], start_time=datetime.time(9), end_time=datetime.time(12)
    )
    return {"public_id": rule.public_id}


def _run_of_a(shop_a):
    from vinted.automation.models import AutomationRule, RuleRun

    rule = AutomationRule.objects.get(public_id=_rule_of_a(shop_a)["public_id"])
    return {"public_id": RuleRun.objects.create(rule=rule, state="proposed").public_id, "decision": "approve"}


register(
    IsolationCase("vinted:rules", _account_of_a, methods=("GET", "POST"), data={"kind": "repost"}),
    IsolationCase("vinted:rule", _rule_of_a, methods=("GET", "POST"), data={"kind": "repost"}),
    IsolationCase("vinted:rule_delete", _rule_of_a, methods=("POST",)),
    IsolationCase("vinted:run_decide", _run_of_a, methods=("POST",)),
    IsolationCase("vinted:run_decide", lambda shop_a: {**_run_of_a(shop_a), "decision": "decline"}, methods=("POST",)),
)
