import uuid
from dataclasses import dataclass

from .models import EbayAccount


def accounts() -> list[EbayAccount]:
    return list(EbayAccount.objects.order_by("created_at"))


def account(public_id: uuid.UUID | str) -> EbayAccount | None:
    return EbayAccount.objects.filter(public_id=public_id).first()


def connected_count() -> int:
    """eBay accounts that count against the plan's platforms (one per seller and site)."""
    return EbayAccount.objects.count()


@dataclass(frozen=True)
class ListingSettings:
    """What every offer of the account names (eBay refuses to publish without them)."""

    marketplace_id: str
    fulfillment_policy_id: str
    payment_policy_id: str
    return_policy_id: str
    merchant_location_key: str


def listing_settings(account: EbayAccount) -> ListingSettings | None:
    """The account's policies and location, or None while its set-up is not done."""
    if not account.setup_done:
        return None
    return ListingSettings(
        marketplace_id=account.marketplace_id,
        fulfillment_policy_id=account.fulfillment_policy_id,
        payment_policy_id=account.payment_policy_id,
        return_policy_id=account.return_policy_id,
        merchant_location_key=account.merchant_location_key,
    )
