from django.core.management.base import BaseCommand

from tenants import services

from ._shops import find_shop


class Command(BaseCommand):
    help = "Reactivate a suspended shop."

    def add_arguments(self, parser):
        parser.add_argument("shop", help="Schema name, public id or exact name")

    def handle(self, *args, **options):
        tenant = find_shop(options["shop"])
        services.reactivate(tenant)
        self.stdout.write(self.style.SUCCESS(f"Reactivated {tenant.name} ({tenant.schema_name})."))
