"""`make run`'s demo shop gets an eBay account on the local eBay sandbox's demo seller, set up, so a
person trying Stoflow sees eBay working.

It goes through the same consent as a seller: the sandbox's consent page (signed in as the demo
seller), then the code exchange and the set-up with the seller's existing policies and location
(the sandbox seeds them). Only against the local sandbox (EBAY_ENVIRONMENT=local), never a real eBay.
bootstrap_demo runs before the sandbox process starts, so the receiver only queues a task; the
worker retries it until the sandbox answers.
"""

import logging
from urllib.parse import parse_qs, urlsplit

import requests
from django.conf import settings
from django.db import connection

from . import config, services, setup
from .models import EbayAccount

log = logging.getLogger(__name__)

DEMO_SELLER = "demo_ebay_seller"
DEMO_PASSWORD = "sandbox-demo"
DEMO_MARKETPLACE = "EBAY_FR"
DEMO_POSTCODE = "75011"


class SandboxUnavailable(Exception):
    """The local sandbox does not answer yet."""


class NotASandbox(Exception):
    """Something else answers there, or it refused the demo seller: retrying changes nothing."""


def available() -> bool:
    return config.enabled() and settings.EBAY_ENVIRONMENT == "local"


def on_demo_shop_ready(sender, tenant, user, **kwargs):
    if not available():
        return
    from kombu.exceptions import OperationalError

    from .tasks import connect_demo_account

    try:
        connect_demo_account.delay()
    except OperationalError as error:  # no broker in a bare shell: the accounts page still connects
        log.warning("could not queue the demo eBay connection in %s: %s", connection.schema_name, error)


def _agree(consent_url: str) -> dict:
    """Sign in on the sandbox's consent page as the demo seller and agree: the query it sends back."""
    split = urlsplit(consent_url)
    form = {key: values[0] for key, values in parse_qs(split.query).items()}
    try:
        answer = requests.post(
            f"{split.scheme}://{split.netloc}{split.path}",
            data={**form, "username": DEMO_SELLER, "password": DEMO_PASSWORD, "decision": "accept"},
            allow_redirects=False,
            timeout=10,
        )
    except requests.ConnectionError as error:
        raise SandboxUnavailable(str(error)) from None
    except requests.RequestException as error:
        raise NotASandbox(str(error)) from None
    back = {key: values[0] for key, values in parse_qs(urlsplit(answer.headers.get("Location", "")).query).items()}
    if answer.status_code != 302 or not back.get("code"):
        raise NotASandbox(f"the consent page answered {answer.status_code} without a code")
    return back


def connect_demo_account() -> EbayAccount:
    """Connect (or reconnect) the demo seller on EBAY_FR and finish its set-up."""
    session = {}
    try:
        back = _agree(services.start_consent(session, DEMO_MARKETPLACE))
        account = services.finish_consent(session, state=back["state"], code=back["code"])
    except services.ConnectError as error:
        raise NotASandbox(error.message) from None
    if account.setup_done:
        return account
    try:
        return setup.complete_with_first_choices(account, postal_code=DEMO_POSTCODE, country="FR")
    except setup.SetupError as error:
        raise SandboxUnavailable(error.message) from None
