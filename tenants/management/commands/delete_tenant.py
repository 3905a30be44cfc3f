from django.core.management.base import BaseCommand, CommandError

from tenants import provisioning

from ._shops import find_shop


class Command(BaseCommand):
    help = (
        "Erase a shop: DROP its schema with every product in it, its files, cache and limiter keys; "
        "anonymise what must be kept. Needs --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("shop", help="Schema name, public id or exact name")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone")

    def handle(self, *args, **options):
        tenant = find_shop(options["shop"])
        if not options["yes"]:
            raise CommandError(
                f"This drops schema {tenant.schema_name} ({tenant.name}) and all its data. "
                "Check that a backup exists, then run again with --yes."
            )
        erasure = provisioning.delete_shop(tenant)
        self.stdout.write(
            self.style.SUCCESS(
                f"Deleted {tenant.name}; schema {tenant.schema_name} dropped, {erasure.files} files removed."
            )
        )
        for kind, count in erasure.removed.items():
            self.stdout.write(f"Removed: {count} {kind}")
        for note in erasure.kept:
            self.stdout.write(f"Kept: {note}")
