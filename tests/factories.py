"""Factories for test data."""

from dataclasses import dataclass

import factory

from tenants import provisioning
from tenants.models import Membership, Tenant, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


@dataclass
class ShopFixture:
    tenant: Tenant
    owner: User
    membership: Membership

    @classmethod
    def load(cls, letter: str) -> "ShopFixture":
        membership = Membership.objects.select_related("tenant", "user").get(
            user__email=f"owner-{letter}@example.com", role=Membership.Role.OWNER
        )
        return cls(tenant=membership.tenant, owner=membership.user, membership=membership)


def make_shop(letter: str) -> ShopFixture:
    shop = provisioning.provision_shop(
        name=f"Shop {letter.upper()}", owner_email=f"owner-{letter}@example.com", password=PASSWORD
    )
    return ShopFixture(tenant=shop.tenant, owner=shop.owner, membership=shop.membership)


def add_member(shop: ShopFixture, role: str, email: str | None = None) -> User:
    user = UserFactory(email=email) if email else UserFactory()
    Membership.objects.create(user=user, tenant=shop.tenant, role=role)
    return user
