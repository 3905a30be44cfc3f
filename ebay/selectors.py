from .models import EbayAccount


def accounts():
    return list(EbayAccount.objects.order_by("created_at"))


def account(public_id) -> EbayAccount | None:
    return EbayAccount.objects.filter(public_id=public_id).first()
