import uuid

from .models import EbayAccount


def accounts() -> list[EbayAccount]:
    return list(EbayAccount.objects.order_by("created_at"))


def account(public_id: uuid.UUID | str) -> EbayAccount | None:
    return EbayAccount.objects.filter(public_id=public_id).first()
