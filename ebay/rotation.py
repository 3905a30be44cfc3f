"""Re-sealing stored eBay tokens under the primary key (run by `manage.py rotate_encryption_keys`)."""

import logging

from cryptography.exceptions import InvalidTag
from django.db import connection, transaction
from django.db.models import Q
from django_tenants.utils import tenant_context

from stoflow import secretbox
from tenants.models import Tenant

from .models import EbayAccount

log = logging.getLogger(__name__)
FIELDS = (("sealed_refresh_token", "ebay_refresh_token"), ("sealed_access_token", "ebay_access_token"))


def _stale(primary: str):
    current = f"{secretbox.VERSION}:{primary}:"
    stale = Q()
    for name, _purpose in FIELDS:
        stale |= ~Q(**{name: ""}) & ~Q(**{f"{name}__startswith": current})
    return EbayAccount.objects.filter(stale)


def rotate_shop(batch_size: int = 500) -> tuple[int, int]:
    """(re-sealed, failed) accounts in the current shop. A token that does not open is left as it is."""
    primary, failed, resealed = secretbox.primary_key_id(), set(), 0
    while True:
        with transaction.atomic():
            batch = list(
                _stale(primary).exclude(pk__in=failed).select_for_update(skip_locked=True).order_by("pk")[:batch_size]
            )
            if not batch:
                break
            for account in batch:
                try:
                    for name, purpose in FIELDS:
                        sealed = getattr(account, name)
                        if sealed:
                            aad = secretbox.aad(connection.schema_name, str(account.public_id), purpose)
                            setattr(
                                account,
                                name,
                                secretbox.seal(secretbox.open_(sealed, associated_data=aad), associated_data=aad),
                            )
                except (InvalidTag, secretbox.SealedValueError) as error:
                    log.error("ebay account %s: a token does not open (%s)", account.public_id, type(error).__name__)
                    failed.add(account.pk)
                    continue
                account.save(update_fields=[name for name, _ in FIELDS])
                resealed += 1
    return resealed, len(failed)


def rotate_all(batch_size: int = 500, report=print) -> tuple[int, int]:
    totals = [0, 0]
    for tenant in Tenant.objects.shops().order_by("pk"):
        with tenant_context(tenant):
            resealed, failed = rotate_shop(batch_size)
        totals[0] += resealed
        totals[1] += failed
        if resealed or failed:
            report(f"{tenant.schema_name}: {resealed} eBay accounts re-sealed, {failed} failed")
    return totals[0], totals[1]
