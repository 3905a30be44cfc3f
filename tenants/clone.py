"""Copy the template schema into a new shop schema, from PostgreSQL's own catalog.

django-tenants' bundled clone function re-creates a large PL/pgSQL function on every
call and reads `information_schema`, which slows down as the number of shops grows.
This copy reads `pg_catalog` and issues a handful of statements per table, keeping
every index and constraint name (later migrations refer to them by name).

It copies what tenant schemas hold: tables with their columns, defaults, identity
columns, indexes, constraints (foreign keys last) and rows. Anything else in the
template (views, functions, sequences not owned by a column, types) is refused,
so that whoever adds one extends this module rather than getting a silent gap.
"""
import re

from django.db import connection

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class CloneError(RuntimeError):
    pass


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_names(*names: str) -> None:
    for name in names:
        if not _IDENTIFIER.match(name):
            raise CloneError(f"Unexpected schema name {name!r}.")


def _rows(cursor, sql: str, params: list) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _refuse_unsupported(cursor, source: str) -> None:
    others = _rows(cursor, """
        SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind NOT IN ('r', 'i', 'S')
        UNION ALL
        SELECT p.proname, 'function' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = %s
        UNION ALL
        SELECT s.relname, 'free sequence' FROM pg_class s JOIN pg_namespace n ON n.oid = s.relnamespace
        WHERE n.nspname = %s AND s.relkind = 'S'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = s.oid AND d.deptype IN ('a', 'i'))
        UNION ALL
        SELECT t.tgname, 'trigger' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal
    """, [source] * 4)
    if others:
        raise CloneError(f"The template holds objects this copy does not handle: {others}.")


def clone_schema(source: str, target: str) -> None:
    """Create schema `target` as a copy of `source`. Runs in the caller's transaction."""
    _check_names(source, target)
    src, dst = _quote(source), _quote(target)
    # Definitions read from pg_catalog name the source schema when it is not on the search path.
    requalify = re.compile(r"(?<![\w\"])(?:" + re.escape(src) + "|" + re.escape(source) + r")\.")

    def in_target(definition: str) -> str:
        return requalify.sub(dst + ".", definition)

    connection.set_schema_to_public()  # keeps the template off the search path, so definitions name it
    with connection.cursor() as cursor:
        _refuse_unsupported(cursor, source)
        tables = [name for (name,) in _rows(cursor, """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname""", [source])]
        cursor.execute(f"CREATE SCHEMA {dst}")
        for table in tables:
            cursor.execute(f"CREATE TABLE {dst}.{_quote(table)} (LIKE {src}.{_quote(table)} INCLUDING DEFAULTS "
                           "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)")
            columns = ", ".join(_quote(c) for (c,) in _rows(cursor, """
                SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped
                  AND a.attgenerated = '' ORDER BY a.attnum""", [source, table]))
            cursor.execute(f"INSERT INTO {dst}.{_quote(table)} ({columns}) OVERRIDING SYSTEM VALUE "
                           f"SELECT {columns} FROM {src}.{_quote(table)}")

        # Indexes that no constraint owns, then primary keys, unique and check constraints, then foreign keys.
        for (definition,) in _rows(cursor, """
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
                                                     AND k.contype IN ('p', 'u', 'x'))""", [source]):
            cursor.execute(in_target(definition))
        constraints = _rows(cursor, """
            SELECT c.relname, k.conname, pg_get_constraintdef(k.oid), k.contype FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'c', 'x', 'f')
            ORDER BY k.contype = 'f', c.relname, k.conname""", [source])
        for table, name, definition, _kind in constraints:
            cursor.execute(f"ALTER TABLE {dst}.{_quote(table)} ADD CONSTRAINT {_quote(name)} {in_target(definition)}")

        # Identity sequences continue after the copied rows.
        for table, column in _rows(cursor, """
                SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped""",
                                   [target]):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                           f"COALESCE((SELECT max({_quote(column)}) FROM {dst}.{_quote(table)}), 0) + 1, false)",
                           [f"{dst}.{_quote(table)}", column])
