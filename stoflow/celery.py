"""The Celery application. tenant-schemas-celery's app adds the sender's schema as a message
header; shop tasks do not rely on it but take the schema explicitly (stoflow.tasks.ShopTask)."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")

app = CeleryApp("stoflow")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.worker_soft_shutdown_timeout = 30
app.conf.broker_connection_retry_on_startup = True
app.autodiscover_tasks()
