from ratelimit.tests.sources import SOURCE, make_ref
from tests.isolation import IsolationCase, register


def _budget_of_a(shop_a):
    return {"source": SOURCE, "ref": make_ref(shop_a.tenant)}


register(
    IsolationCase("ratelimit:badge", _budget_of_a),
    IsolationCase("api-limits-budget", _budget_of_a, api=True),
)
