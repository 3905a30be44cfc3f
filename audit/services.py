"""Writing the shop's audit log. Every app calls `record` (or `record_many`) after a change.

The row goes to the schema the connection is on, which is the shop's in a request; `tenant=`
names the shop when the caller may be elsewhere (the team and token services run on public
tables). Secrets never reach it: callers pass labels and changed values, and `SECRET_KEYS`
are dropped on the way in as a second guard.
"""

from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from . import context
from .models import Entry, Via

SECRET_KEYS = frozenset(
    {
        "password",
        "key",
        "key_hash",
        "token",
        "access_token",
        "refresh_token",
        "cookies",
        "sealed_session",
        "session",
        "secret",
    }
)


@dataclass(frozen=True)
class Change:
    """One object an action touched, and what changed on it."""

    object_type: str
    object_id: Any
    object_label: str = ""
    changes: dict[str, Any] = field(default_factory=dict)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _clean(changes: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _plain(value) for name, value in (changes or {}).items() if name.lower() not in SECRET_KEYS}


def _schema_name() -> str:
    return str(getattr(connection, "schema_name", get_public_schema_name()))


def _schema(tenant: Any) -> AbstractContextManager[Any]:
    if tenant is not None and _schema_name() != tenant.schema_name:
        switched: AbstractContextManager[Any] = schema_context(tenant.schema_name)
        return switched
    return nullcontext()


def record_many(action: str, items: Iterable[Change], *, actor: Any = None, tenant: Any = None) -> int:
    """One row per item, all with the same who/when/how. Who is the request's user unless `actor`
    (an Actor, or a user) says otherwise: a service told who acts, or a task outside a request."""
    if actor is not None and not isinstance(actor, context.Actor):
        actor = context.as_user(actor)
    who = actor or context.current() or context.Actor(id=None, label="", via=Via.SYSTEM)
    with _schema(tenant):
        if _schema_name() == get_public_schema_name():
            raise RuntimeError("The audit log lives in a shop's schema: pass tenant= or run in the shop.")
        rows = [
            Entry(
                actor_id=who.id,
                actor_label=who.label[:254],
                ip=who.ip,
                via=who.via,
                action=action,
                object_type=item.object_type,
                object_id=str(item.object_id or "")[:64],
                object_label=str(item.object_label)[:255],
                changes=_clean(item.changes),
            )
            for item in items
        ]
        Entry.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def record(
    action: str,
    object_type: str = "",
    object_id: Any = "",
    object_label: str = "",
    changes: dict[str, Any] | None = None,
    *,
    actor: Any = None,
    tenant: Any = None,
) -> None:
    record_many(action, [Change(object_type, object_id, object_label, changes or {})], actor=actor, tenant=tenant)
