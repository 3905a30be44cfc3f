"""The one way a Celery task runs in a shop's schema (docs/decisions/0007-tasks-carry-the-schema-and-ids-only.md).

A shop task is declared with `base=ShopTask` and sent with the shop's schema name first:
`run_job.delay(tenant.schema_name, job.pk)`. The worker resolves the shop, refuses the public
schema and the migration template, and runs the body inside `tenant_context(shop)` with the shop
(the `Tenant` row, with its plan) in place of the schema name. tenant-schemas-celery's message
header is not relied upon: the beat and the dispatcher send from the public schema for every shop.
"""

import logging

from django_tenants.utils import get_public_schema_name, get_tenant_model, tenant_context
from tenant_schemas_celery.task import TenantTask

log = logging.getLogger(__name__)


class NotAShop(ValueError):
    """A shop task was sent without a shop's schema name."""


class ShopTask(TenantTask):
    abstract = True

    def __call__(self, schema_name, *args, **kwargs):
        if not isinstance(schema_name, str) or not schema_name or schema_name == get_public_schema_name():
            raise NotAShop(f"{self.name} runs in a shop's schema, not {schema_name!r}")
        # The real row, not schema_context's stand-in: bodies check the plan's quotas on it.
        shop = get_tenant_model().objects.shops().filter(schema_name=schema_name).first()
        if shop is None:
            # Closed since the message was sent (or the template): nothing left to work on.
            log.info("%s skipped: no shop %r", self.name, schema_name)
            return None
        with tenant_context(shop):
            return super().__call__(shop, *args, **kwargs)
