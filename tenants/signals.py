"""Signals other apps subscribe to, so that `tenants` never imports them.

`shop_erasing` is sent inside the erasure's transaction, before the shop's schema and rows go:
receivers delete or anonymise their own public rows about the shop and return a short,
human-readable note of what they kept (or None). `shop_erased` is sent after the commit:
receivers clear what lives outside PostgreSQL (Redis keys).

Both carry `schema_name`, `tenant_id`, `user_ids` (the shop's members), `emails` (theirs) and
`token_ids` (the shop's API tokens, revoked or not).
"""

from django.dispatch import Signal

shop_erasing = Signal()
shop_erased = Signal()
