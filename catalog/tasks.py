"""Celery tasks of the catalog: thin wrappers that take ids only and run in the shop's schema."""

from celery import shared_task
from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context


@shared_task(name="catalog.run_import", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_import(schema_name: str, public_id: str) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("a CSV import runs in a shop's schema")
    from tenants.models import Tenant

    from . import imports

    # The shop's real row: the import checks the plan's product quota on it.
    tenant = Tenant.objects.shops().filter(schema_name=schema_name).first()
    if tenant is None:
        return
    try:
        with tenant_context(tenant):
            imports.run(tenant, public_id)
    finally:
        connection.set_schema_to_public()


@shared_task(name="catalog.process_photo", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def process_photo(schema_name: str, public_id: str) -> None:
    if not schema_name or schema_name == get_public_schema_name():
        raise ValueError("a photo is processed in a shop's schema")
    from tenants.models import Tenant

    from . import photos

    tenant = Tenant.objects.shops().filter(schema_name=schema_name).first()
    if tenant is None:
        return
    try:
        with tenant_context(tenant):
            photos.process_upload(tenant, public_id)
    finally:
        connection.set_schema_to_public()
