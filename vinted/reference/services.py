"""Refreshing a site's reference data: read through a connected account, store, map into the catalog.

`refresh_site(site)` reads everything first (fetch.py); only a complete read replaces the stored
snapshot, in one transaction, so a failed or partial refresh leaves the previous snapshot in use
and notes the error on the site's row. Nodes missing from the new tree are retired (kept, with
`retired_at`); nodes that come back are restored. The tree then goes to the catalog's taxonomy
(`catalog.taxonomy.services.sync_marketplace_tree`), which maps Stoflow's categories to the
site's leaf ids.
"""

import contextlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_tenant_model, tenant_context

from catalog.taxonomy import services as taxonomy
from catalog.taxonomy.matching import normalise

from .. import domains
from .fetch import RefreshFailed, Snapshot, read_site
from .models import CatalogNode, ReferenceBrand, SiteReference

log = logging.getLogger("vinted.reference")
MARKETPLACE = "vinted"
# A new tree under this share of the stored one is taken for a broken answer, not a real change.
MIN_TREE_SHARE = 0.5


class NoAccount(RefreshFailed):
    pass


def read_pause(site_key: str) -> float:
    site = domains.site_for(site_key)
    return float(
        settings.VINTED_SANDBOX_REFERENCE_READ_PAUSE_SECONDS
        if site.is_sandbox
        else settings.VINTED_REFERENCE_READ_PAUSE_SECONDS
    )


@contextlib.contextmanager
def account_client(site_key: str):
    """A client on a connected account of this site, in that account's shop (any shop will do:
    the reference data is Vinted's, the same for all). Saves a refreshed CSRF token or cookie."""
    from ..models import VintedAccount
    from ..services import AccountUnavailable, client_for, save_session_changes

    usable = (VintedAccount.Status.CONNECTED, VintedAccount.Status.EXPIRING)
    try:
        for tenant in get_tenant_model().objects.shops().filter(status="active").order_by("pk"):
            with tenant_context(tenant):
                for account in VintedAccount.objects.filter(domain=site_key, status__in=usable):
                    try:
                        client = client_for(account)
                    except AccountUnavailable:
                        continue
                    try:
                        yield client
                    finally:
                        save_session_changes(account, client)
                    return
    finally:
        connection.set_schema_to_public()
    raise NoAccount(f"no connected account on {site_key}")


def refresh_site(site_key: str, *, client=None) -> SiteReference:
    """Read and store the site's reference data; raises RefreshFailed (the old snapshot stays)."""
    domains.site_for(site_key)  # a site no longer allowed is not refreshed
    reference, _created = SiteReference.objects.get_or_create(site=site_key)
    started = timezone.now()
    try:
        if client is None:
            with account_client(site_key) as account_client_:
                snapshot = read_site(account_client_, read_pause(site_key))
        else:
            snapshot = read_site(client, read_pause(site_key))
        if reference.node_count and len(snapshot.nodes) < reference.node_count * MIN_TREE_SHARE:
            raise RefreshFailed(f"catalogs: {len(snapshot.nodes)} nodes where {reference.node_count} were stored")
    except RefreshFailed as error:
        log.warning("vinted reference refresh of %s failed: %s", site_key, error)
        SiteReference.objects.filter(pk=reference.pk).update(attempted_at=started, last_error=str(error)[:300])
        raise
    store(reference, snapshot, started)
    log.info(
        "vinted reference refresh of %s: %s nodes, %s brands, %s requests",
        site_key,
        len(snapshot.nodes),
        len(snapshot.brands),
        snapshot.requests,
    )
    reference.refresh_from_db()
    return reference


@transaction.atomic
def store(reference: SiteReference, snapshot: Snapshot, now) -> None:
    site = reference.site
    existing = {n.vinted_id: n for n in CatalogNode.objects.select_for_update().filter(site=site)}
    fresh, changed, seen = [], [], []
    fields = [
        "parent_vinted_id",
        "title_en",
        "title_fr",
        "path_en",
        "path_fr",
        "is_leaf",
        "position",
        "restricted_to_status_id",
        "size_group_ids",
        "condition_ids",
        "package_size_ids",
        "attributes",
    ]
    for order, node in enumerate(snapshot.nodes):
        values = {
            "parent_vinted_id": node["parent"],
            "title_en": node["title_en"],
            "title_fr": node["title_fr"],
            "path_en": node["path_en"],
            "path_fr": node["path_fr"],
            "is_leaf": node["is_leaf"],
            "position": order,
            "restricted_to_status_id": node["restricted_to_status_id"],
            "size_group_ids": node["size_group_ids"],
            "condition_ids": node["condition_ids"],
            "package_size_ids": node["package_size_ids"],
            "attributes": node["attributes"],
        }
        row = existing.pop(node["vinted_id"], None)
        if row is None:
            fresh.append(CatalogNode(site=site, vinted_id=node["vinted_id"], seen_at=now, **values))
            continue
        seen.append(row.pk)
        if row.retired_at is not None or any(getattr(row, name) != value for name, value in values.items()):
            # Only what changed is rewritten: a daily refresh of an unchanged tree writes almost nothing.
            for name, value in values.items():
                setattr(row, name, value)
            row.retired_at = None
            changed.append(row)
    for row in existing.values():  # gone from Vinted's tree: retired, never deleted
        if row.retired_at is None:
            row.retired_at = now
            changed.append(row)
    CatalogNode.objects.bulk_create(fresh, batch_size=1000)
    CatalogNode.objects.bulk_update(changed, fields + ["retired_at"], batch_size=500)
    CatalogNode.objects.filter(pk__in=seen).update(seen_at=now)

    ReferenceBrand.objects.filter(site=site).delete()
    ReferenceBrand.objects.bulk_create(
        [
            ReferenceBrand(site=site, vinted_id=bid, title=title, key=normalise(title))
            for bid, title in snapshot.brands.items()
        ],
        batch_size=2000,
    )
    SiteReference.objects.filter(pk=reference.pk).update(
        fetched_at=now,
        attempted_at=now,
        last_error="",
        colours=snapshot.colours,
        conditions=sorted(snapshot.conditions, key=lambda c: c.get("order", 0)),
        size_groups={str(k): v for k, v in snapshot.size_groups.items()},
        package_sizes={str(k): v for k, v in snapshot.package_sizes.items()},
        custom_brands_allowed=snapshot.custom_brands_allowed,
        node_count=len(snapshot.nodes),
        leaf_count=len(snapshot.leaves),
        brand_count=len(snapshot.brands),
    )
    taxonomy.sync_marketplace_tree(
        MARKETPLACE,
        site,
        [
            taxonomy.ExternalCategory(
                n["vinted_id"],
                n["parent"],
                n["title_en"],
                n["title_fr"],
                n["is_leaf"],
                n["position"],
                tuple(n["size_group_ids"]),
            )
            for n in snapshot.nodes
        ],
        [
            taxonomy.ExternalSizeGroup(gid, group["caption"], tuple((s["id"], s["title"]) for s in group["sizes"]))
            for gid, group in snapshot.size_groups.items()
        ],
    )


def refresh_all() -> dict:
    """Every allowed site that has a connected account: {site: "ok" | error}. One failure does not
    stop the others."""
    results = {}
    for site in domains.allowed_sites():
        try:
            refresh_site(site.key)
            results[site.key] = "ok"
        except NoAccount:
            continue
        except RefreshFailed as error:
            results[site.key] = str(error)
    return results
