"""`make run`'s demo shop gets a Vinted account on a sandbox seller, once the sandbox answers.

bootstrap_demo runs before the sandbox process starts, so the receiver only
queues a task; the worker retries it until the sandbox is up.
"""

import logging

from kombu.exceptions import OperationalError

from . import domains

log = logging.getLogger(__name__)


def on_demo_shop_ready(sender, tenant, user, **kwargs):
    if not domains.sandbox_enabled():
        return
    from .tasks import connect_demo_sandbox_account

    try:
        connect_demo_sandbox_account.delay(tenant.schema_name)
    except OperationalError as error:  # the broker may be absent in a bare shell; the page offers the button
        log.warning("could not queue the demo sandbox connection in %s: %s", tenant.schema_name, error)
