"""The Celery application. Tenant-aware: a task sent from a tenant's request
carries its schema in a message header; our tasks also take ids explicitly."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")

app = CeleryApp("stoflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.worker_soft_shutdown_timeout = 30
app.conf.broker_connection_retry_on_startup = True
app.autodiscover_tasks()
