"""Restore: a verified archive loaded into a new shop, in one transaction."""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from .. import provisioning
from ..models import AiCreditLedger, Domain, Membership, Tenant, Tier, User
from ..signals import shop_restored
from .archive import (
    BATCH,
    FORMAT,
    SIGNING_SALT,
    VERSION,
    ArchiveRefused,
    Hashed,
    Table,
    dependency_order,
    quote,
    schema_tables,
    storage_files,
    table_lines,
    write_table,
)

# --- reading an archive ----------------------------------------------------------------------------


class Archive:
    """An opened archive whose signature and every member's checksum were verified."""

    def __init__(self, source: BinaryIO):
        try:
            self.zip = zipfile.ZipFile(source)
            encoded = self.zip.read("manifest.json")
            signature = self.zip.read("manifest.sig").decode()
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as error:
            raise ArchiveRefused(f"Not a shop archive: {error}.") from error
        try:
            signed = signing.Signer(salt=SIGNING_SALT).unsign(signature)
        except signing.BadSignature as error:
            raise ArchiveRefused(
                "The manifest's signature does not match: the archive was changed or made by another platform."
            ) from error
        if signed != hashlib.sha256(encoded).hexdigest():
            raise ArchiveRefused("The manifest was changed after it was signed.")
        self.manifest = json.loads(encoded)
        if self.manifest.get("format") != FORMAT or self.manifest.get("version") != VERSION:
            raise ArchiveRefused("Unknown archive format or version.")
        expected = {f"tables/{name}.json": entry["sha256"] for name, entry in self.manifest["tables"].items()}
        expected |= {f"files/{name}": entry["sha256"] for name, entry in self.manifest["files"].items()}
        expected |= {f"public/{name}.json": entry["sha256"] for name, entry in self.manifest["public"].items()}
        present = {info.filename for info in self.zip.infolist() if not info.is_dir()} - {
            "manifest.json",
            "manifest.sig",
        }
        if present != set(expected):
            raise ArchiveRefused(
                f"The archive's members differ from its manifest: {sorted(present ^ set(expected))[:5]}."
            )
        for member, checksum in expected.items():
            digest = hashlib.sha256()
            with self.zip.open(member) as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
            if digest.hexdigest() != checksum:
                raise ArchiveRefused(f"{member} does not match its checksum.")

    def public(self, name: str):
        return json.loads(self.zip.read(f"public/{name}.json"))

    def table_lines(self, name: str) -> Iterator[str]:
        with self.zip.open(f"tables/{name}.json") as handle:
            for raw in io.TextIOWrapper(handle, encoding="utf-8"):
                line = raw.rstrip("\n")
                if line in ("[", "]", "[]", ""):
                    continue
                yield line[:-1] if line.endswith(",") else line


# --- restore ---------------------------------------------------------------------------------------


def _renamer(mapping: dict[str, str]) -> Callable[[str], str] | None:
    """Rewrites JSON string values equal to a stored file name (as JSON text, so only whole values)."""
    pairs = [(json.dumps(old), json.dumps(new)) for old, new in mapping.items() if old != new]
    if not pairs:
        return None

    def rename(line: str) -> str:
        for old, new in pairs:
            line = line.replace(old, new)
        return line

    return rename


def _create_shop_row(shop: dict, schema: str, as_new_shop: bool) -> Tenant:
    tier = Tier.objects.filter(code=shop["tier"]).first() if shop["tier"] else None
    fields = dict(
        schema_name=schema,
        name=shop["name"],
        status=shop["status"],
        suspension_reason=shop["suspension_reason"],
        currency=shop["currency"],
        tier=tier,
        max_products_override=shop["max_products_override"],
        max_platforms_override=shop["max_platforms_override"],
        ai_credits_override=shop["ai_credits_override"],
        created_at=shop["created_at"],
    )
    if not as_new_shop:
        fields["public_id"] = shop["public_id"]
    tenant = Tenant.objects.create(**fields)
    Domain.objects.create(domain=f"{schema}.internal", tenant=tenant, is_primary=True)
    return tenant


def _load_table(cursor, schema: str, table: Table, lines: Iterator[str], rename) -> None:
    listed = ", ".join(quote(column) for column in table.columns)
    target = f"{quote(schema)}.{quote(table.name)}"
    statement = (
        f"INSERT INTO {target} ({listed}) OVERRIDING SYSTEM VALUE "
        f"SELECT {listed} FROM json_populate_recordset(NULL::{target}, %s::json)"
    )
    batch: list[str] = []
    for line in lines:
        batch.append(rename(line) if rename else line)
        if len(batch) >= BATCH:
            cursor.execute(statement, ["[" + ",".join(batch) + "]"])
            batch = []
    if batch:
        cursor.execute(statement, ["[" + ",".join(batch) + "]"])


def _reset_sequences(cursor, schema: str) -> None:
    cursor.execute(
        """
        SELECT s.relname, t.relname, a.attname FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
        JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass
             AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
        JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
        WHERE n.nspname = %s AND s.relkind = 'S'""",
        [schema],
    )
    for sequence, table, column in cursor.fetchall():
        cursor.execute(
            f"SELECT setval(%s::regclass, COALESCE((SELECT max({quote(column)}) FROM "
            f"{quote(schema)}.{quote(table)}), 0) + 1, false)",
            [f"{quote(schema)}.{quote(sequence)}"],
        )


def _verify(schema: str, tables: dict[str, Table], manifest: dict, back: Callable[[str], str] | None) -> None:
    """Read every table back and compare with the archive: same rows, same bytes."""
    for name, entry in manifest["tables"].items():
        stream = Hashed(io.BytesIO())
        count = write_table(stream, table_lines(schema, tables[name]), back)
        if count != entry["rows"] or stream.digest.hexdigest() != entry["sha256"]:
            raise ArchiveRefused(
                f"Table {name} does not match the archive after loading ({count} rows, {entry['rows']} expected)."
            )


def _restore_members(tenant: Tenant, members: list[dict], as_new_shop: bool) -> None:
    for member in members:
        user = User.objects.filter(email=member["email"]).first()
        if user is None:
            # The person sets a password with "forgot password"; nothing secret is in the archive.
            user = User.objects.create_user(
                email=member["email"], password=None, first_name=member["first_name"], last_name=member["last_name"]
            )
        fields = {"user": user, "tenant": tenant, "role": member["role"]}
        if not as_new_shop:
            fields["public_id"] = member["public_id"]
        membership = Membership.objects.create(**fields)
        Membership.objects.filter(pk=membership.pk).update(created_at=member["created_at"])


def restore_shop(source: BinaryIO, *, as_new_shop: bool = False) -> Tenant:
    """Recreate the shop held by the archive `source`; returns the new shop.

    Without `as_new_shop` the shop keeps its schema name and ids, and a restore over a shop that
    exists (same schema or id) is refused. With it, the shop gets a new schema name and new ids.
    """
    archive = Archive(source)
    manifest = archive.manifest
    shop = archive.public("shop")
    connection.set_schema_to_public()
    if as_new_shop:
        schema = provisioning.generate_schema_name()
    else:
        schema = shop["schema_name"]
        if (
            Tenant.objects.filter(schema_name=schema).exists()
            or Tenant.objects.filter(public_id=shop["public_id"]).exists()
        ):
            raise ArchiveRefused(
                f"Shop {shop['name']!r} ({schema}) exists: delete it first, or restore it as a new shop."
            )
        for leftover in storage_files(f"{schema}/"):  # files of an earlier restore that was killed
            default_storage.delete(leftover)
    written: list[str] = []
    try:
        with transaction.atomic():
            provisioning.check_template()
            tenant = _create_shop_row(shop, schema, as_new_shop)
            provisioning.clone_template(schema)
            with connection.cursor() as cursor:
                tables = schema_tables(cursor, schema)
                differing = sorted(
                    name
                    for name, entry in manifest["tables"].items()
                    if name not in tables or tables[name].columns != entry["columns"]
                )
                differing += sorted(set(tables) - set(manifest["tables"]))
                if differing:
                    raise ArchiveRefused(
                        f"The archive was made with other migrations than this platform's "
                        f"(tables {differing[:5]} differ)."
                    )
                cursor.execute("TRUNCATE " + ", ".join(f"{quote(schema)}.{quote(n)}" for n in tables))
            mapping = {}
            for relative in sorted(manifest["files"]):
                old_name = f"{manifest['schema_name']}/{relative}"
                new_name = default_storage.save(
                    f"{schema}/{relative}", ContentFile(archive.zip.read(f"files/{relative}"))
                )
                written.append(new_name)
                mapping[old_name] = new_name
            rename = _renamer(mapping)
            with connection.cursor() as cursor:
                for name in dependency_order(tables):
                    _load_table(cursor, schema, tables[name], archive.table_lines(name), rename)
                _reset_sequences(cursor, schema)
            _verify(schema, tables, manifest, _renamer({new: old for old, new in mapping.items()}))
            _restore_members(tenant, archive.public("members"), as_new_shop)
            for row in archive.public("ai_credits"):
                AiCreditLedger.objects.create(tenant=tenant, month=row["month"], used=row["used"])
            connection.set_schema_to_public()
            shop_restored.send(sender=Tenant, schema_name=schema, tenant=tenant)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    tenant.refresh_from_db()
    return tenant
