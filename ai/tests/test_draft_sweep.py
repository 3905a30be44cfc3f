"""Photo drafts nobody saves or discards are deleted with their photos after AI_DRAFT_MAX_AGE_HOURS."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from ai import photo_drafts, tasks
from ai.drafts.models import DraftIndex

from .photos import garment_photo

pytestmark = pytest.mark.django_db

RED = (200, 40, 30)


def make_draft(shop, photos=2) -> photo_drafts.Draft:
    with tenant_context(shop.tenant):
        return photo_drafts.create_draft(
            [garment_photo(RED, second=(0, 0, 200) if n else None) for n in range(photos)],
            tenant=shop.tenant,
            language="en",
        )


def age(draft, hours: float) -> None:
    DraftIndex.objects.filter(draft_id=draft.id).update(created_at=timezone.now() - timedelta(hours=hours))


def stored(shop, draft) -> list[str]:
    try:
        return default_storage.listdir(f"{shop.tenant.schema_name}/ai-drafts/{draft.id}/")[1]
    except FileNotFoundError:
        return []


def test_create_draft_indexes_it_publicly_with_its_shop_and_keeps_the_photo_hashes(shop_a, offline_ai):
    draft = make_draft(shop_a)

    row = DraftIndex.objects.get(draft_id=draft.id)
    assert row.tenant_schema == shop_a.tenant.schema_name
    assert sorted(stored(shop_a, draft)) == ["1.photo", "2.photo", "draft.json"]
    with tenant_context(shop_a.tenant):
        assert photo_drafts.get_draft(draft.id).hashes == draft.hashes and len(draft.hashes) == 2


@pytest.mark.parametrize("storage", ["filesystem", "s3"])
def test_sweep_drafts_deletes_drafts_past_the_age_with_their_photos_in_every_shop(
    request, storage, shop_a, shop_b, offline_ai, settings
):
    if storage == "s3":
        request.getfixturevalue("s3_media")
    settings.AI_DRAFT_MAX_AGE_HOURS = 24
    old_a, old_b, recent_a = make_draft(shop_a), make_draft(shop_b), make_draft(shop_a)
    age(old_a, 25)
    age(old_b, 24 * 30)
    age(recent_a, 23)

    with schema_context("public"):
        tasks.sweep_drafts()

    assert stored(shop_a, old_a) == [] and stored(shop_b, old_b) == []
    assert sorted(stored(shop_a, recent_a)) == ["1.photo", "2.photo", "draft.json"]
    assert list(DraftIndex.objects.values_list("draft_id", flat=True)) == [recent_a.id]
    with tenant_context(shop_a.tenant):
        assert photo_drafts.get_draft(recent_a.id).id == recent_a.id


def test_sweep_drafts_reads_the_public_index_and_opens_no_shop_schema(shop_a, offline_ai, settings):
    settings.AI_DRAFT_MAX_AGE_HOURS = 24
    draft = make_draft(shop_a)
    age(draft, 48)

    with schema_context("public"), CaptureQueriesContext(connection) as queries:
        deleted = photo_drafts.sweep_old_drafts()

    statements = [q["sql"] for q in queries.captured_queries]
    assert deleted == 1
    # The index read, then the row's delete (Django's delete reads the row first).
    assert [s.split()[0] for s in statements if not s.startswith("SET search_path")] == ["SELECT", "SELECT", "DELETE"]
    assert all(shop_a.tenant.schema_name not in s for s in statements if s.startswith("SET search_path"))
    assert all(f'"{shop_a.tenant.schema_name}".' not in s for s in statements)


def test_sweep_drafts_with_nothing_old_deletes_nothing(shop_a, offline_ai):
    draft = make_draft(shop_a)

    assert photo_drafts.sweep_old_drafts() == 0
    assert len(stored(shop_a, draft)) == 3


def test_sweep_drafts_removes_files_of_a_draft_whose_draft_json_was_never_written(shop_a, settings):
    from django.core.files.base import ContentFile

    settings.AI_DRAFT_MAX_AGE_HOURS = 1
    draft_id = uuid.uuid4()
    prefix = f"{shop_a.tenant.schema_name}/ai-drafts/{draft_id}/"
    default_storage.save(prefix + "1.photo", ContentFile(b"half an upload"))
    DraftIndex.objects.create(
        tenant_schema=shop_a.tenant.schema_name, draft_id=draft_id, created_at=timezone.now() - timedelta(hours=2)
    )

    photo_drafts.sweep_old_drafts()

    assert not default_storage.exists(prefix + "1.photo")
    assert not DraftIndex.objects.filter(draft_id=draft_id).exists()


def test_discard_draft_deletes_its_photos_and_its_index_row(shop_a, offline_ai):
    draft = make_draft(shop_a)

    with tenant_context(shop_a.tenant):
        photo_drafts.discard(draft)

    assert stored(shop_a, draft) == []
    assert not DraftIndex.objects.filter(draft_id=draft.id).exists()


def test_drafts_index_migration_indexes_drafts_stored_before_it_with_their_age(shop_a, offline_ai):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.utils.dateparse import parse_datetime

    migration = importlib.import_module("ai.drafts.migrations.0002_existing_drafts")
    draft = make_draft(shop_a)
    DraftIndex.objects.all().delete()  # as before the index existed

    with schema_context("public"):
        migration.index_existing_drafts(apps, SimpleNamespace(connection=connection))

    # Other tests' drafts may still be in the media folder: they are indexed too.
    row = DraftIndex.objects.get(draft_id=draft.id)
    assert row.tenant_schema == shop_a.tenant.schema_name
    assert row.created_at == parse_datetime(draft.created_at)


def test_restore_as_new_shop_indexes_the_restored_drafts_so_the_sweep_finds_them(shop_a, offline_ai, settings):
    import io

    from django.utils.dateparse import parse_datetime

    from tenants import shopdata

    draft = make_draft(shop_a)
    archive = io.BytesIO()
    shopdata.export_shop(shop_a.tenant, archive)
    archive.seek(0)

    copy = shopdata.restore_shop(archive, as_new_shop=True)

    # Other tests' drafts may still be in shop_a's folder: they come back and are indexed too.
    row = DraftIndex.objects.get(tenant_schema=copy.schema_name, draft_id=draft.id)
    assert row.created_at == parse_datetime(draft.created_at)
    settings.AI_DRAFT_MAX_AGE_HOURS = 1
    DraftIndex.objects.filter(tenant_schema=copy.schema_name).update(created_at=timezone.now() - timedelta(hours=2))
    with schema_context("public"):
        photo_drafts.sweep_old_drafts()
    assert default_storage.listdir(f"{copy.schema_name}/ai-drafts/")[0] == []
