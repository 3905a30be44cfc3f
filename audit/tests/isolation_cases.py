from tenants import tokens
from tests.isolation import ShopReadCase, register_shop_reads


def _token_logged_in_a(shop_a):
    tokens.create(shop_a.membership, "audit-marker-of-shop-a")
    return "audit-marker-of-shop-a"


register_shop_reads(ShopReadCase("audit:log", _token_logged_in_a))
