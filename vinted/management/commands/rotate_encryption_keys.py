from django.core.management.base import BaseCommand

from stoflow import secretbox
from vinted import rotation


class Command(BaseCommand):
    help = (
        "Re-seal every shop's Vinted sessions and eBay tokens under the primary key of "
        "STOFLOW_ENCRYPTION_KEYS. Resumable: rows already under the primary key are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        totals = rotation.rotate_all(batch_size=batch_size, report=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {totals.resealed} re-sealed, {totals.current} already current, "
                f"{totals.failed} could not be opened, in {totals.shops} shops."
            )
        )
        for name, rotate_all in secretbox.rotations():  # e.g. eBay tokens, on the same key ring
            resealed, failed = rotate_all(batch_size=batch_size, report=self.stdout.write)
            self.stdout.write(
                self.style.SUCCESS(f"{name}: {resealed} accounts re-sealed, {failed} could not be opened.")
            )
