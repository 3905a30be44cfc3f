from django.core.management.base import BaseCommand, CommandError

from tenants import provisioning, shopdata


class Command(BaseCommand):
    help = (
        "Recreate a shop from an archive made by export_shop, verified by counts and checksums. "
        "Refuses a shop that exists unless --as-new-shop (new schema name and ids)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive file written by export_shop")
        parser.add_argument(
            "--as-new-shop",
            action="store_true",
            help="Restore beside the existing shop, under a new schema name and new ids",
        )

    def handle(self, *args, **options):
        try:
            with open(options["archive"], "rb") as source:
                tenant = shopdata.restore_shop(source, as_new_shop=options["as_new_shop"])
        except (OSError, shopdata.ArchiveRefused, provisioning.TemplateNotReady) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {tenant.name} as schema {tenant.schema_name}."))
        self.stdout.write(
            "API tokens are not restored (their keys are never exported); sealed marketplace "
            "sessions were left out: reconnect those accounts."
        )
