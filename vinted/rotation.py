"""Re-sealing stored Vinted sessions under the primary key (docs/decisions/0005-sealed-sessions.md)."""

import logging
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from django.db import transaction
from django_tenants.utils import tenant_context

from stoflow import secretbox
from tenants.models import Tenant

from .models import VintedAccount
from .sessions import open_session, seal_session

log = logging.getLogger(__name__)


@dataclass
class Totals:
    shops: int = 0
    resealed: int = 0
    current: int = 0
    failed: int = 0


def _stale(primary: str):
    return VintedAccount.objects.exclude(sealed_session="").exclude(
        sealed_session__startswith=f"{secretbox.VERSION}:{primary}:"
    )


def rotate_shop(batch_size: int = 500) -> Totals:
    """Within the current shop schema. Rows that fail to open are counted, left as they are."""
    totals = Totals()
    primary = secretbox.primary_key_id()
    failed: set[int] = set()
    totals.current = VintedAccount.objects.exclude(sealed_session="").count() - _stale(primary).count()
    while True:
        with transaction.atomic():
            batch = list(
                _stale(primary).exclude(pk__in=failed).select_for_update(skip_locked=True).order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for account in batch:
                try:
                    account.sealed_session = seal_session(account, open_session(account))
                except (InvalidTag, secretbox.SealedValueError) as error:
                    log.error("vinted account %s: session does not open (%s)", account.public_id, type(error).__name__)
                    failed.add(account.pk)
                    continue
                account.save(update_fields=["sealed_session"])
                totals.resealed += 1
    totals.failed = len(failed)
    return totals


def rotate_all(batch_size: int = 500, report=print) -> Totals:
    totals = Totals()
    for tenant in Tenant.objects.shops().order_by("pk"):
        with tenant_context(tenant):
            shop = rotate_shop(batch_size)
        totals.shops += 1
        totals.resealed += shop.resealed
        totals.current += shop.current
        totals.failed += shop.failed
        if shop.resealed or shop.failed:
            report(f"{tenant.schema_name}: {shop.resealed} re-sealed, {shop.failed} failed")
    return totals
