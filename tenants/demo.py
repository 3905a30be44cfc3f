"""The demo shop and seller that `make run` prepares."""

from dataclasses import dataclass

import django.dispatch
from django.conf import settings
from django.db import transaction
from django_tenants.utils import tenant_context

from . import provisioning
from .models import Membership, Tier, User

DEMO_EMAIL = "demo@stoflow.local"
DEMO_SHOP = "Demo shop"
DEFAULT_PASSWORD = "stoflow-demo-2026"

# Sent inside the demo shop's schema so apps can add sample data (catalog, sandbox account...).
demo_shop_ready = django.dispatch.Signal()


@dataclass
class DemoLogin:
    email: str
    password: str


def ensure_demo(password: str | None = None) -> DemoLogin:
    if settings.PRODUCTION:
        raise RuntimeError("The demo shop is for local use only.")
    password = password or DEFAULT_PASSWORD
    with transaction.atomic():
        user = User.objects.filter(email=DEMO_EMAIL).first()
        membership = (
            Membership.objects.filter(user=user, role=Membership.Role.OWNER).select_related("tenant").first()
            if user
            else None
        )
        if membership is None:
            shop = provisioning.provision_shop(
                name=DEMO_SHOP, owner_email=DEMO_EMAIL, password=password, tier=Tier.objects.get(code="standard")
            )
            user, tenant = shop.owner, shop.tenant
        else:
            tenant = membership.tenant
        user.set_password(password)
        user.save(update_fields=["password"])
    with tenant_context(tenant):
        demo_shop_ready.send(sender=ensure_demo, tenant=tenant, user=user)
    return DemoLogin(email=DEMO_EMAIL, password=password)
