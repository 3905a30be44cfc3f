"""Helpers for the publication tests that cross a real Celery worker (with its beat dispatcher)."""

import time

from django_tenants.utils import tenant_context

from tests.services import WorkerWithBeat, database_url
from vinted import sandbox_link
from vinted.jobs.models import Job


def start_worker(sandbox, concurrency: int = 1, **env) -> WorkerWithBeat:
    base = {
        "DATABASE_URL": database_url(),
        "VINTED_SANDBOX_URL": sandbox.url,
        "VINTED_SANDBOX_ENABLED": "true",
        "VINTED_DISPATCH_INTERVAL_SECONDS": "0.5",
        "VINTED_JOB_REDISPATCH_SECONDS": "3",
        "VINTED_JOB_LEASE_SECONDS": "4",
        "VINTED_READ_TIMEOUT": "3",
        "VINTED_CONNECT_TIMEOUT": "1",
        "VINTED_SYNC_INTERVAL_SECONDS": "0",
        "VINTED_REQUEST_DELAY_MIN": "0",
        "VINTED_REQUEST_DELAY_MAX": "0",
        "RATELIMIT_UNAVAILABLE_RETRY_SECONDS": "2",
    }
    worker = WorkerWithBeat({**base, **{k: str(v) for k, v in env.items()}})
    worker.concurrency = concurrency
    return worker.start().ready()


def connect_account(shop, sandbox, seller):
    with tenant_context(shop.tenant):
        return sandbox_link.connect_issued(sandbox.issue_session(seller["id"]), tenant=shop.tenant)


def wait_for(shop, predicate, timeout=60, what="jobs"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with tenant_context(shop.tenant):
            jobs = list(Job.objects.order_by("pk"))
        if predicate(jobs):
            return jobs
        time.sleep(0.2)
    raise AssertionError(f"{what} not reached in {timeout}s: {[(j.pk, j.state, j.message) for j in jobs]}")
