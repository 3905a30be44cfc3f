"""Beat reads the public poll index several times per live interval, so a poll that started late is
due again at the first tick after its interval, not one interval later (docs/scaling.md)."""

from django.conf import settings


def _period(entry: str) -> float:
    return settings.CELERY_BEAT_SCHEDULE[entry]["schedule"].total_seconds()


def test_beat_reads_vinted_sync_rows_several_times_per_live_sync_interval():
    assert _period("vinted-sync-accounts") == settings.CHANNEL_POLL_TICK_SECONDS
    assert _period("vinted-sync-accounts") * 2 <= settings.VINTED_LIVE_SYNC_INTERVAL_SECONDS


def test_beat_reads_ebay_order_rows_several_times_per_live_poll_interval():
    assert _period("ebay-poll-orders") == settings.CHANNEL_POLL_TICK_SECONDS
    assert _period("ebay-poll-orders") * 2 <= settings.EBAY_ORDERS_POLL_SECONDS
