from django.core.management.base import BaseCommand

from tenants import services

from ._shops import find_shop


class Command(BaseCommand):
    help = "Suspend a shop: its members see a notice instead of the dashboard."

    def add_arguments(self, parser):
        parser.add_argument("shop", help="Schema name, public id or exact name")
        parser.add_argument("--reason", default="", help="Shown to staff in admin")

    def handle(self, *args, **options):
        tenant = find_shop(options["shop"])
        services.suspend(tenant, reason=options["reason"])
        self.stdout.write(self.style.SUCCESS(f"Suspended {tenant.name} ({tenant.schema_name})."))
