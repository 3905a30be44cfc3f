import secrets

from django.core.management.base import BaseCommand, CommandError

from tenants import provisioning
from tenants.models import Tier


class Command(BaseCommand):
    help = "Create a shop with its owner, non-interactively."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="Shop name")
        parser.add_argument("--owner-email", required=True)
        parser.add_argument(
            "--password",
            help="Owner's password; generated and printed once if left out (an existing account keeps its own).",
        )
        parser.add_argument("--tier", default="starter", help="Plan code (starter, standard, premium, ...)")

    def handle(self, *args, **options):
        tier = Tier.objects.filter(code=options["tier"]).first()
        if tier is None:
            codes = ", ".join(Tier.objects.values_list("code", flat=True))
            raise CommandError(f"Unknown tier {options['tier']!r}. Known: {codes}.")
        from tenants.models import User

        existing = User.objects.filter(email=options["owner_email"].strip().lower()).exists()
        password = options["password"]
        generated = None
        if not existing and not password:
            password = generated = secrets.token_urlsafe(12)
        try:
            shop = provisioning.provision_shop(
                name=options["name"],
                owner_email=options["owner_email"],
                password=None if existing else password,
                tier=tier,
            )
        except (ValueError, provisioning.TemplateNotReady) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created shop {shop.tenant.name!r} (schema {shop.tenant.schema_name}, plan {tier.code}) "
                f"owned by {shop.owner.email}."
            )
        )
        if existing:
            self.stdout.write("The owner already had an account and keeps its password.")
        elif generated:
            self.stdout.write(f"Generated password (shown once): {generated}")
