"""Erasing a shop: what `delete_tenant` and an owner's "close my shop" do.

In one transaction: other apps remove or anonymise their public rows about the shop
(`signals.shop_erasing`, each saying what it removed and kept), the limiter's overrides for the shop
go, the schema is dropped, the shop row goes with its memberships, API tokens, AI credit months,
act-as audit rows and export records, and a `ShopErasure` row records what was removed and kept
(naming no person). After the commit: the shop's files (everything under its prefix, and every
export archive under `exports/<schema>/`), its cache keys and its API tokens' limiter keys are
removed, and `signals.shop_erased` lets other apps clear their own Redis keys. The members' accounts
stay: a person may have other shops, and closing a shop is not closing an account.
"""

import logging
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connection, transaction

from . import signals
from .models import TEMPLATE_SCHEMA, ApiToken, Membership, ShopErasure, ShopExport, Tenant

log = logging.getLogger(__name__)


@dataclass
class Erasure:
    schema_name: str
    members: int
    files: int
    kept: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)  # public rows about the shop, by kind


def _clear_cache_keys(schema: str) -> int:
    """The `default` cache prefixes every key with the schema (django_tenants.cache.make_key)."""
    from django_redis import get_redis_connection

    client = get_redis_connection("default")
    keys = list(client.scan_iter(match=f"{schema}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])
    return len(keys)


def _after_commit(schema: str, files: list[str], context: dict) -> None:
    from ratelimit import throttling

    for name in files:
        try:
            default_storage.delete(name)
        except OSError as error:  # a file that cannot go is logged; the shop is gone either way
            log.error("could not delete %s of erased shop %s: %s", name, schema, error)
    try:
        _clear_cache_keys(schema)
    except Exception as error:  # noqa: BLE001  (a cache outage must not undo an erasure; the keys expire)
        log.error("could not clear the cache keys of erased shop %s: %s", schema, error)
    throttling.forget_tokens(context["token_ids"])
    signals.shop_erased.send(sender=Tenant, **context)


def _public_cleanups(context: dict) -> tuple[dict[str, int], list[str]]:
    """Every public row about the shop that its own app removes (signals.shop_erasing), and the
    limiter's overrides for the shop (ratelimit knows no shop: its tenant refs are schema names)."""
    from ratelimit import policies

    removed: dict[str, int] = {}
    kept: list[str] = []
    overrides = policies.forget_tenant(context["schema_name"])
    if overrides:
        removed["limiter overrides"] = overrides
    for receiver, cleanup in signals.shop_erasing.send(sender=Tenant, **context):
        if not isinstance(cleanup, signals.Cleanup):
            raise TypeError(f"{receiver!r} must answer shop_erasing with a tenants.signals.Cleanup")
        removed.update({label: count for label, count in cleanup.removed.items() if count})
        if cleanup.kept:
            kept.append(cleanup.kept)
    return removed, kept


def erase_shop(tenant: Tenant) -> Erasure:
    from .shopdata import storage_files

    if tenant.schema_name in ("public", TEMPLATE_SCHEMA) or tenant.is_template:
        raise ValueError("The public and template schemas cannot be deleted.")
    schema = tenant.schema_name
    connection.set_schema_to_public()
    with transaction.atomic():
        members = list(Membership.objects.filter(tenant=tenant).select_related("user"))
        context = {
            "schema_name": schema,
            "tenant_id": tenant.pk,
            "user_ids": [m.user_id for m in members],
            "emails": [m.user.email for m in members],
            "token_ids": list(ApiToken.objects.filter(membership__tenant=tenant).values_list("pk", flat=True)),
        }
        removed, kept = _public_cleanups(context)
        # The exports folder is listed too, not only the recorded archives: a worker stopped between
        # saving an archive and recording it leaves one that no row names.
        recorded = ShopExport.objects.filter(tenant=tenant).exclude(file="").values_list("file", flat=True)
        files = sorted({*storage_files(f"{schema}/"), *storage_files(f"exports/{schema}/"), *recorded})
        with connection.cursor() as cursor:
            # Foreign-key checks deferred by this transaction's earlier writes must run before their tables go.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        Tenant.objects.filter(pk=tenant.pk).delete()
        ShopErasure.objects.create(
            schema_name=schema, members=len(members), files=len(files), kept=kept, removed=removed
        )
        transaction.on_commit(lambda: _after_commit(schema, files, context))
    return Erasure(schema_name=schema, members=len(members), files=len(files), kept=kept, removed=removed)
