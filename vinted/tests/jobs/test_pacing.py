"""The pause between two mutating requests depends on the kind of site."""

from vinted.budget import account_key
from vinted.jobs import pacing


def test_pause_on_a_real_site_uses_the_request_delay(settings):
    settings.VINTED_REQUEST_DELAY_MIN, settings.VINTED_REQUEST_DELAY_MAX = 20, 50
    settings.VINTED_SANDBOX_REQUEST_DELAY_MIN = settings.VINTED_SANDBOX_REQUEST_DELAY_MAX = 0
    pauses = [pacing.pause_seconds(account_key("www.vinted.fr", 42)) for _ in range(50)]
    assert all(20 <= pause <= 50 for pause in pauses) and len(set(pauses)) > 1


def test_pause_on_a_sandbox_site_uses_the_sandbox_delay(settings):
    settings.VINTED_REQUEST_DELAY_MIN, settings.VINTED_REQUEST_DELAY_MAX = 20, 50
    settings.VINTED_SANDBOX_REQUEST_DELAY_MIN = settings.VINTED_SANDBOX_REQUEST_DELAY_MAX = 0
    assert pacing.pause_seconds(account_key("sandbox:fr", 42)) == 0


def test_default_delays_outside_tests_are_20_to_50_seconds_on_real_sites():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings as s; print(s.VINTED_REQUEST_DELAY_MIN, s.VINTED_REQUEST_DELAY_MAX)"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VINTED_")}
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        capture_output=True,
        text=True,
        env={**env, "STOFLOW_ENV": "development"},
    ).stdout.split()
    assert out[-2:] == ["20.0", "50.0"]
