"""Signals other apps subscribe to (notifications, webhooks); catalog imports none of them."""

from django.dispatch import Signal

# Sent once a sale is committed: sale=Sale. Not sent again for a listing recorded twice.
sale_recorded = Signal()
