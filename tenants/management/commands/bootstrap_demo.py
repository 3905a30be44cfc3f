import os

from django.core.management.base import BaseCommand

from tenants import demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo shop and seller for local use. Never run in production."

    def handle(self, *args, **options):
        result = demo.ensure_demo(password=os.environ.get("STOFLOW_DEMO_PASSWORD"))
        self.stdout.write(self.style.SUCCESS("Demo seller ready:"))
        self.stdout.write(f"  e-mail:   {result.email}")
        self.stdout.write(f"  password: {result.password}")
