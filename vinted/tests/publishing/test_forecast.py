"""The budget forecast replays the sliding log: a request beyond the budget goes when a slot frees."""

from vinted.publishing.forecast import _slot_times


def test_slot_times_within_the_budget_go_now():
    assert _slot_times([0, 1000], now_ms=5000, limit=5, window_ms=10_000, count=3) == [5000, 5000, 5000]


def test_slot_times_beyond_the_budget_wait_for_the_oldest_attempts_to_leave_the_window():
    # Two slots taken at 0 and 1000, limit 3 per 10 s: one goes now, then at 0+10 s, then at 1000+10 s.
    assert _slot_times([0, 1000], now_ms=5000, limit=3, window_ms=10_000, count=3) == [5000, 10_000, 11_000]


def test_slot_times_after_a_full_window_chain_on_the_new_requests():
    # Limit 1: each request waits a full window after the previous one.
    assert _slot_times([2000], now_ms=3000, limit=1, window_ms=10_000, count=2) == [12_000, 22_000]


def test_forecast_time_today_is_the_time_and_another_day_carries_the_date(settings):
    import datetime

    from django.utils import formats, timezone, translation

    from vinted.publishing.forecast import Forecast

    now = timezone.localtime()
    today = now.replace(hour=12, minute=0, second=0, microsecond=0)
    tomorrow = (now + datetime.timedelta(days=1)).replace(hour=7, minute=58, second=0, microsecond=0)
    forecast = Forecast(needed=50, remaining=0, limit=40, window_seconds=7200, first_waiting_at=today, last_at=tomorrow)
    with translation.override("en"):
        assert forecast.first_label == "at 12:00"
        assert forecast.last_label.startswith("on ") and forecast.last_label.endswith(" at 07:58")
        assert forecast.last_label == f"on {formats.date_format(tomorrow, 'SHORT_DATE_FORMAT')} at 07:58"
    with translation.override("fr"):
        assert forecast.last_label == f"le {formats.date_format(tomorrow, 'SHORT_DATE_FORMAT')} à 07:58"
