"""A shop's data as one archive: export it, restore it.

The archive is a zip file:

- `tables/<table>.json`: every row of every table of the shop's schema, read from `pg_catalog`
  (so a new app's tables are included without code here), as a JSON array with one row per line,
  each row as PostgreSQL's own `row_to_json` writes it (numbers, dates and JSON keep their exact
  text), ordered by primary key.
- `files/<name>`: every file the storage holds under the shop's prefix (`<schema>/`), read through
  Django's storage API (photos, and whatever another app stores there).
- `public/*.json`: the shop's public rows: the shop and its plan, its members, its API tokens
  (names and dates only: never a key, hash or prefix) and its AI credit months.
- `manifest.json`: counts and SHA-256 of every member, the columns of each table, and what was
  left out (sealed marketplace sessions, registered by their app with `leave_out`).
- `manifest.sig`: the manifest's digest signed with the platform's SECRET_KEY. A restore refuses
  an archive whose signature or any member's checksum does not match, or that holds a member the
  manifest does not list: an archive changed by hand is refused, so only archives this platform
  made can be restored.

A restore runs in one transaction: shop row, a schema cloned from the template, every row in
foreign-key order, sequences moved past the loaded ids, a re-read of every table compared with
the manifest's counts and checksums, then the memberships. A failure or a killed process leaves
no shop behind (files already written are removed on failure; see docs/shop-data.md).
"""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from . import provisioning
from .models import AiCreditLedger, ApiToken, Domain, Membership, Tenant, Tier, User

FORMAT = "stoflow-shop-archive"
VERSION = 1
_SIGNING_SALT = "tenants.shopdata.manifest"
_BATCH = 500


class ArchiveRefused(Exception):
    """The archive cannot be restored; the message says why."""


@dataclass(frozen=True)
class LeftOut:
    table: str
    column: str
    replacement_sql: str  # the value written instead, and loaded on restore (a constant of the column's type)
    reason: str


_left_out: dict[tuple[str, str], LeftOut] = {}


def leave_out(table: str, column: str, *, replacement_sql: str, reason: str) -> None:
    """Never export this column's values (call from the owning app's `AppConfig.ready()`)."""
    _left_out[(table, column)] = LeftOut(table, column, replacement_sql, reason)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- reading a schema from pg_catalog --------------------------------------------------------------


@dataclass
class Table:
    name: str
    columns: list[str]  # stored (not generated) columns, in order
    order_by: list[str]  # primary key, or every column
    depends_on: set[str] = field(default_factory=set)


def _schema_tables(cursor, schema: str) -> dict[str, Table]:
    cursor.execute(
        """
        SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attgenerated = ''
        ORDER BY c.relname, a.attnum""",
        [schema],
    )
    tables: dict[str, Table] = {}
    for table, column in cursor.fetchall():
        tables.setdefault(table, Table(table, [], [])).columns.append(column)
    cursor.execute(
        """
        SELECT c.relname, a.attname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position) ON true
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = key.attnum
        WHERE n.nspname = %s AND k.contype = 'p' ORDER BY c.relname, key.position""",
        [schema],
    )
    for table, column in cursor.fetchall():
        if table in tables:
            tables[table].order_by.append(column)
    cursor.execute(
        """
        SELECT c.relname, r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_class r ON r.oid = k.confrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE n.nspname = %s AND rn.nspname = %s AND k.contype = 'f'""",
        [schema, schema],
    )
    for table, referenced in cursor.fetchall():
        if table in tables and referenced != table:
            tables[table].depends_on.add(referenced)
    for table in tables.values():
        table.order_by = table.order_by or list(table.columns)
    return tables


def dependency_order(tables: dict[str, Table]) -> list[str]:
    """Referenced tables before the tables that refer to them (self-references are deferred by
    Django's DEFERRABLE foreign keys; a cycle between tables is loaded in name order)."""
    done: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in placed or name in visiting:
            return
        visiting.add(name)
        for dependency in sorted(tables[name].depends_on):
            if dependency in tables:
                visit(dependency)
        visiting.discard(name)
        placed.add(name)
        done.append(name)

    for name in sorted(tables):
        visit(name)
    return done


def _select_rows(schema: str, table: Table) -> str:
    values = []
    for column in table.columns:
        left = _left_out.get((table.name, column))
        values.append(f"{left.replacement_sql} AS {_quote(column)}" if left else _quote(column))
    order = ", ".join(_quote(column) for column in table.order_by)
    return (
        f"SELECT row_to_json(r)::text FROM (SELECT {', '.join(values)} FROM {_quote(schema)}.{_quote(table.name)} "
        f"ORDER BY {order}) r"
    )


def _table_lines(schema: str, table: Table) -> Iterator[str]:
    """Rows as PostgreSQL writes them, streamed with a server-side cursor."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(_select_rows(schema, table))
        while rows := cursor.fetchmany(_BATCH):
            for (line,) in rows:
                yield line


class _Hashed:
    """Writes to a zip member while computing its SHA-256 and size."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)


def _write_table(stream: _Hashed, lines: Iterator[str], rename: Callable[[str], str] | None = None) -> int:
    count = 0
    stream.write(b"[")
    for line in lines:
        stream.write((",\n" if count else "\n").encode() + (rename(line) if rename else line).encode())
        count += 1
    stream.write(b"\n]\n" if count else b"]\n")
    return count


def storage_files(prefix: str) -> list[str]:
    """Every file name the default storage holds under `prefix` (a folder name ending in '/')."""
    names: list[str] = []
    pending = [prefix.rstrip("/")]
    while pending:
        folder = pending.pop()
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        names += [f"{folder}/{name}" for name in files]
        pending += [f"{folder}/{name}" for name in folders]
    return sorted(names)


# --- export ---------------------------------------------------------------------------------------


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


def _sign(manifest: bytes) -> bytes:
    return signing.Signer(salt=_SIGNING_SALT).sign(hashlib.sha256(manifest).hexdigest()).encode()


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
        "left_out": [
            {"table": lo.table, "column": lo.column, "reason": lo.reason}
            for lo in sorted(_left_out.values(), key=lambda lo: (lo.table, lo.column))
        ],
        "not_restored": ["API tokens: their keys are never exported; create new ones."],
    }
    connection.set_schema_to_public()
    connection.cursor().close()  # sets the search path now, so the transaction's first statement is the next one
    snapshot = not connection.in_atomic_block  # inside a caller's transaction, its own snapshot applies
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive, transaction.atomic():
        with connection.cursor() as cursor:
            if snapshot:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            tables = _schema_tables(cursor, schema)
        files = storage_files(f"{schema}/")
        total, done = len(tables) + len(files) + 1, 0
        for name in dependency_order(tables):
            with archive.open(f"tables/{name}.json", "w", force_zip64=True) as handle:
                stream = _Hashed(handle)
                count = _write_table(stream, _table_lines(schema, tables[name]))
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
                stream = _Hashed(handle)
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
        archive.writestr("manifest.sig", _sign(encoded))
    if progress:
        progress(total, total)
    return manifest


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
            signed = signing.Signer(salt=_SIGNING_SALT).unsign(signature)
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
    listed = ", ".join(_quote(column) for column in table.columns)
    target = f"{_quote(schema)}.{_quote(table.name)}"
    statement = (
        f"INSERT INTO {target} ({listed}) OVERRIDING SYSTEM VALUE "
        f"SELECT {listed} FROM json_populate_recordset(NULL::{target}, %s::json)"
    )
    batch: list[str] = []
    for line in lines:
        batch.append(rename(line) if rename else line)
        if len(batch) >= _BATCH:
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
            f"SELECT setval(%s::regclass, COALESCE((SELECT max({_quote(column)}) FROM "
            f"{_quote(schema)}.{_quote(table)}), 0) + 1, false)",
            [f"{_quote(schema)}.{_quote(sequence)}"],
        )


def _verify(schema: str, tables: dict[str, Table], manifest: dict, back: Callable[[str], str] | None) -> None:
    """Read every table back and compare with the archive: same rows, same bytes."""
    for name, entry in manifest["tables"].items():
        stream = _Hashed(io.BytesIO())
        count = _write_table(stream, _table_lines(schema, tables[name]), back)
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
                tables = _schema_tables(cursor, schema)
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
                cursor.execute("TRUNCATE " + ", ".join(f"{_quote(schema)}.{_quote(n)}" for n in tables))
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
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    tenant.refresh_from_db()
    return tenant
