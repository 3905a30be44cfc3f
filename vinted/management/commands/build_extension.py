"""Builds the browser extension packages for this site's SITE_URL (run at deploy and by `make run`)."""

from django.core.management.base import BaseCommand

from vinted import extension_packages


class Command(BaseCommand):
    help = "Builds the Chrome and Firefox extension packages that the site serves, for SITE_URL."

    def handle(self, *args, **options):
        for path in extension_packages.build_all():
            self.stdout.write(str(path))
