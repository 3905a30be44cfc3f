import uuid

from ebay.models import EbayAccount
from tests.isolation import (
    IsolationCase,
    ShopPageCase,
    ShopReadCase,
    register,
    register_shop_pages,
    register_shop_reads,
)


def _account_of_a(shop_a):
    account = EbayAccount.objects.create(
        marketplace_id="EBAY_FR", ebay_user_id=uuid.uuid4().hex[:12], username="a-seller"
    )
    return {"public_id": account.public_id}


register(IsolationCase("ebay:disconnect", _account_of_a, methods=("POST",)))
register(IsolationCase("ebay:setup", _account_of_a, methods=("GET", "POST")))


# --- publishing (ebay.publishing) ---


def _listing_of_a(shop_a):
    from catalog.tests.factories import ProductFactory
    from ebay.jobs.models import EbayListing

    account = EbayAccount.objects.get(public_id=_account_of_a(shop_a)["public_id"])
    listing = EbayListing.objects.create(
        product=ProductFactory(photos=1), account=account, offer_id="1", listing_id="2", status="published"
    )
    return listing


def _product_of_a(shop_a):
    listing = _listing_of_a(shop_a)
    return {"product_id": listing.product.public_id, "account": str(listing.account.public_id)}


def _job_of_a(shop_a):
    from ebay.jobs.models import EbayJob

    listing = _listing_of_a(shop_a)
    job = EbayJob.objects.create(
        action="update", product=listing.product, account=listing.account, listing=listing, state="needs_attention"
    )
    return {"public_id": job.public_id}


def _choice_of_a(shop_a):
    from catalog.tests.factories import leaf
    from ebay.models import CategoryChoice

    choice = CategoryChoice.objects.create(category=leaf(), marketplace_id="EBAY_FR", ebay_category_id="53159")
    return {"pk": choice.pk}


register(
    IsolationCase("ebay:publish", _product_of_a, methods=("GET", "POST"), params=("account",)),
    IsolationCase(
        "ebay:listing_action", lambda a: {**_product_of_a(a), "action": "end"}, methods=("POST",), params=("account",)
    ),
    IsolationCase(
        "ebay:listing_action",
        lambda a: {**_product_of_a(a), "action": "update"},
        methods=("POST",),
        params=("account",),
    ),
    IsolationCase("ebay:job_progress", _job_of_a),
    IsolationCase("ebay:job_retry", _job_of_a, methods=("POST",)),
    IsolationCase("ebay:category_change", _choice_of_a, methods=("POST",), data={"ebay_category_id": "11554"}),
)


def _rule_untouched(shop_a) -> bool:
    from django_tenants.utils import tenant_context

    from ebay.models import PricingRule

    with tenant_context(shop_a.tenant):
        return not PricingRule.objects.exists()


def _category_name_of_a(shop_a) -> str:
    from django_tenants.utils import tenant_context

    from catalog.tests.factories import leaf
    from ebay.models import CategoryChoice

    with tenant_context(shop_a.tenant):
        CategoryChoice.objects.create(
            category=leaf(), marketplace_id="EBAY_FR", ebay_category_id="53159", ebay_category_name="Shop A's choice"
        )
    return "Shop A&#x27;s choice"


register_shop_reads(ShopReadCase("ebay:categories", _category_name_of_a))
register_shop_pages(
    ShopPageCase("ebay:pricing", {"markup_percent": "50", "rounding": "90"}, untouched=_rule_untouched),
)
register(IsolationCase("ebay:check_sales", _account_of_a, methods=("POST",)))
