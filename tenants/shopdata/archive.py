"""What export and restore share: the archive's format and signature, the columns left out, a
schema's tables read from pg_catalog, their rows as JSON lines, and the shop's stored files."""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core import signing
from django.core.files.storage import default_storage
from django.db import connection

FORMAT = "stoflow-shop-archive"
VERSION = 1
SIGNING_SALT = "tenants.shopdata.manifest"
BATCH = 500


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


def left_out_columns() -> list[LeftOut]:
    """The registered columns, in table and column order."""
    return sorted(_left_out.values(), key=lambda lo: (lo.table, lo.column))


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- reading a schema from pg_catalog --------------------------------------------------------------


@dataclass
class Table:
    name: str
    columns: list[str]  # stored (not generated) columns, in order
    order_by: list[str]  # primary key, or every column
    depends_on: set[str] = field(default_factory=set)


def schema_tables(cursor, schema: str) -> dict[str, Table]:
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
        values.append(f"{left.replacement_sql} AS {quote(column)}" if left else quote(column))
    order = ", ".join(quote(column) for column in table.order_by)
    return (
        f"SELECT row_to_json(r)::text FROM (SELECT {', '.join(values)} FROM {quote(schema)}.{quote(table.name)} "
        f"ORDER BY {order}) r"
    )


def table_lines(schema: str, table: Table) -> Iterator[str]:
    """Rows as PostgreSQL writes them, streamed with a server-side cursor."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(_select_rows(schema, table))
        while rows := cursor.fetchmany(BATCH):
            for (line,) in rows:
                yield line


class Hashed:
    """Writes to a zip member while computing its SHA-256 and size."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.digest.update(data)
        self.size += len(data)


def write_table(stream: Hashed, lines: Iterator[str], rename: Callable[[str], str] | None = None) -> int:
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


def sign(manifest: bytes) -> bytes:
    return signing.Signer(salt=SIGNING_SALT).sign(hashlib.sha256(manifest).hexdigest()).encode()
