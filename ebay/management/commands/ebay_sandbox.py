"""Run the eBay sandbox in the foreground: `manage.py ebay_sandbox --port 8766`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ebay.demo import DEMO_PASSWORD
from ebay.sandbox.server import EbaySandbox, seed_demo
from ebay.sandbox.state import LOCAL_APP
from stoflow.sandbox_http import serve_until_interrupted


class Command(BaseCommand):
    help = "Serve the eBay sandbox (a simulator of eBay's OAuth and Sell APIs) until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8766)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--state-file", help="keep sellers, offers and orders in this JSON file")
        parser.add_argument(
            "--accept-url",
            default=f"{settings.SITE_URL.rstrip('/')}/ebay/consent/accepted",
            help="where the consent page sends the local application's sellers back",
        )
        parser.add_argument(
            "--seed-demo",
            action="store_true",
            help=f"create the seller demo_ebay_seller (password {DEMO_PASSWORD}) if absent",
        )
        parser.add_argument("--verbose-requests", action="store_true", help="print every request")

    def handle(self, *args, **options):
        try:
            sandbox = EbaySandbox(
                port=options["port"],
                host=options["host"],
                state_file=options["state_file"],
                verbose=options["verbose_requests"],
                accept_url=options["accept_url"],
            )
        except OSError as error:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: {error}") from error
        if options["seed_demo"]:
            seller = seed_demo(sandbox, password=DEMO_PASSWORD)
            self.stdout.write(f"demo eBay seller: {seller['username']} / {DEMO_PASSWORD}")
        self.stdout.write(
            f"eBay sandbox on {sandbox.url}/  (application {LOCAL_APP['client_id']}, RuName "
            f"{LOCAL_APP['runame']}; controls: {sandbox.url}/__sandbox__/)"
        )
        self.stdout.flush()
        serve_until_interrupted(sandbox)
