from .jobs.tasks import dispatch_due, run_job  # noqa: F401  (Celery autodiscovery imports <app>.tasks)
