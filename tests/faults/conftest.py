"""The fault suite's stack: a Celery worker and beat (kept running by the `make run` supervisor's
restart rule, scripts/stack.py Restarts) on a PRIVATE PostgreSQL and a PRIVATE broker Redis, so a
test may restart or stop them without touching pytest's own database or Redis, and the Vinted
sandbox over HTTP.

The private database starts as a copy of pytest's (pg_dump | pg_restore: much faster than
migrating). For the module this process's default connection, the limiter/lock Redis and the
Celery producer point at the private services, so the tests seed, ask for jobs and read states
with the engine's own code; each test is a committed-data test (its flush empties the private
database's tables, and `committed_platform` puts the platform rows back).
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings

from stoflow.celery import app as celery_app
from tests.services import use_broker

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("stoflow_stack_faults", ROOT / "scripts" / "stack.py")
stack_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stack_script)

DISPATCH_INTERVAL = 1.0
HEARTBEAT = 3.0


@dataclass
class FaultStack:
    data: Path
    postgres: object
    broker: object
    children: object
    restarts: object
    env: dict
    logs: Path
    events: list = field(default_factory=list)  # (monotonic time, what) from the supervisor thread

    def broker_client(self) -> redis.Redis:
        return redis.Redis.from_url(self.broker.url)

    def restart_postgres(self) -> None:
        self.postgres.stop()
        self.postgres.start()

    def restart_broker(self, down_seconds: float = 0) -> None:
        self.broker.stop()
        time.sleep(down_seconds)
        self.broker.start()

    def logs_text(self) -> str:
        return "\n".join(
            f"----- {p.stem} -----\n{p.read_text(errors='replace')[-12000:]}" for p in sorted(self.logs.glob("*.log"))
        )


def _copy_database(target) -> None:
    s = connection.settings_dict
    dump = subprocess.Popen(
        [
            stack_script.pg_bin("pg_dump"),
            "-h",
            s["HOST"] or "127.0.0.1",
            "-p",
            str(s["PORT"]),
            "-U",
            s["USER"],
            "-Fc",
            s["NAME"],
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""},
    )
    subprocess.run(
        [
            stack_script.pg_bin("pg_restore"),
            "-h",
            "127.0.0.1",
            "-p",
            str(target.port),
            "-U",
            "postgres",
            "-d",
            "stoflow",
            "--no-owner",
        ],
        stdin=dump.stdout,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    dump.wait(60)


def reconnecting(read):
    """read() on this process's connection, opening it again after a database restart."""
    for _ in range(50):
        try:
            return read()
        except (OperationalError, InterfaceError):
            connection.close()
            time.sleep(0.2)
    return read()


@pytest.fixture(scope="module")
def sandbox_server():
    """The Vinted sandbox over real HTTP, on a free port."""
    from vinted.sandbox.server import SandboxServer

    server = SandboxServer(port=0).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def faults(django_db_setup, django_db_blocker, sandbox_server):
    data = Path(tempfile.mkdtemp(prefix="stoflow-faults-"))
    if stack_script.IS_ROOT:
        os.chmod(data, 0o755)
    logs = data / "logs"
    logs.mkdir()
    postgres = stack_script.Postgres(data, stack_script.free_port(), fast=True)
    # Persistent (AOF) as in `make run`: a restart keeps the queue and the unacknowledged messages.
    broker = stack_script.Redis(data, "redis", stack_script.free_port(), persistent=True, eviction=False)
    unblocked = django_db_blocker.unblock()
    unblocked.__enter__()
    original = dict(connection.settings_dict)
    children = None
    stopping = threading.Event()
    try:
        postgres.start()
        broker.start()
        _copy_database(postgres)
        env = {
            **os.environ,
            "STOFLOW_ENV": "test",
            "PYTHONUNBUFFERED": "1",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": broker.url,
            "CACHE_REDIS_URL": broker.url.rsplit("/", 1)[0] + "/1",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "VINTED_SANDBOX_ENABLED": "true",
            "VINTED_SANDBOX_URL": sandbox_server.url,
            "VINTED_DISPATCH_INTERVAL_SECONDS": str(DISPATCH_INTERVAL),
            "VINTED_JOB_REDISPATCH_SECONDS": "3",
            "VINTED_RUN_HEARTBEAT_SECONDS": str(HEARTBEAT),
            "VINTED_READ_TIMEOUT": "5",
            "VINTED_CONNECT_TIMEOUT": "1",
            "VINTED_SYNC_INTERVAL_SECONDS": "0",
            "VINTED_REQUEST_DELAY_MIN": "0",
            "VINTED_REQUEST_DELAY_MAX": "0",
            "RATELIMIT_UNAVAILABLE_RETRY_SECONDS": "2",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        celery = [sys.executable, "-m", "celery", "-A", "stoflow"]
        commands = {
            "worker": [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2", "--without-mingle"],
            "beat": [*celery, "beat", "--loglevel", "INFO", "--schedule", str(data / "celerybeat-schedule")],
        }
        children = stack_script.Children(commands, env, logs=logs).start()
        restarts = stack_script.Restarts(children)
        stack = FaultStack(data, postgres, broker, children, restarts, env, logs)

        def supervise():
            while not stopping.wait(0.3):
                exited = restarts.poll()
                if exited:
                    stack.events.append((time.monotonic(), f"{exited[0]} exited {exited[1]}"))

        threading.Thread(target=supervise, name="fault-supervisor", daemon=True).start()

        connection.close()
        connection.settings_dict.update(
            NAME="stoflow", HOST="127.0.0.1", PORT=str(postgres.port), USER="postgres", PASSWORD=""
        )
        overrides = override_settings(
            REDIS_URL=broker.url,
            VINTED_SANDBOX_ENABLED=True,
            VINTED_SANDBOX_URL=sandbox_server.url,
            VINTED_JOB_REDISPATCH_SECONDS=3,
            VINTED_RUN_HEARTBEAT_SECONDS=HEARTBEAT,
            VINTED_DISPATCH_INTERVAL_SECONDS=DISPATCH_INTERVAL,
            BEAT_HEARTBEAT_MAX_AGE_SECONDS=3 * DISPATCH_INTERVAL,
        )
        overrides.enable()
        use_broker(celery_app, broker.url)
        try:
            _wait_for_worker(stack)
            yield stack
        finally:
            overrides.disable()
            use_broker(celery_app, settings.CELERY_BROKER_URL)
    finally:
        stopping.set()
        if children is not None:
            children.stop(timeout=10)
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        unblocked.__exit__(None, None, None)
        broker.stop()
        postgres.stop()
        shutil.rmtree(data, ignore_errors=True)


def _wait_for_worker(stack: FaultStack, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if celery_app.control.ping(timeout=0.5):
            return
    raise TimeoutError("the fault suite's worker did not answer:\n" + stack.logs_text())
