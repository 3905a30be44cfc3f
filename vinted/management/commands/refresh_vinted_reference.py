"""manage.py refresh_vinted_reference [--site www.vinted.fr]: refresh Vinted's reference data now."""

from django.core.management.base import BaseCommand, CommandError

from vinted import domains
from vinted.reference import services


class Command(BaseCommand):
    help = "Read Vinted's category tree, brands and per-category rules through a connected account."

    def add_arguments(self, parser):
        parser.add_argument("--site", default="", help="one site key (www.vinted.fr, sandbox:fr); default: all")

    def handle(self, *args, site="", **options):
        if site:
            try:
                domains.site_for(site)
            except domains.DomainNotAllowed:
                raise CommandError(f"{site}: not an allowed Vinted site") from None
            try:
                reference = services.refresh_site(site)
            except services.RefreshFailed as error:
                raise CommandError(f"{site}: {error} (the previous snapshot stays in use)") from None
            self.stdout.write(
                f"{site}: {reference.node_count} categories ({reference.leaf_count} leaves), "
                f"{reference.brand_count} brands"
            )
            return
        results = services.refresh_all()
        for key, result in results.items():
            self.stdout.write(f"{key}: {result}")
        if not results:
            self.stdout.write("no site has a connected account: the built-in fixture stays in use")
