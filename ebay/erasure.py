"""What an erased shop leaves in eBay's public rows (subscribed to tenants.signals.shop_erasing):
its jobs' dispatch index, its accounts' orders poll schedule and its place in the eBay user
directory all go; nothing is kept."""

from channels import jobs, polls
from tenants.signals import Cleanup

from .directory.models import EbayUserShop

CHANNEL = "ebay"


def on_shop_erasing(sender, *, schema_name: str, **kwargs) -> Cleanup:
    return Cleanup(
        removed={
            "eBay jobs waiting": jobs.forget_shop(CHANNEL, schema_name),
            "eBay orders poll schedule": polls.drop(CHANNEL, schema=schema_name),
            "eBay users' shop index": EbayUserShop.objects.filter(tenant_schema=schema_name).delete()[0],
        }
    )
