"""CSV imports too large for one request run in the worker.

The upload is kept through the default storage under the shop's prefix with an unguessable name
(never a filesystem path, so an S3-compatible backend works), an ImportRun records progress and
then the per-row report, and the kept file is deleted whatever the outcome."""

import logging
from functools import partial

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import csv_io
from .models import ImportRun, import_path

logger = logging.getLogger(__name__)


def runs_in_worker(rows: int) -> bool:
    return rows > settings.CATALOG_CSV_WORKER_ROWS


def start(tenant, upload, rows: int) -> ImportRun:
    """Keep the upload and queue the import once this transaction commits."""
    from .tasks import run_import

    name = default_storage.save(import_path(tenant.schema_name), upload)
    run = ImportRun.objects.create(
        file_name=name, rows_total=rows, language=translation.get_language() or settings.LANGUAGE_CODE
    )
    transaction.on_commit(partial(run_import.delay, tenant.schema_name, str(run.public_id)))
    return run


def run(tenant, public_id) -> None:
    """The worker's side: import the kept file, record the report, delete the file."""
    run = ImportRun.objects.filter(public_id=public_id).first()
    if run is None or run.is_finished:
        return
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    with translation.override(run.language):
        try:
            with default_storage.open(run.file_name, "rb") as kept:
                text = csv_io.decode(kept.read())
            report = csv_io.import_csv(tenant, text, progress=partial(_progress, run.pk))
        except ValueError as error:  # not text: the same message the page gives
            _finish(run, status=ImportRun.Status.FAILED, error=str(error))
        except Exception:
            logger.exception("CSV import %s in %s failed", run.public_id, connection.schema_name)
            _finish(
                run,
                status=ImportRun.Status.FAILED,
                error=_(
                    "The import stopped on an unexpected error. Rows already written are kept; "
                    "import the file again to finish (rows are updated by SKU)."
                ),
            )
            raise
        else:
            _finish(
                run,
                status=ImportRun.Status.DONE,
                created=report.created,
                updated=report.updated,
                rejected=[list(item) for item in report.rejected],
                notes=[list(item) for item in report.notes],
                rows_done=run.rows_total,
            )


def _progress(pk: int, rows_read: int) -> None:
    ImportRun.objects.filter(pk=pk).update(rows_done=rows_read)


def _finish(run: ImportRun, **values) -> None:
    # The file goes first: a run shown as finished has nothing left in storage.
    try:
        default_storage.delete(run.file_name)
    except OSError:
        logger.warning("could not delete the kept import file %s", run.file_name)
    ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), file_name="", **values)
