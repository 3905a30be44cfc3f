from django.core.management.base import BaseCommand

from tenants import shopdata

from ._shops import find_shop


class Command(BaseCommand):
    help = (
        "Write one shop's data to a zip archive: every row of its schema as JSON per table, its files, "
        "its members, tokens (without keys) and plan, and a signed manifest with counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("shop", help="Schema name, public id or exact name")
        parser.add_argument("--out", required=True, help="Archive file to write")

    def handle(self, *args, **options):
        tenant = find_shop(options["shop"])
        with open(options["out"], "wb") as out:
            manifest = shopdata.export_shop(tenant, out)
        rows = sum(entry["rows"] for entry in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {tenant.name} ({tenant.schema_name}): {len(manifest['tables'])} tables, {rows} rows, "
                f"{len(manifest['files'])} files to {options['out']}."
            )
        )
        for left in manifest["left_out"]:
            self.stdout.write(f"Left out {left['table']}.{left['column']}: {left['reason']}.")
