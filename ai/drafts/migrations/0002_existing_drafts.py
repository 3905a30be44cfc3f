"""Rows for the photo drafts stored before the index existed: each shop's draft folder is listed
once here, so the sweeper never has to list them. A draft's age is its draft.json's `created_at`
(the folder's files' time when that cannot be read)."""

import json
import uuid

from django.core.files.storage import default_storage
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def _created_at(prefix: str):
    try:
        with default_storage.open(prefix + "draft.json", "rb") as handle:
            created = parse_datetime(json.loads(handle.read()).get("created_at") or "")
        if created is not None:
            return created
    except (OSError, ValueError):
        pass
    try:
        return default_storage.get_modified_time(prefix + "1.photo")
    except (OSError, NotImplementedError):
        return timezone.now()


def index_existing_drafts(apps, schema_editor):
    connection = schema_editor.connection
    if connection.schema_name != "public":
        return
    DraftIndex = apps.get_model("ai_drafts", "DraftIndex")
    with connection.cursor() as cursor:
        cursor.execute("SELECT schema_name FROM tenants_tenant WHERE schema_name <> 'public'")
        schemas = [row[0] for row in cursor.fetchall()]
    for schema in schemas:
        try:
            folders, _files = default_storage.listdir(f"{schema}/ai-drafts/")
        except (FileNotFoundError, NotImplementedError):
            continue
        for folder in folders:
            try:
                draft_id = uuid.UUID(folder)
            except ValueError:
                continue
            DraftIndex.objects.get_or_create(
                tenant_schema=schema,
                draft_id=draft_id,
                defaults={"created_at": _created_at(f"{schema}/ai-drafts/{folder}/")},
            )


class Migration(migrations.Migration):
    dependencies = [("ai_drafts", "0001_initial"), ("tenants", "0001_initial")]
    operations = [migrations.RunPython(index_existing_drafts, migrations.RunPython.noop)]
