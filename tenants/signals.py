"""Signals other apps subscribe to, so that `tenants` never imports them.

`shop_erasing` is sent inside the erasure's transaction, before the shop's schema and rows go:
every app with a public row that names the shop (a `tenant_schema` column, a reference) deletes or
anonymises it and returns a `Cleanup`: how many rows of each kind it removed and a short,
human-readable note of what it kept (or None). `shop_erased` is sent after the commit: receivers
clear what lives outside PostgreSQL (Redis keys).

Both carry `schema_name`, `tenant_id`, `user_ids` (the shop's members), `emails` (theirs) and
`token_ids` (the shop's API tokens, revoked or not).

`shop_restored` is sent by `shopdata.restore_shop` inside the restore's transaction, once the
shop's rows and files are in place (the connection on the public schema): every app with a public
index of what a shop holds (a `tenant_schema` column) writes the restored shop's rows. It carries
`schema_name` (the restored shop's, new with `--as-new-shop`) and `tenant`; a receiver that raises
rolls the restore back.

The team and token signals are sent by the services after the change, inside its transaction
(the audit app records them): `actor` is the user who made the change.
"""

from dataclasses import dataclass, field

from django.dispatch import Signal


@dataclass
class Cleanup:
    """A `shop_erasing` receiver's answer. `removed` maps a label ("eBay jobs waiting") to a row count;
    labels and `kept` are an operator's record, stored as is (not translated), naming no person or shop."""

    removed: dict[str, int] = field(default_factory=dict)
    kept: str | None = None


shop_erasing = Signal()
shop_erased = Signal()
shop_restored = Signal()  # schema_name, tenant

# Team: a seat given at once (a new address), a member's role, a seat taken away (`by_self`: they
# left), the ownership handed over (`previous_role`: the new owner's role before).
member_added = Signal()  # membership, actor
member_role_changed = Signal()  # membership, old_role, actor
member_removed = Signal()  # membership, actor, by_self
ownership_transferred = Signal()  # new_owner, previous_owner, previous_role
# Invitations of people who already have an account.
invitation_sent = Signal()  # invitation, actor
invitation_accepted = Signal()  # invitation, membership, actor
invitation_declined = Signal()  # invitation, actor
# API tokens (never the key: the token row has only its hash and public prefix).
token_created = Signal()  # token, actor
token_revoked = Signal()  # token, actor
