"""A shop's data: export -> erase -> restore gives the same shop, row by row and photo by photo;
an archive changed by hand is refused; erasure removes files, cache keys and limiter keys."""

import io
import json
import uuid
import zipfile
from datetime import date

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_exists, tenant_context

from catalog.tests.factories import ProductFactory
from ratelimit import limiter
from tenants import provisioning, shopdata, tokens
from tenants.models import AiCreditLedger, Membership, ShopErasure, Tenant
from tests.factories import add_member, make_shop
from vinted.ledger.models import VintedAttempt
from vinted.models import VintedAccount

pytestmark = pytest.mark.django_db

SEALED = "sealed-session-that-must-never-leave"


def _rows(schema: str) -> dict[str, list[str]]:
    """Every row of every table of the schema, as sorted JSON text (independent of shopdata's reader)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", [schema])
        tables = [name for (name,) in cursor.fetchall()]
        rows = {}
        for table in tables:
            cursor.execute(
                f"SELECT coalesce(array_agg(to_jsonb(t)::text ORDER BY to_jsonb(t)::text), "
                f'ARRAY[]::text[]) FROM "{schema}"."{table}" t'
            )
            rows[table] = cursor.fetchone()[0]
    return rows


def _files(schema: str) -> dict[str, bytes]:
    result = {}
    for name in shopdata.storage_files(f"{schema}/"):
        with default_storage.open(name, "rb") as handle:
            result[name[len(schema) + 1 :]] = handle.read()
    return result


@pytest.fixture
def full_shop(db):
    """A shop with products, photos, a second member, a token, AI credits and a connected Vinted account."""
    shop = make_shop("data")
    add_member(shop, Membership.Role.VIEWER, email="viewer-data@example.com")
    tokens.create(shop.membership, "script")
    AiCreditLedger.objects.create(tenant=shop.tenant, month=date(2026, 11, 1), used=7)
    with tenant_context(shop.tenant):
        ProductFactory(photos=2, title="Linen shirt « été » 100 %")
        ProductFactory(photos=1)
        ProductFactory()
        VintedAccount.objects.create(domain="www.vinted.fr", vinted_user_id=42, login="seller42", sealed_session=SEALED)
    connection.set_schema_to_public()
    return shop


def _export(tenant) -> bytes:
    out = io.BytesIO()
    shopdata.export_shop(tenant, out)
    return out.getvalue()


def _without_sealed(rows: dict[str, list[str]]) -> dict[str, list[str]]:
    accounts = [json.loads(row) for row in rows["vinted_vintedaccount"]]
    for account in accounts:
        account["sealed_session"] = ""
    return {**rows, "vinted_vintedaccount": [json.dumps(a, sort_keys=True) for a in accounts]}


def _normalised(rows):
    return {table: sorted(json.dumps(json.loads(r), sort_keys=True) for r in values) for table, values in rows.items()}


def test_export_erase_restore_gives_the_same_shop_row_by_row_and_photo_by_photo(
    full_shop, django_capture_on_commit_callbacks
):
    tenant = full_shop.tenant
    schema, public_id = tenant.schema_name, tenant.public_id
    rows_before, files_before = _rows(schema), _files(schema)
    members_before = sorted(Membership.objects.filter(tenant=tenant).values_list("user__email", "role", "public_id"))
    assert len(files_before) == 9 and rows_before["catalog_product"]

    archive = _export(tenant)
    assert SEALED.encode() not in archive and SEALED.encode() not in b"".join(
        zipfile.ZipFile(io.BytesIO(archive)).read(n) for n in zipfile.ZipFile(io.BytesIO(archive)).namelist()
    )

    with django_capture_on_commit_callbacks(execute=True):
        provisioning.delete_shop(tenant)
    assert not schema_exists(schema) and not _files(schema) and not Tenant.objects.filter(pk=tenant.pk).exists()

    restored = shopdata.restore_shop(io.BytesIO(archive))
    assert (restored.schema_name, restored.public_id, restored.name) == (schema, public_id, tenant.name)
    assert restored.tier == tenant.tier
    assert _normalised(_rows(schema)) == _normalised(_without_sealed(rows_before))
    assert _files(schema) == files_before
    assert (
        sorted(Membership.objects.filter(tenant=restored).values_list("user__email", "role", "public_id"))
        == members_before
    )
    assert AiCreditLedger.objects.get(tenant=restored).used == 7
    with tenant_context(restored):  # sequences continue after the restored ids
        new = ProductFactory()
        assert new.pk > max(p.pk for p in type(new).objects.exclude(pk=new.pk))


def test_restore_as_new_shop_beside_the_original_moves_photos_under_its_own_prefix(full_shop):
    archive = _export(full_shop.tenant)
    copy = shopdata.restore_shop(io.BytesIO(archive), as_new_shop=True)
    assert copy.schema_name != full_shop.tenant.schema_name and copy.public_id != full_shop.tenant.public_id
    assert _files(copy.schema_name) == _files(full_shop.tenant.schema_name)
    with tenant_context(copy):
        from catalog.models import ProductPhoto

        names = list(ProductPhoto.objects.values_list("image", flat=True))
    assert names and all(name.startswith(f"{copy.schema_name}/") and default_storage.exists(name) for name in names)


def test_restore_over_an_existing_shop_is_refused(full_shop):
    with pytest.raises(shopdata.ArchiveRefused, match="exists"):
        shopdata.restore_shop(io.BytesIO(_export(full_shop.tenant)))


def _rewrite(archive: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        members = {name: source.read(name) for name in source.namelist()}
        for name, data in change(members).items():
            target.writestr(name, data)
    return out.getvalue()


def _change_a_price(members):
    name = "tables/catalog_product.json"
    members[name] = members[name].replace(b'"price":12.50', b'"price":1.50', 1)
    return members


def _change_a_price_and_its_checksum(members):
    import hashlib

    members = _change_a_price(members)
    manifest = json.loads(members["manifest.json"])
    manifest["tables"]["catalog_product"]["sha256"] = hashlib.sha256(members["tables/catalog_product.json"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    return members


def _add_a_file(members):
    members["files/products/extra.jpg"] = b"not listed"
    return members


@pytest.mark.parametrize("change", [_change_a_price, _change_a_price_and_its_checksum, _add_a_file])
def test_restore_of_a_tampered_archive_is_refused_and_leaves_nothing(
    full_shop, change, django_capture_on_commit_callbacks
):
    archive = _export(full_shop.tenant)
    assert b'"price":12.50' in zipfile.ZipFile(io.BytesIO(archive)).read("tables/catalog_product.json")
    tampered = _rewrite(archive, change)
    schema = full_shop.tenant.schema_name
    with django_capture_on_commit_callbacks(execute=True):
        provisioning.delete_shop(full_shop.tenant)
    with pytest.raises(shopdata.ArchiveRefused):
        shopdata.restore_shop(io.BytesIO(tampered))
    assert not schema_exists(schema) and not Tenant.objects.filter(schema_name=schema).exists()


def test_erasure_removes_cache_and_token_limiter_keys_and_anonymises_the_vinted_log(
    full_shop, redis_client, settings, django_capture_on_commit_callbacks
):
    tenant = full_shop.tenant
    token, _key = tokens.create(full_shop.membership, "limited")
    with tenant_context(tenant):
        cache.set("dashboard-figures", 1)
    other = Tenant.objects.get(schema_name=make_shop("other").tenant.schema_name)
    with tenant_context(other):
        cache.set("dashboard-figures", 2)
    policy = limiter.Policy((limiter.Window(10, 60),))
    limiter.reserve(f"api:api:token:{token.pk}", "attempt-1", policy)
    VintedAttempt.objects.create(
        account_key="vinted:www.vinted.fr:42",
        attempt_id="a1",
        reserved_at_ms=1,
        tenant_schema=tenant.schema_name,
        method="POST",
        path="/api/v2/items/99",
    )

    with django_capture_on_commit_callbacks(execute=True):
        erasure = provisioning.delete_shop(tenant)

    with tenant_context(tenant):
        assert cache.get("dashboard-figures") is None
    with tenant_context(other):
        assert cache.get("dashboard-figures") == 2
    assert not redis_client.exists(limiter.redis_key(f"api:api:token:{token.pk}"))
    attempt = VintedAttempt.objects.get(attempt_id="a1")
    assert (attempt.tenant_schema, attempt.path) == ("", "")
    assert erasure.files == 9 and len(erasure.kept) == 1 and "Vinted" in erasure.kept[0]
    record = ShopErasure.objects.get(schema_name=tenant.schema_name)
    assert record.members == 2 and record.kept == erasure.kept
    assert "data" not in json.dumps(record.kept)  # names no person or shop


def test_export_and_restore_commands_round_trip_through_a_file(full_shop, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "shop.zip"
    out = io.StringIO()
    call_command("export_shop", full_shop.tenant.schema_name, "--out", str(path), stdout=out)
    assert "Left out vinted_vintedaccount.sealed_session" in out.getvalue()
    with pytest.raises(CommandError, match="exists"):
        call_command("restore_shop", str(path), stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("delete_tenant", full_shop.tenant.schema_name, "--yes", stdout=(said := io.StringIO()))
    assert "Removed: 1 Vinted sync schedule" in said.getvalue()
    call_command("restore_shop", str(path), stdout=io.StringIO())
    assert Tenant.objects.filter(schema_name=full_shop.tenant.schema_name).exists()


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.committed
@pytest.mark.django_db(transaction=True)
def test_restore_killed_midway_leaves_no_shop_and_a_rerun_restores_it(committed_platform, tmp_path, settings):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    import psycopg

    shop = make_shop("killed")
    with tenant_context(shop.tenant):
        ProductFactory(photos=1)
    connection.set_schema_to_public()
    schema, path = shop.tenant.schema_name, tmp_path / "shop.zip"
    call_command("export_shop", schema, "--out", str(path), stdout=io.StringIO())
    files = _files(schema)
    provisioning.delete_shop(shop.tenant)

    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    command = [sys.executable, "manage.py", "restore_shop", str(path)]
    root = Path(__file__).resolve().parents[1]
    # Hold the memberships table: the restore loads schema, rows and files, then waits there, midway.
    with psycopg.connect(_database_url()) as locker, psycopg.connect(_database_url(), autocommit=True) as watcher:
        locker.execute("LOCK TABLE tenants_membership IN SHARE ROW EXCLUSIVE MODE")
        restore = subprocess.Popen(
            command, cwd=root, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline, waiting = time.time() + 60, None
            while waiting is None and time.time() < deadline and restore.poll() is None:
                row = watcher.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'INSERT INTO \"tenants_membership\"%'"
                ).fetchone()
                waiting = row[0] if row else None
                time.sleep(0.1)
            assert waiting, "the restore never reached the memberships"
        finally:
            os.killpg(restore.pid, signal.SIGKILL)
            restore.wait(10)
            locker.rollback()
        while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [waiting]).fetchone():
            assert time.time() < deadline + 30, "the killed restore's transaction is still open"
            time.sleep(0.1)

    assert not Tenant.objects.filter(schema_name=schema).exists() and not schema_exists(schema)
    rerun = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert Tenant.objects.filter(schema_name=schema).exists() and _files(schema) == files


def _public_rows_naming(tenant) -> dict[str, int]:
    """Every table of the public schema, scanned without knowing its models: rows whose text holds the
    shop's schema name or public id, and rows whose foreign key points at the shop's row. A public table
    added later is scanned too."""
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM public."{table}" t WHERE strpos(t::text, %s) > 0 OR strpos(t::text, %s) > 0',
                [tenant.schema_name, str(tenant.public_id)],
            )
            if count := cursor.fetchone()[0]:
                found[table] = count
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
               WHERE c.contype = 'f' AND c.confrelid = 'public.tenants_tenant'::regclass"""
        )
        for table, column in cursor.fetchall():
            cursor.execute(f'SELECT count(*) FROM {table} WHERE "{column}" = %s', [tenant.pk])
            if count := cursor.fetchone()[0]:
                found[f"{table}.{column}"] = count
    return found


@pytest.fixture
def busy_shop(full_shop):
    """full_shop with what the public schema indexes about a shop: a connected eBay account (its user
    directory row and orders poll row), a live job of each channel, the Vinted sync schedule, a
    notice, a webhook delivery due, a photo draft's sweep row and a limiter override."""
    from ai.drafts.models import DraftIndex
    from ebay.directory.models import EbayUserShop
    from ebay.jobs import services as ebay_jobs
    from ebay.jobs.models import EbayListing
    from ebay.models import EbayAccount
    from notifications import notices
    from notifications.outbox.models import DeliveryDue
    from ratelimit.models import PolicyOverride
    from vinted.jobs import services as vinted_jobs

    tenant = full_shop.tenant
    with tenant_context(tenant):
        account = EbayAccount.objects.create(marketplace_id="EBAY_FR", ebay_user_id="seller-9", username="alice_fr")
        EbayUserShop.objects.create(ebay_user_id=account.ebay_user_id, tenant_schema=tenant.schema_name)
        product = ProductFactory()
        listing = EbayListing.objects.create(product=product, account=account, status=EbayListing.Status.PUBLISHED)
        ebay_jobs.request_update(listing)
        vinted_jobs.request_sync(VintedAccount.objects.get())
        notices.notify("item_sold", {"sku": product.sku}, tenant=tenant)
        DeliveryDue.objects.create(tenant_schema=tenant.schema_name, delivery_id=1, due_at=timezone.now())
        DraftIndex.objects.create(tenant_schema=tenant.schema_name, draft_id=uuid.uuid4(), created_at=timezone.now())
    connection.set_schema_to_public()
    PolicyOverride.objects.create(policy_name="vinted", scope="tenant", ref=tenant.schema_name)
    return full_shop


def test_erasure_leaves_no_public_row_naming_the_shop_and_reports_what_went(
    busy_shop, django_capture_on_commit_callbacks
):
    tenant = busy_shop.tenant
    before = _public_rows_naming(tenant)
    for table in (
        "channels_jobdispatch",
        "channels_pollschedule",
        "ebay_directory_ebayusershop",
        "notifications_outbox_notice",
        "notifications_outbox_deliverydue",
        "ratelimit_policyoverride",
        "ai_drafts_draftindex",
    ):
        assert before.get(table), table  # the fixture reaches every index the test means to cover

    with django_capture_on_commit_callbacks(execute=True):
        erasure = provisioning.delete_shop(tenant)

    assert _public_rows_naming(tenant) == {"tenants_shoperasure": 1}  # only the record of the erasure
    assert erasure.removed["eBay jobs waiting"] == 1 and erasure.removed["Vinted jobs waiting"] == 1
    assert erasure.removed["eBay users' shop index"] == 1
    # Both channels' polls share one public index: each forgets only its own rows, and both go.
    assert erasure.removed["Vinted sync schedule"] == 1 and erasure.removed["eBay orders poll schedule"] == 1
    record = ShopErasure.objects.get(schema_name=tenant.schema_name)
    assert record.removed == erasure.removed and record.kept == erasure.kept
