"""Signals other apps subscribe to, so that `tenants` never imports them.

`shop_erasing` is sent inside the erasure's transaction, before the shop's schema and rows go:
receivers delete or anonymise their own public rows about the shop and return a short,
human-readable note of what they kept (or None). `shop_erased` is sent after the commit:
receivers clear what lives outside PostgreSQL (Redis keys).

Both carry `schema_name`, `tenant_id`, `user_ids` (the shop's members), `emails` (theirs) and
`token_ids` (the shop's API tokens, revoked or not).

The team and token signals are sent by the services after the change, inside its transaction
(the audit app records them): `actor` is the user who made the change.
"""

from django.dispatch import Signal

shop_erasing = Signal()
shop_erased = Signal()

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
