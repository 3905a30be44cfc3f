from django.test import override_settings

from ebay import config

KEYS = {"EBAY_CLIENT_ID": "app-id", "EBAY_CLIENT_SECRET": "cert-id", "EBAY_RUNAME": "Shop-RuName"}


@override_settings(EBAY_CLIENT_ID="", EBAY_CLIENT_SECRET="", EBAY_RUNAME="")
def test_enabled_without_application_keys_is_false():
    assert not config.enabled()


@override_settings(**{**KEYS, "EBAY_RUNAME": ""})
def test_enabled_without_runame_is_false():
    assert not config.enabled()


@override_settings(**KEYS)
def test_enabled_with_all_keys_is_true():
    assert config.enabled()


@override_settings(EBAY_ENVIRONMENT="production", EBAY_API_URL="", EBAY_AUTH_URL="", EBAY_MEDIA_URL="")
def test_endpoints_in_production_are_ebays_hosts():
    found = config.endpoints()
    assert found.token == "https://api.ebay.com/identity/v1/oauth2/token"
    assert found.consent == "https://auth.ebay.com/oauth2/authorize"
    assert found.media == "https://apim.ebay.com/commerce/media/v1_beta"


@override_settings(EBAY_ENVIRONMENT="sandbox", EBAY_API_URL="", EBAY_AUTH_URL="", EBAY_MEDIA_URL="")
def test_endpoints_in_ebays_sandbox_are_the_sandbox_hosts():
    found = config.endpoints()
    assert found.api == "https://api.sandbox.ebay.com"
    assert found.consent == "https://auth.sandbox.ebay.com/oauth2/authorize"


@override_settings(
    EBAY_ENVIRONMENT="local",
    EBAY_SANDBOX_URL="http://127.0.0.1:8766/",
    EBAY_API_URL="",
    EBAY_AUTH_URL="",
    EBAY_MEDIA_URL="",
)
def test_endpoints_local_point_everything_at_the_stoflow_sandbox():
    found = config.endpoints()
    assert found.api == "http://127.0.0.1:8766"
    assert found.consent == "http://127.0.0.1:8766/oauth2/authorize"
    assert found.media == "http://127.0.0.1:8766/commerce/media/v1_beta"


def test_marketplaces_carry_currency_and_content_language():
    assert config.MARKETPLACES["EBAY_GB"].currency == "GBP"
    assert config.MARKETPLACES["EBAY_DE"].content_language == "de-DE"
    assert set(config.MARKETPLACES) == {"EBAY_FR", "EBAY_DE", "EBAY_GB", "EBAY_IT", "EBAY_ES"}
