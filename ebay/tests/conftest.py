from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django_tenants.utils import tenant_context

from ebay import services
from ebay.sandbox.server import EbaySandbox

PASSWORD = "sandbox-pw"


@pytest.fixture
def ebay_sandbox(settings):
    """The eBay sandbox in a thread, knowing the test settings' application, with the site pointed at it."""
    server = EbaySandbox(port=0).start()
    server.register_app(
        client_id=django_settings.EBAY_CLIENT_ID,
        client_secret=django_settings.EBAY_CLIENT_SECRET,
        runame=django_settings.EBAY_RUNAME,
        accept_url="http://testserver/ebay/consent/accepted",
        declined_url="http://testserver/ebay/consent/declined",
    )
    settings.EBAY_ENVIRONMENT = "local"
    settings.EBAY_SANDBOX_URL = server.url
    settings.EBAY_API_URL = settings.EBAY_AUTH_URL = settings.EBAY_MEDIA_URL = ""
    yield server
    server.stop()


@pytest.fixture
def ebay_seller(ebay_sandbox):
    return ebay_sandbox.create_seller("alice_fr", PASSWORD)


def agree_on_ebay(
    consent_url: str, username: str = "alice_fr", password: str = PASSWORD, decision: str = "accept"
) -> dict:
    """Sign in on the sandbox's consent page and agree: the query eBay sends the seller back with."""
    split = urlsplit(consent_url)
    form = {k: v[0] for k, v in parse_qs(split.query).items()}
    answer = requests.post(
        f"{split.scheme}://{split.netloc}{split.path}",
        timeout=5,
        allow_redirects=False,
        data={**form, "username": username, "password": password, "decision": decision},
    )
    location = answer.headers["Location"]
    return {"path": urlsplit(location).path, **{k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}}


@pytest.fixture
def ebay_account(ebay_seller, shop_a):
    """alice_fr connected to shop A on EBAY_FR through the consent page."""
    session = {}
    with tenant_context(shop_a.tenant):
        back = agree_on_ebay(services.start_consent(session, "EBAY_FR"))
        return services.finish_consent(session, state=back["state"], code=back["code"])
