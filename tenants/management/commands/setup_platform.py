from django.core.management import call_command
from django.core.management.base import BaseCommand

from tenants import provisioning


class Command(BaseCommand):
    help = (
        "Prepare the database: migrate the public schema, create the platform rows and the "
        "template schema, then migrate every shop schema (template first) in parallel."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=None, help="Parallel processes for the shop schemas (default: settings)."
        )

    def handle(self, *args, **options):
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        provisioning.ensure_platform_rows()
        provisioning.ensure_template()
        call_command("migrate_tenants", processes=options["processes"], verbosity=0)
        self.stdout.write(self.style.SUCCESS("Database ready."))
