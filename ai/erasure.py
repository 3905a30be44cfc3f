"""What an erased shop leaves in AI's public rows (subscribed to tenants.signals.shop_erasing): the
photo drafts' sweep index. The draft files themselves sit under the shop's storage folder, which the
erasure removes."""

from tenants.signals import Cleanup

from .drafts.models import DraftIndex


def on_shop_erasing(sender, *, schema_name: str, **kwargs) -> Cleanup:
    return Cleanup(removed={"photo drafts' index": DraftIndex.objects.filter(tenant_schema=schema_name).delete()[0]})
