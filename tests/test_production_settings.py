"""Production mode: refuses to start without its secrets, passes `check --deploy`."""

import base64
import os
import subprocess
import sys

from tests.services import ROOT


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "STOFLOW_ENCRYPTION_KEYS", "DEBUG")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, "STOFLOW_ENV": "production", **env},
    )


PRODUCTION_ENV = {
    "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
    "STOFLOW_ENCRYPTION_KEYS": "k2026:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "ALLOWED_HOSTS": "stoflow.example.com",
}


def test_production_without_secret_key_refuses_to_start():
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_without_encryption_keys_refuses_to_start():
    env = dict(PRODUCTION_ENV)
    del env["STOFLOW_ENCRYPTION_KEYS"]
    result = _manage("check", **env)
    assert result.returncode != 0 and "STOFLOW_ENCRYPTION_KEYS" in result.stderr


def test_production_with_a_malformed_key_ring_fails_the_checks():
    result = _manage("check", **{**PRODUCTION_ENV, "STOFLOW_ENCRYPTION_KEYS": "k1:c2hvcnQ="})
    assert result.returncode != 0 and "32 bytes" in result.stderr


def test_check_deploy_passes_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_hashes_passwords_with_argon2_first():
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = _manage("shell", "--no-imports", "-c", code, **PRODUCTION_ENV)
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher", result.stderr
