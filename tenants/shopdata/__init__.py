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

# The archive's layout and what both directions share live in .archive; export and restore each in
# their own module. Callers use this package's names.
from .archive import ArchiveRefused, leave_out, storage_files
from .export import export_shop
from .restore import restore_shop

__all__ = ["ArchiveRefused", "export_shop", "leave_out", "restore_shop", "storage_files"]
