"""The running stack for the journey tests: the processes `make run` starts (web server, Celery
worker and beat, the Vinted sandbox), on free ports, against the test database and a fake
OpenAI-compatible server, driven by headless Chromium.

The processes see only committed data, so journeys use `django_db(transaction=True)` and the
`committed_platform` fixture, like the other browser tests. Each process writes its output to a
log file; a failing journey prints what each wrote while it ran.
"""

import atexit
import importlib.util
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from playwright.sync_api import Error as PlaywrightError

from ai.testing import FakeOpenAI
from tests.xdist_worker import redis_database

ROOT = Path(__file__).resolve().parent.parent.parent
_spec = importlib.util.spec_from_file_location("stoflow_stack", ROOT / "scripts" / "stack.py")
stack_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(stack_script)

START_TIMEOUT = 90
LOG_TAIL_CHARS = 20000


def _test_database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _own_redis_database(url: str, index: int) -> str:
    """The same Redis, another database (in this xdist worker's block): nothing an earlier test left
    in the broker reaches the stack's worker, and flushing it touches nobody else."""
    return redis_database(url, index)


@dataclass
class RunningStack:
    url: str
    sandbox_url: str
    mail_dir: Path
    logs: Path
    ai: FakeOpenAI
    children: object
    env: dict
    ebay_sandbox_url: str = ""
    media: object = None  # the bucket, when the stack keeps media on S3
    _marks: dict = field(default_factory=dict)

    def mark_logs(self) -> None:
        self._marks = {path.name: path.stat().st_size for path in self.logs.glob("*.log")}

    def logs_since_mark(self) -> str:
        parts = []
        for path in sorted(self.logs.glob("*.log")):
            with path.open("rb") as log:
                log.seek(self._marks.get(path.name, 0))
                text = log.read().decode("utf-8", "replace")
            if len(text) > LOG_TAIL_CHARS:
                text = "…" + text[-LOG_TAIL_CHARS:]
            parts.append(f"----- {path.stem} -----\n{text or '(nothing)'}")
        return "\n".join(parts)

    def emails(self, to: str) -> list:
        """The e-mails the server processes sent to this address, oldest first."""
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime):
            # The file backend writes one or more messages per file, separated by a line of dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    message = message_from_bytes(chunk.strip() + b"\n", policy=policy.default)
                    if to in (message["To"] or ""):
                        found.append(message)
        return found


HEALTH_TOKEN = "journey-health-probe"


def _wait_until_healthy(url: str, children, logs: Path, *, not_run: frozenset[str] = frozenset()) -> None:
    """/health/details/ answers 200 once the web server, PostgreSQL, Redis, a worker and beat all
    answer; the checks of processes the stack does not run (`not_run`) may stay down."""
    deadline = time.time() + START_TIMEOUT
    last = "no answer"
    while time.time() < deadline:
        exited = children.exited()
        if exited:
            raise RuntimeError(f"{exited[0]} exited with status {exited[1]}:\n" + _all_logs(logs))
        try:
            probe = urllib.request.Request(
                url + "/health/details/", headers={"Authorization": f"Bearer {HEALTH_TOKEN}"}
            )
            with urllib.request.urlopen(probe, timeout=3) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as error:
            body = error.read().decode()
            last = body[:500]
            with suppress(ValueError):
                if not_run and set(json.loads(body).get("down", ["?"])) <= not_run:
                    return
        except OSError as error:
            last = str(error)
        time.sleep(0.3)
    raise TimeoutError(f"the stack did not become healthy ({last}):\n" + _all_logs(logs))


def _all_logs(logs: Path) -> str:
    return "\n".join(
        f"----- {p.stem} -----\n{p.read_text(errors='replace')[-LOG_TAIL_CHARS:]}" for p in sorted(logs.glob("*.log"))
    )


@contextmanager
def _started_stack(django_db_blocker, redis_databases: tuple[int, int], *, beat: bool = True, **extra_env):
    data = Path(tempfile.mkdtemp(prefix="stoflow-journeys-"))
    logs, mail_dir = data / "logs", data / "mail"
    logs.mkdir()
    mail_dir.mkdir()
    ai = FakeOpenAI().start()
    port, sandbox_port, ebay_port = stack_script.free_port(), stack_script.free_port(), stack_script.free_port()
    url, sandbox_url = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{sandbox_port}"
    with django_db_blocker.unblock():
        database_url = _test_database_url()
    env = {
        **os.environ,
        "STOFLOW_ENV": "test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        "REDIS_URL": _own_redis_database(settings.REDIS_URL, redis_databases[0]),
        "CACHE_REDIS_URL": _own_redis_database(settings.CACHE_REDIS_URL, redis_databases[1]),
        "MEDIA_ROOT": str(data / "media"),
        "EMAIL_FILE_PATH": str(mail_dir),
        "PORT": str(port),
        "SITE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VINTED_SANDBOX_ENABLED": "true",
        "VINTED_SANDBOX_PORT": str(sandbox_port),
        "VINTED_SANDBOX_URL": sandbox_url,
        "VINTED_DISPATCH_INTERVAL_SECONDS": "5",
        "EBAY_SANDBOX_PORT": str(ebay_port),
        "AI_API_KEY": "sk-journey-not-a-real-key",
        "AI_BASE_URL": ai.base_url,
        "AI_MODEL": "gpt-4o-mini",
        "AI_TIMEOUT_SECONDS": "10",
        "HEALTH_TOKEN": HEALTH_TOKEN,
        **extra_env,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(stack_script.local_ebay_app(env))
    commands = stack_script.site_processes(env, data, port, reload=False, concurrency=1)
    if not beat:
        del commands["beat"]
    children = stack_script.Children(commands, env, logs=logs)
    stopped = False

    def stop():
        nonlocal stopped
        if not stopped:
            stopped = True
            children.stop(timeout=5)
            ai.stop()

    # Ctrl-C or an error anywhere in the run: the children go with this process.
    atexit.register(stop)
    try:
        children.start()
        _wait_until_healthy(url, children, logs, not_run=frozenset() if beat else frozenset({"beat"}))
        yield RunningStack(
            url=url,
            sandbox_url=sandbox_url,
            mail_dir=mail_dir,
            logs=logs,
            ai=ai,
            children=children,
            env=env,
            ebay_sandbox_url=f"http://127.0.0.1:{ebay_port}",
        )
    finally:
        stop()
        atexit.unregister(stop)
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def stack(django_db_setup, django_db_blocker):
    with _started_stack(django_db_blocker, (3, 4)) as running_stack:
        yield running_stack


@pytest.fixture(scope="session")
def s3_stack(django_db_setup, django_db_blocker, s3_server):
    """A second stack whose web server and workers keep media in a bucket on moto's S3 server (only
    started by the journeys that ask for it); `media` is that bucket."""
    from tests.storage import S3Media

    media = S3Media.create(s3_server.url)
    try:
        # Photos by presigned link (the browser fetches them from the bucket), and a low threshold so
        # a phone photo goes through the worker.
        extra = {**media.env, "MEDIA_S3_SERVE": "redirect", "CATALOG_PHOTO_WORKER_PIXELS": "2000000"}
        # 2 on the cache server: an xdist worker's block holds 8 databases (tests/xdist_worker.py).
        # No beat: it shares the database with `stack`, whose beat already hands out every shop's
        # periodic work. A second one would sync `stack`'s Vinted accounts through this stack's
        # worker against this stack's sandbox, which does not know their sessions: Vinted's 401
        # would mark them expired under a running journey.
        with _started_stack(django_db_blocker, (7, 2), beat=False, **extra) as running_stack:
            running_stack.media = media
            yield running_stack
    finally:
        media.drop()


def _ready(stack):
    exited = stack.children.exited()
    if exited:
        pytest.fail(f"{exited[0]} exited with status {exited[1]}:\n{stack.logs_since_mark()}")
    # A flush re-seeds the taxonomy under new ids: nothing the processes cached may outlive it.
    redis.Redis.from_url(stack.env["CACHE_REDIS_URL"]).flushdb()
    stack.mark_logs()
    return stack


@pytest.fixture
def running(stack, committed_platform):
    """The running stack, for one journey on the committed test database."""
    return _ready(stack)


@pytest.fixture
def running_s3(s3_stack, committed_platform):
    """The running stack with media in an S3-compatible bucket, for one journey."""
    return _ready(s3_stack)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    funcargs = getattr(item, "funcargs", {})
    running_stack = funcargs.get("running") or funcargs.get("running_s3")
    if report.failed and running_stack is not None:
        report.sections.append(("what the running stack wrote during this journey", running_stack.logs_since_mark()))
    page = funcargs.get("phone") or funcargs.get("desktop") or funcargs.get("phone_s3")
    if report.failed and call.when == "call" and page is not None:
        report.sections.append(("what the page showed when the journey failed", _page_text(page)))
    return report


def _page_text(page) -> str:
    try:
        return f"{page.url}\n{page.locator('body').inner_text(timeout=5000)[:4000]}"
    except PlaywrightError as error:  # the page itself may be what broke
        return f"(the page could not be read: {error})"


def _context(browser, stack, **options):
    context = browser.new_context(locale="en-GB", accept_downloads=True, **options)
    # Generous: under `make test` the stack shares two cores with the test run and Chromium.
    context.set_default_timeout(30000)
    page = context.new_page()
    page.base_url = stack.url
    return context, page


@pytest.fixture
def phone(browser, running):
    context, page = _context(browser, running, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def desktop(browser, running):
    context, page = _context(browser, running, viewport={"width": 1366, "height": 900})
    yield page
    context.close()


@pytest.fixture
def phone_s3(browser, running_s3):
    context, page = _context(
        browser, running_s3, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    yield page
    context.close()
