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
    others = _rows(
        cursor,
        """
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
    """,
        [source] * 4,
    )
    if others:
        raise CloneError(f"The template holds objects this copy does not handle: {others}.")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The script that copies a source, written for this placeholder target and kept per (source, version).
_PLACEHOLDER = "stoflow_clone_target"
_scripts: dict[tuple[str, str], str] = {}


def clone_schema(source: str, target: str, version: str | None = None) -> None:
    """Create schema `target` as a copy of `source`. Runs in the caller's transaction.

    The catalog is read in a few queries and the copy is sent as one script: a shop is
    created while a person waits on the sign-up page. Those reads filter `pg_class` by schema,
    which has no index and so grows with the number of shops: with `version` (the source's
    migration state) the script is read once per process and version, then reused.
    """
    _check_names(source, target)
    key = (source, version) if version else None
    script = _scripts.get(key) if key else None
    if script is None:
        script = _script(source)
        if key:
            _scripts[key] = script
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(script.replace(_quote(_PLACEHOLDER), _quote(target)))


def _script(source: str) -> str:
    target = _PLACEHOLDER
    src, dst = _quote(source), _quote(target)
    # Definitions read from pg_catalog name the source schema when it is not on the search path.
    requalify = re.compile(r"(?<![\w\"])(?:" + re.escape(src) + "|" + re.escape(source) + r")\.")

    def in_target(definition: str) -> str:
        return requalify.sub(dst + ".", definition)

    connection.set_schema_to_public()  # keeps the template off the search path, so definitions name it
    with connection.cursor() as cursor:
        _refuse_unsupported(cursor, source)
        columns: dict[str, list[str]] = {}
        identities: list[tuple[str, str]] = []
        for table, column, identity in _rows(
            cursor,
            """
                SELECT c.relname, a.attname, a.attidentity <> '' FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = %s AND c.relkind = 'r' AND a.attgenerated = ''
                ORDER BY c.relname, a.attnum""",
            [source],
        ):
            columns.setdefault(table, []).append(_quote(column))
            if identity:
                identities.append((table, column))
        indexes = _rows(
            cursor,
            """
            SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
            JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid
                                                 AND k.contype IN ('p', 'u', 'x'))""",
            [source],
        )
        # Primary keys, unique and check constraints first, foreign keys last.
        constraints = _rows(
            cursor,
            """
            SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND k.contype IN ('p', 'u', 'c', 'x', 'f')
            ORDER BY k.contype = 'f', c.relname, k.conname""",
            [source],
        )

        # Most template tables are empty: copy rows (migration records, seed data) only where there are some.
        filled = {
            name
            for (name,) in _rows(
                cursor,
                " UNION ALL ".join(
                    f"SELECT {_literal(table)} WHERE EXISTS (SELECT 1 FROM {src}.{_quote(table)})" for table in columns
                ),
                [],
            )
        }

        script = [f"CREATE SCHEMA {dst}"]
        for table, names in columns.items():
            script.append(
                f"CREATE TABLE {dst}.{_quote(table)} (LIKE {src}.{_quote(table)} INCLUDING DEFAULTS "
                "INCLUDING IDENTITY INCLUDING GENERATED INCLUDING STORAGE INCLUDING COMMENTS)"
            )
            if table in filled:
                listed = ", ".join(names)
                script.append(
                    f"INSERT INTO {dst}.{_quote(table)} ({listed}) OVERRIDING SYSTEM VALUE "
                    f"SELECT {listed} FROM {src}.{_quote(table)}"
                )
        script += [in_target(definition) for (definition,) in indexes]
        # One ALTER TABLE per table and pass (keys and checks, then foreign keys): fewer catalog rewrites.
        passes: dict[tuple[bool, str], list[str]] = {}
        for table, name, definition in constraints:
            passes.setdefault((definition.startswith("FOREIGN KEY"), table), []).append(
                f"ADD CONSTRAINT {_quote(name)} {in_target(definition)}"
            )
        script += [
            f"ALTER TABLE {dst}.{_quote(table)} " + ", ".join(parts)
            for (_foreign, table), parts in sorted(passes.items())
        ]
        # Identity sequences continue after the copied rows.
        script += [
            f"SELECT setval(pg_get_serial_sequence({_literal(f'{dst}.{_quote(table)}')}, {_literal(column)}), "
            f"COALESCE((SELECT max({_quote(column)}) FROM {dst}.{_quote(table)}), 0) + 1, false)"
            for table, column in identities
            if table in filled
        ]
    return ";\n".join(script)
