"""Export: the shop's schema, files and public rows written as one signed archive."""

import hashlib
import json
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from ..models import AiCreditLedger, ApiToken, Membership, Tenant
from .archive import (
    FORMAT,
    VERSION,
    Hashed,
    dependency_order,
    left_out_columns,
    schema_tables,
    sign,
    storage_files,
    table_lines,
    write_table,
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _public_rows(tenant: Tenant) -> dict[str, object]:
    members = Membership.objects.filter(tenant=tenant).select_related("user").order_by("created_at", "pk")
    return {
        "shop": {
            "schema_name": tenant.schema_name,
            "public_id": str(tenant.public_id),
            "name": tenant.name,
            "status": tenant.status,
            "suspension_reason": tenant.suspension_reason,
            "tier": tenant.tier.code if tenant.tier_id else None,
            "currency": tenant.currency,
            "max_products_override": tenant.max_products_override,
            "max_platforms_override": tenant.max_platforms_override,
            "ai_credits_override": tenant.ai_credits_override,
            "created_at": _iso(tenant.created_at),
        },
        "members": [
            {
                "public_id": str(m.public_id),
                "email": m.user.email,
                "first_name": m.user.first_name,
                "last_name": m.user.last_name,
                "role": m.role,
                "created_at": _iso(m.created_at),
            }
            for m in members
        ],
        "api_tokens": [
            {
                "public_id": str(t.public_id),
                "member": t.membership.user.email,
                "name": t.name,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(membership__tenant=tenant)
            .select_related("membership__user")
            .order_by("created_at", "pk")
        ],
        "ai_credits": [
            {"month": row.month.isoformat(), "used": row.used}
            for row in AiCreditLedger.objects.filter(tenant=tenant).order_by("month")
        ],
    }


def export_shop(tenant: Tenant, out: BinaryIO, progress: Callable[[int, int], None] | None = None) -> dict:
    """Write the shop's archive to `out` (a binary file open for writing); returns the manifest.

    The rows are read in one REPEATABLE READ transaction: every table from the same moment.
    """
    schema = tenant.schema_name
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "schema_name": schema,
        "shop": tenant.name,
        "exported_at": timezone.now().isoformat(),
        "tables": {},
        "files": {},
        "public": {},
        "left_out": [{"table": lo.table, "column": lo.column, "reason": lo.reason} for lo in left_out_columns()],
        "not_restored": ["API tokens: their keys are never exported; create new ones."],
    }
    connection.set_schema_to_public()
    connection.cursor().close()  # sets the search path now, so the transaction's first statement is the next one
    snapshot = not connection.in_atomic_block  # inside a caller's transaction, its own snapshot applies
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, transaction.atomic():
        with connection.cursor() as cursor:
            if snapshot:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tables = schema_tables(cursor, schema)
        files = storage_files(f"{schema}/")
        total, done = len(tables) + len(files) + 1, 0
        for name in dependency_order(tables):
            with archive.open(f"tables/{name}.json", "w", force_zip64=True) as handle:
                stream = Hashed(handle)
                count = write_table(stream, table_lines(schema, tables[name]))
            manifest["tables"][name] = {
                "rows": count,
                "sha256": stream.digest.hexdigest(),
                "columns": tables[name].columns,
            }
            done += 1
            if progress:
                progress(done, total)
        for name in files:
            relative = name[len(schema) + 1 :]
            with (
                default_storage.open(name, "rb") as source,
                archive.open(f"files/{relative}", "w", force_zip64=True) as handle,
            ):
                stream = Hashed(handle)
                while chunk := source.read(1 << 20):
                    stream.write(chunk)
            manifest["files"][relative] = {"bytes": stream.size, "sha256": stream.digest.hexdigest()}
            done += 1
            if progress:
                progress(done, total)
        for key, rows in _public_rows(tenant).items():
            data = json.dumps(rows, indent=1, ensure_ascii=False).encode()
            archive.writestr(f"public/{key}.json", data)
            manifest["public"][key] = {
                "rows": len(rows) if isinstance(rows, list) else 1,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        encoded = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
        archive.writestr("manifest.json", encoded)
        archive.writestr("manifest.sig", sign(encoded))
    if progress:
        progress(total, total)
    return manifest
