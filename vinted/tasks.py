"""Celery tasks of the vinted app: ids only, never a session or a cookie in a message."""

import logging

from celery import shared_task

from stoflow.tasks import ShopTask

from . import domains, sandbox_link

log = logging.getLogger(__name__)
DEMO_SELLER = "demo_seller"  # seeded by `manage.py vinted_sandbox --seed-demo` (make run)


@shared_task(
    name="vinted.tasks.connect_demo_sandbox_account", base=ShopTask, bind=True, max_retries=60, default_retry_delay=2
)
def connect_demo_sandbox_account(self, shop):
    """`make run`: (re)connect the demo shop to the sandbox's demo seller once the sandbox answers.

    Runs on every start, so the demo account always holds a fresh sandbox session.
    """
    if not domains.sandbox_enabled():
        return None
    try:
        account = sandbox_link.connect_new_seller(domains.sandbox_sites()[0].key, tenant=shop, login=DEMO_SELLER)
    except sandbox_link.NotASandbox as error:
        # Another server answers there: polling it for two minutes would change nothing.
        log.warning("demo sandbox account not connected: %s", error)
        return None
    except sandbox_link.SandboxUnavailable as error:
        raise self.retry(exc=error) from error
    from .reference import selectors

    if selectors.snapshot(account.domain) is None:
        # The demo should show the sandbox's whole tree at once, not after the first daily refresh.
        refresh_reference_data.delay(account.domain)
    return str(account.public_id)


@shared_task(name="vinted.tasks.refresh_reference_data", ignore_result=True)
def refresh_reference_data(site_key: str = "") -> dict:
    """Beat (VINTED_REFERENCE_REFRESH_SECONDS) or staff: every site with a connected account, or one."""
    from .reference import services

    if site_key:
        try:
            services.refresh_site(site_key)
            return {site_key: "ok"}
        except services.RefreshFailed as error:
            return {site_key: str(error)}
    return services.refresh_all()


# The publication engine's tasks live beside its code; importing them here lets autodiscovery see them.
from .automation.tasks import run_due  # noqa: E402,F401 (see above)
from .jobs.tasks import dispatch_due, run_job, sync_all_accounts  # noqa: E402,F401 (see above)
