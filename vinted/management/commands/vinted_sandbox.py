"""Run the Vinted sandbox in the foreground: `manage.py vinted_sandbox --port 8765`."""

from django.core.management.base import BaseCommand, CommandError

from stoflow.sandbox_http import serve_until_interrupted
from vinted.sandbox.server import SandboxServer, seed_demo

DEMO_PASSWORD = "sandbox-demo"


class Command(BaseCommand):
    help = "Serve the Vinted sandbox (a simulator of Vinted's web API) until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--state-file", help="keep sellers and listings in this JSON file")
        parser.add_argument(
            "--seed-demo",
            action="store_true",
            help=f"create the seller demo_seller (password {DEMO_PASSWORD}) on /fr if absent",
        )
        parser.add_argument("--access-lifetime", type=int, default=7200, help="access token lifetime, seconds")
        parser.add_argument("--verbose-requests", action="store_true", help="print every request")

    def handle(self, *args, **options):
        try:
            sandbox = SandboxServer(
                port=options["port"],
                host=options["host"],
                state_file=options["state_file"],
                verbose=options["verbose_requests"],
                access_lifetime=options["access_lifetime"],
            )
        except OSError as error:
            raise CommandError(f"cannot listen on {options['host']}:{options['port']}: {error}") from error
        if options["seed_demo"]:
            seller = seed_demo(sandbox, password=DEMO_PASSWORD)
            self.stdout.write(
                f"demo seller: {seller['login']} / {DEMO_PASSWORD} (id {seller['id']}, "
                f"{sandbox.site_url(seller['site'])}/member/login)"
            )
        self.stdout.write(
            f"Vinted sandbox on {sandbox.url}/  (sites: /fr, /co.uk, /pl, /be; controls: {sandbox.url}/__sandbox__/)",
            ending="\n",
        )
        self.stdout.flush()
        serve_until_interrupted(sandbox)
