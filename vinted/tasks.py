"""Celery tasks of the vinted app: ids only, never a session or a cookie in a message."""
from celery import shared_task
from django.db import connection

from . import domains, sandbox_link, selectors


@shared_task(name="vinted.tasks.connect_demo_sandbox_account", bind=True, max_retries=40,
             default_retry_delay=3)
def connect_demo_sandbox_account(self):
    """`make run`: give the demo shop a sandbox seller once the sandbox process answers."""
    if not domains.sandbox_enabled() or selectors.accounts().exists():
        return
    try:
        sandbox_link.connect_new_seller(domains.sandbox_sites()[0].key, tenant=connection.tenant,
                                        login="demo-seller")
    except sandbox_link.SandboxUnavailable as error:
        raise self.retry(exc=error)
