"""What an erased shop leaves in notifications' public tables (subscribed to
tenants.signals.shop_erasing): its members' notices, sent or waiting, name the shop and its items,
and its webhook deliveries due point into a schema that is gone. Both go; nothing is kept."""

from tenants.signals import Cleanup

from .outbox.models import DeliveryDue, Notice


def on_shop_erasing(sender, *, schema_name: str, **kwargs) -> Cleanup:
    return Cleanup(
        removed={
            "members' notices": Notice.objects.filter(tenant_schema=schema_name).delete()[0],
            "webhook deliveries due": DeliveryDue.objects.filter(tenant_schema=schema_name).delete()[0],
        }
    )
