import uuid

from ebay.models import EbayAccount
from tests.isolation import IsolationCase, register


def _account_of_a(shop_a):
    account = EbayAccount.objects.create(
        marketplace_id="EBAY_FR", ebay_user_id=uuid.uuid4().hex[:12], username="a-seller"
    )
    return {"public_id": account.public_id}


register(IsolationCase("ebay:disconnect", _account_of_a, methods=("POST",)))
register(IsolationCase("ebay:check_sales", _account_of_a, methods=("POST",)))
