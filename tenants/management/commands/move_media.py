from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from tenants.media_move import MoveFailed, move_all


class Command(BaseCommand):
    requires_system_checks = []  # files only: it must run even while the database is being moved too
    help = (
        "Copy every shop's media files (photos, CSV imports waiting for the worker, shop exports) to the "
        "other storage backend, checking each by SHA-256. Safe to stop and run again. Then set "
        "MEDIA_STORAGE to the target and restart web and workers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, choices=["s3", "local"], help="The backend to copy to")
        parser.add_argument("--every", type=int, default=100, help="Print progress every N files")

    def handle(self, *args, **options):
        if "s3_media" not in settings.STORAGES:
            raise CommandError("No bucket is configured: set S3_BUCKET and the other S3_* variables (docs/storage.md).")
        source, target = ("local_media", "s3_media") if options["to"] == "s3" else ("s3_media", "local_media")
        every = max(1, options["every"])

        def progress(report):
            done = report.copied + report.already_there
            if done % every == 0 or done == report.total:
                self.stdout.write(
                    f"{done}/{report.total} files ({report.copied} copied, {report.already_there} already there)"
                )
                self.stdout.flush()

        try:
            report = move_all(storages[source], storages[target], progress)
        except MoveFailed as error:
            raise CommandError(f"{error} Nothing at the source was changed; run the command again.") from None
        for name in report.replaced:
            self.stdout.write(f"Replaced an incomplete copy: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.total} files at the {options['to']} backend: {report.copied} copied "
                f"({report.bytes_copied} bytes), {report.already_there} already there. "
                f"Set MEDIA_STORAGE={options['to']} and restart web and workers."
            )
        )
