"""Signals of the Vinted app.

`session_refreshed(account)`: a fresh session for `account` was stored (vinted.services.connect),
sent inside the transaction that stored it. The job engine subscribes (jobs parked for a session
go back to work), so storing a session knows nothing of jobs.
"""

from django.dispatch import Signal

session_refreshed = Signal()
