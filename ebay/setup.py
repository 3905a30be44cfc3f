"""The set-up after connect: what every eBay listing of an account points to.

eBay publishes an offer only when it names a fulfillment, a payment and a return policy of its
marketplace and an inventory location (ebay-api §3). Policies exist only once the seller is opted in
to business policies (program SELLING_POLICY_MANAGEMENT). The seller picks existing policies or lets
Stoflow create ones with defaults that suit a clothing seller; the chosen ids are stored on the account
and `ebay.selectors.listing_settings` hands them to publishing.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .client import EbayClient, Kind, Outcome
from .models import EbayAccount

PROGRAM = "SELLING_POLICY_MANAGEMENT"
KINDS = ("fulfillment", "payment", "return")
NEW = "new"
CATEGORY_TYPES = [{"name": "ALL_EXCLUDING_MOTORS_VEHICLES"}]
NOT_ELIGIBLE = 20403  # policy calls before the opt-in is processed (ebay-api §3.1)


@dataclass(frozen=True)
class Shipping:
    service_code: str  # the site's code (Trading GeteBayDetails ShippingServiceDetails)
    carrier: str  # what the seller knows it by
    cost: Decimal


# A standard tracked parcel service per site. The codes are the sites' GeteBayDetails names as other
# integrations use them; ebay-api §3.2 lists them as unverified for FR/DE/IT/ES (check on eBay's Sandbox).
SHIPPING = {
    "EBAY_FR": Shipping("FR_ColiposteColissimo", "Colissimo", Decimal("4.90")),
    "EBAY_DE": Shipping("DE_DHLPaket", "DHL Paket", Decimal("4.99")),
    "EBAY_GB": Shipping("UK_RoyalMailSecondClassStandard", "Royal Mail 2nd Class", Decimal("3.20")),
    "EBAY_IT": Shipping("IT_PosteItaliane", "Poste Italiane", Decimal("6.90")),
    "EBAY_ES": Shipping("ES_CorreosDeEspana", "Correos", Decimal("4.90")),
}
COUNTRIES = {"EBAY_FR": "FR", "EBAY_DE": "DE", "EBAY_GB": "GB", "EBAY_IT": "IT", "EBAY_ES": "ES"}


class SetupError(Exception):
    def __init__(self, message: str, field_name: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field_name


@dataclass
class Choices:
    """What the seller already has on eBay for the account's marketplace."""

    opted_in: bool
    pending: bool = False  # opted in, but eBay has not finished turning business policies on
    policies: dict = field(default_factory=lambda: {kind: [] for kind in KINDS})  # kind -> [(id, name)]
    locations: list = field(default_factory=list)  # [(key, label)]


@dataclass(frozen=True)
class Terms:
    """The terms of the policies Stoflow creates when the seller asks for new ones."""

    shipping_cost: Decimal
    handling_days: int = 2
    return_days: int = 30
    return_payer: str = "BUYER"  # or SELLER


def _refusal(outcome: Outcome) -> SetupError:
    if outcome.kind is Kind.RECONNECT_NEEDED:
        return SetupError(_("eBay no longer accepts Stoflow's access for this account. Reconnect it."))
    if outcome.kind is Kind.FORBIDDEN:
        return SetupError(_("This eBay connection does not allow managing policies. Reconnect the account."))
    if outcome.kind is Kind.RATE_LIMITED:
        return SetupError(_("eBay asks Stoflow to slow down. Try again in a few minutes."))
    if outcome.kind in (Kind.TRANSIENT, Kind.AMBIGUOUS):
        return SetupError(_("eBay did not answer. Try again in a few minutes."))
    message = (outcome.errors[0].get("message") if outcome.errors else "") or str(outcome.status)
    return SetupError(_("eBay refused: %(message)s") % {"message": message})


def read_choices(account: EbayAccount, client: EbayClient | None = None) -> Choices:
    client = client or EbayClient(account)
    programs = client.opted_in_programs()
    if not programs.ok:
        raise _refusal(programs)
    opted_in = any(p.get("programType") == PROGRAM for p in (programs.data or {}).get("programs") or [])
    choices = Choices(opted_in=opted_in)
    if opted_in:
        for kind in KINDS:
            answer = client.policies(kind)
            if answer.kind is Kind.VALIDATION and answer.error_id == NOT_ELIGIBLE:
                choices.pending = True
                break
            if not answer.ok:
                raise _refusal(answer)
            choices.policies[kind] = [
                (str(p[f"{kind}PolicyId"]), p.get("name") or str(p[f"{kind}PolicyId"]))
                for p in answer.data.get(f"{kind}Policies") or []
                if p.get("marketplaceId") == account.marketplace_id
            ]
    answer = client.locations()
    if not answer.ok:
        raise _refusal(answer)
    for location in answer.data.get("locations") or []:
        if location.get("merchantLocationStatus", "ENABLED") != "ENABLED":
            continue
        address = (location.get("location") or {}).get("address") or {}
        place = " ".join(str(address.get(k)) for k in ("postalCode", "city", "country") if address.get(k))
        key = location["merchantLocationKey"]
        choices.locations.append((key, f"{location.get('name') or key} ({place})" if place else key))
    return choices


def opt_in(client: EbayClient) -> None:
    answer = client.opt_in_business_policies()
    if not answer.ok and answer.kind is not Kind.ALREADY_EXISTS:  # 409/25803: opted in before
        raise _refusal(answer)


def policy_bodies(account: EbayAccount, terms: Terms) -> dict[str, dict]:
    """The policies Stoflow creates, named after their terms: a policy of the same name has the same
    terms, so finding one (created before, or by a lost answer) is as good as creating it."""
    market = account.marketplace
    shipping = SHIPPING[account.marketplace_id]
    cost = f"{terms.shipping_cost:.2f}"
    common = {"marketplaceId": account.marketplace_id, "categoryTypes": CATEGORY_TYPES}
    payer = "buyer" if terms.return_payer == "BUYER" else "seller"
    return {
        "fulfillment": {
            **common,
            "name": f"Stoflow {shipping.carrier} {cost} {market.currency} {terms.handling_days}d"[:64],
            "handlingTime": {"unit": "DAY", "value": terms.handling_days},
            "shippingOptions": [
                {
                    "optionType": "DOMESTIC",
                    "costType": "FLAT_RATE",
                    "shippingServices": [
                        {
                            "sortOrder": 1,
                            "shippingServiceCode": shipping.service_code,
                            "shippingCost": {"value": cost, "currency": market.currency},
                            "freeShipping": not terms.shipping_cost,
                        }
                    ],
                }
            ],
        },
        "payment": {**common, "name": "Stoflow immediate payment", "immediatePay": True},
        "return": {
            **common,
            "name": f"Stoflow returns {terms.return_days}d {payer} pays",
            "returnsAccepted": True,
            "returnPeriod": {"value": terms.return_days, "unit": "DAY"},
            "refundMethod": "MONEY_BACK",
            "returnShippingCostPayer": terms.return_payer,
        },
    }


def _named(client: EbayClient, kind: str, name: str, marketplace_id: str) -> str | None:
    answer = client.policies(kind)
    if not answer.ok:
        return None
    for policy in answer.data.get(f"{kind}Policies") or []:
        if policy.get("name") == name and policy.get("marketplaceId") == marketplace_id:
            return str(policy[f"{kind}PolicyId"])
    return None


def _create_policy(client: EbayClient, account: EbayAccount, kind: str, body: dict, existing: list) -> str:
    for policy_id, name in existing:
        if name == body["name"]:
            return policy_id
    answer = client.create_policy(kind, body)
    if answer.ok:
        return str(answer.data[f"{kind}PolicyId"])
    if answer.kind in (Kind.VALIDATION, Kind.AMBIGUOUS):
        # A name taken meanwhile (eBay's id for it is unknown) or a lost answer: read the list again.
        found = _named(client, kind, body["name"], account.marketplace_id)
        if found:
            return found
    raise _refusal(answer)


POSTAL = re.compile(r"[A-Za-z0-9 -]{2,12}")


def location_key(country: str, postal_code: str) -> str:
    return ("stoflow-" + country + "-" + re.sub(r"[^A-Za-z0-9]", "", postal_code))[:36]


def _create_location(client: EbayClient, *, postal_code: str, city: str, country: str) -> str:
    if not POSTAL.fullmatch(postal_code.strip()):
        raise SetupError(_("Enter a valid postcode."), "postal_code")
    key = location_key(country, postal_code.strip())
    address = {"postalCode": postal_code.strip(), "country": country}
    if city.strip():
        address["city"] = city.strip()
    answer = client.create_location(
        key,
        {
            "location": {"address": address},
            "locationTypes": ["WAREHOUSE"],
            "name": _("Where I ship from"),
            "merchantLocationStatus": "ENABLED",
        },
    )
    if answer.ok or answer.kind is Kind.ALREADY_EXISTS:  # the same key is the same postcode and country
        return key
    if answer.kind is Kind.AMBIGUOUS and client.location(key).ok:
        return key
    if answer.kind is Kind.VALIDATION:
        raise SetupError(_("eBay does not accept this address: check the postcode."), "postal_code")
    raise _refusal(answer)


def complete(
    account: EbayAccount,
    *,
    policies: dict[str, str],
    location: str,
    terms: Terms,
    postal_code: str = "",
    city: str = "",
    country: str = "",
    choices: Choices | None = None,
    client: EbayClient | None = None,
) -> EbayAccount:
    """Opt in when needed, create what the seller asked Stoflow to create, check the chosen ids exist,
    and store them on the account. `policies`: kind -> policy id or NEW; `location`: key or NEW;
    `choices`: what read_choices answered just before (read again when not given)."""
    client = client or EbayClient(account)
    current = choices or read_choices(account, client)
    if not current.opted_in:
        opt_in(client)
        current = read_choices(account, client)
    if current.pending or not current.opted_in:
        raise SetupError(
            _(
                "eBay is turning on business policies for your account; it can take up to 24 hours. "
                "Come back later to finish."
            )
        )
    bodies = policy_bodies(account, terms)
    ids = {}
    for kind in KINDS:
        chosen = policies.get(kind) or NEW
        if chosen == NEW:
            ids[kind] = _create_policy(client, account, kind, bodies[kind], current.policies[kind])
        elif chosen in {policy_id for policy_id, _name in current.policies[kind]}:
            ids[kind] = chosen
        else:
            raise SetupError(_("This policy is no longer on eBay. Choose another."), f"{kind}_policy")
    if location == NEW:
        key = _create_location(client, postal_code=postal_code, city=city, country=country)
    elif location in {key for key, _label in current.locations}:
        key = location
    else:
        raise SetupError(_("This address is no longer on eBay. Choose another."), "location")
    with transaction.atomic():
        account = EbayAccount.objects.select_for_update().get(pk=account.pk)
        account.fulfillment_policy_id = ids["fulfillment"]
        account.payment_policy_id = ids["payment"]
        account.return_policy_id = ids["return"]
        account.merchant_location_key = key
        account.setup_done_at = timezone.now()
        account.save(
            update_fields=[
                "fulfillment_policy_id",
                "payment_policy_id",
                "return_policy_id",
                "merchant_location_key",
                "setup_done_at",
                "updated_at",
            ]
        )
    return account


def complete_with_first_choices(account: EbayAccount, *, postal_code: str, country: str) -> EbayAccount:
    """Set-up without questions: the seller's first policy of each kind and first location, or new ones
    with Stoflow's defaults for the site (the demo shop, and tests that start from a set-up account)."""
    choices = read_choices(account)
    return complete(
        account,
        policies={kind: choices.policies[kind][0][0] if choices.policies[kind] else NEW for kind in KINDS},
        location=choices.locations[0][0] if choices.locations else NEW,
        terms=Terms(shipping_cost=SHIPPING[account.marketplace_id].cost),
        postal_code=postal_code,
        country=country,
        choices=choices,
    )
