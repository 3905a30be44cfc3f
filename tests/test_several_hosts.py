"""Web and two Celery workers as separate hosts, one of which dies in the middle of a publishing run.

Each "host" is its own process group with its own environment and Celery node name, and talks to
PostgreSQL, Redis and the Vinted sandbox over TCP, as on separate machines
(docs/deployment.md). Media files are one shared folder, as that page requires. 20 shops connect a
Vinted account through the web host's API and publish 10 products each; worker host A is killed
with SIGKILL on its whole process group while it runs jobs (asked of A's Celery node, then
checked with A stopped). Then: every job completes, each product
is on Vinted exactly once, the jobs host A held were taken over, and no account received more
mutating requests than its budget.
"""

import json
import os
import signal
import socket
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from tenants import provisioning, tokens
from tests.journeys.conftest import _own_redis_database, _test_database_url, stack_script
from vinted.jobs import services as jobs
from vinted.jobs.models import Job
from vinted.models import VintedAccount
from vinted.sandbox.server import SandboxServer
from vinted.tests.jobs.conftest import publishable

# Under pytest-xdist it runs on the worker of the journeys' second half, before them: its five host
# processes never share that worker's turn with a journeys' stack and browser.
pytestmark = [pytest.mark.committed, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("journey-b")]

SHOPS, PRODUCTS_PER_SHOP = 20, 10
LEASE_SECONDS = 15  # short, so the takeover of the dead host's jobs fits in a test
BUDGET = 40


def _start_host(name: str, commands: dict, env: dict, logs: Path):
    folder = logs / name
    folder.mkdir()
    return stack_script.Children(commands, env, logs=folder).start()


def _wait(predicate, timeout: float, what: str, logs: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    tails = "\n".join(f"--- {p} ---\n{p.read_text(errors='replace')[-4000:]}" for p in sorted(logs.rglob("*.log")))
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def _job_states(shops) -> dict:
    states: dict[str, int] = {}
    for shop in shops:
        with tenant_context(shop.tenant):
            for state in Job.objects.values_list("state", flat=True):
                states[state] = states.get(state, 0) + 1
    return states


def _running_jobs(shops) -> list[tuple]:
    running = []
    for shop in shops:
        with tenant_context(shop.tenant):
            running += [
                (shop.tenant.schema_name, pk) for pk in Job.objects.filter(state="running").values_list("pk", flat=True)
            ]
    return running


def _signal_host(host, signum: int) -> None:
    for child in host.processes.values():
        os.killpg(child.pid, signum)


def _active_jobs_on(node: str, broker_url: str) -> set[tuple[str, int]]:
    """The (schema, job id) pairs of the publication tasks the Celery node is running, as it reports them.
    An app of its own: a control message goes out through the app's default broker, not the hosts'."""
    hosts_broker = Celery("several-hosts-probe", broker=broker_url)
    try:
        replies = hosts_broker.control.inspect(destination=[node], timeout=2, limit=1).active() or {}
    finally:
        hosts_broker.close()
    return {
        (task["args"][0], int(task["args"][1])) for task in replies.get(node, []) if task["name"] == "vinted.jobs.run"
    }


def _freeze_while_running_jobs(host, broker_url: str, shops) -> list[tuple[str, int]]:
    """Stops (SIGSTOP) worker host A when it holds jobs that are still running once it is frozen, and
    returns them; otherwise lets it go on and returns nothing. A task A reported may have ended
    between its answer and the stop, so the jobs are read again while A cannot move."""
    active = _active_jobs_on(f"worker-a@{socket.gethostname()}", broker_url)
    if not active:
        return []
    _signal_host(host, signal.SIGSTOP)
    still_running = [pair for pair in _running_jobs(shops) if pair in active]
    if not still_running:
        _signal_host(host, signal.SIGCONT)
    return still_running


def _connect_through_web(web_url: str, key: str, issued: dict) -> None:
    body = {
        "domain": issued["domain"],
        "vinted_user_id": issued["vinted_user_id"],
        "cookies": issued["cookies"],
        "csrf_token": issued["csrf_token"],
        "anon_id": issued["anon_id"],
        "user_agent": issued["user_agent"],
        "locale": issued["locale"],
    }
    request = urllib.request.Request(
        web_url + "/api/v1/vinted/session",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 201


def test_publish_when_a_worker_host_dies_completes_every_job_once_within_budget(committed_platform):
    data = Path(tempfile.mkdtemp(prefix="stoflow-hosts-"))
    logs = data / "logs"
    logs.mkdir()
    sandbox = SandboxServer(port=0, datadome_every=0).start()
    port = stack_script.free_port()
    web_url = f"http://127.0.0.1:{port}"
    base = {
        **os.environ,
        "STOFLOW_ENV": "test",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": _test_database_url(),
        "REDIS_URL": _own_redis_database(settings.REDIS_URL, 5),
        "CACHE_REDIS_URL": _own_redis_database(settings.CACHE_REDIS_URL, 6),
        "MEDIA_ROOT": settings.MEDIA_ROOT,  # one shared media folder for every host
        "SITE_URL": web_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VINTED_SANDBOX_ENABLED": "true",
        "VINTED_SANDBOX_URL": sandbox.url,
        "VINTED_DISPATCH_INTERVAL_SECONDS": "1",
        "VINTED_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "VINTED_JOB_REDISPATCH_SECONDS": "5",
        "VINTED_RATE_LIMIT_MAX": str(BUDGET),
        "VINTED_SYNC_INTERVAL_SECONDS": "0",
        "LOG_LEVEL": "INFO",
    }
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    python = [sys.executable]
    celery = python + ["-m", "celery", "-A", "stoflow"]
    hosts = {}
    try:
        hosts["web"] = _start_host(
            "web",
            {"web": python + ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]},
            dict(base),
            logs,
        )
        hosts["beat"] = _start_host(
            "beat",
            {"beat": celery + ["beat", "--loglevel", "INFO", "--schedule", str(data / "celerybeat-schedule")]},
            dict(base),
            logs,
        )
        for name in ("a", "b"):
            hosts[name] = _start_host(
                f"worker-{name}",
                {"worker": celery + ["worker", "-n", f"worker-{name}@%h", "--concurrency", "2", "--loglevel", "INFO"]},
                dict(base),
                logs,
            )
        _wait(lambda: stack_script.port_open(port), 60, "the web host", logs)

        # 20 shops, each with a sandbox seller connected through the web host's API.
        setup_started = time.monotonic()
        shops, sellers = [], {}
        for n in range(SHOPS):
            shop = provisioning.provision_shop(name=f"Hosts {n}", owner_email=f"hosts-{n}@example.com", password=None)
            _token, key = tokens.create(shop.membership, "hosts test")
            seller = sandbox.create_seller(f"hosts-{n}")
            _connect_through_web(web_url, key, sandbox.issue_session(seller["id"]))
            shops.append(shop)
            sellers[shop.tenant.schema_name] = seller["id"]

        print(f"\nset-up: {time.monotonic() - setup_started:.1f} s")
        started = time.monotonic()
        for shop in shops:
            with tenant_context(shop.tenant):
                account = VintedAccount.objects.get()
                items = [publishable(photos=1) for _ in range(PRODUCTS_PER_SHOP)]
                with transaction.atomic():
                    jobs.request_publication(account, items, user=shop.owner)
        total = SHOPS * PRODUCTS_PER_SHOP

        # Kill worker host A (its whole process group) while it runs jobs, known from A itself.
        _wait(lambda: _job_states(shops).get("completed", 0) >= 10, 120, "the first jobs", logs)
        held = _wait(
            lambda: _freeze_while_running_jobs(hosts["a"], base["REDIS_URL"], shops), 120, "host A to run a job", logs
        )
        killed_at = time.monotonic()
        _signal_host(hosts["a"], signal.SIGKILL)

        # Only a limit for a run that has stalled: make test's other xdist worker shares the two cores.
        _wait(lambda: _job_states(shops).get("completed", 0) == total, 480, "every job to complete", logs)
        finished = time.monotonic()
        print(
            f"\n{total} publications on {SHOPS} shops: {finished - started:.1f} s; worker host A killed "
            f"{killed_at - started:.1f} s in, with {len(held)} job(s) running; the rest took "
            f"{finished - killed_at:.1f} s (lease {LEASE_SECONDS} s)"
        )
        assert _job_states(shops) == {"completed": total}
        taken_over = []
        for shop in shops:
            with tenant_context(shop.tenant):
                taken_over += [
                    (shop.tenant.schema_name, pk)
                    for pk in Job.objects.filter(
                        events__to_state="unknown", events__message__startswith="The worker stopped"
                    ).values_list("pk", flat=True)
                ]
        # Every job host A was cut off in was taken over, and no other (A ran at most two at once).
        assert set(held) <= set(taken_over)
        assert len(taken_over) <= 2

        for shop in shops:
            seller_id = sellers[shop.tenant.schema_name]
            with tenant_context(shop.tenant):
                titles = sorted(Job.objects.values_list("product__title", flat=True))
            on_vinted = sorted(item["title"] for item in sandbox.listings(seller_id))
            assert on_vinted == titles, f"{shop.tenant.schema_name}: each product exactly once on Vinted"
            assert sandbox.mutating_count(seller_id) <= BUDGET
    finally:
        for children in hosts.values():
            children.stop(timeout=10)
        sandbox.stop()
        connection.set_schema_to_public()
