"""A test-only budget source: refs made in one shop resolve only inside that shop."""

import uuid

from ratelimit import budget
from ratelimit.limiter import Policy, Window

SOURCE = "sample"
_refs: dict[str, dict[str, tuple[str, Policy, str]]] = {}


_DEFAULT_POLICY = Policy((Window(40, 7200),))


def make_ref(tenant, policy: Policy = _DEFAULT_POLICY, label: str = "Sample account") -> str:
    ref = str(uuid.uuid4())
    _refs.setdefault(tenant.schema_name, {})[ref] = (f"sample:{ref}", policy, label)
    return ref


def key_of(ref: str) -> str:
    return f"sample:{ref}"


def _resolve(request, ref):
    schema = getattr(getattr(request, "tenant", None), "schema_name", None)
    return _refs.get(schema, {}).get(ref)


budget.register_budget_source(SOURCE, _resolve)
