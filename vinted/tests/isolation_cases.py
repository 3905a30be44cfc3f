import random

from tests.isolation import IsolationCase, register
from vinted.models import VintedAccount
from vinted.sessions import VintedSession, seal_session
from vinted.tests.helpers import fake_jwt


def _account_of_a(shop_a):
    account = VintedAccount(domain="www.vinted.fr", vinted_user_id=random.randint(1, 10**9), login="a-seller")
    account.sealed_session = seal_session(account, VintedSession(
        cookies={"access_token_web": fake_jwt({"sub": "1"}), "datadome": "d", "anon_id": "a"},
        user_agent="UA"))
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
