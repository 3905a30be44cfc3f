from django.core.management.base import BaseCommand
from django.db.models import Count

from tenants.models import Tenant


class Command(BaseCommand):
    help = "List the shops: schema, status, plan, members, name."

    def handle(self, *args, **options):
        shops = Tenant.objects.shops().select_related("tier").annotate(members=Count("memberships"))
        self.stdout.write(f"{'schema':<14} {'status':<10} {'plan':<11} {'members':>7}  name")
        for shop in shops.order_by("created_at"):
            plan = shop.tier.code if shop.tier_id else "-"
            self.stdout.write(f"{shop.schema_name:<14} {shop.status:<10} {plan:<11} {shop.members:>7}  {shop.name}")
        self.stdout.write(f"{shops.count()} shop(s)")
