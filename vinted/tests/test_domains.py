"""The domain field is an allowlist: no other host, IP literal, userinfo trick or disabled sandbox."""

import pytest

from vinted import domains


@pytest.fixture
def sandbox_on(settings):
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = "http://127.0.0.1:8765"


def test_resolve_real_domain_gives_its_currency_and_https_base():
    site = domains.resolve("www.vinted.co.uk")
    assert (site.key, site.currency, site.base_url) == ("www.vinted.co.uk", "GBP", "https://www.vinted.co.uk")
    assert domains.resolve(" WWW.VINTED.FR ").currency == "EUR"
    assert domains.resolve("www.vinted.pl").currency == "PLN"


@pytest.mark.parametrize(
    "attempt",
    [
        "evil.example.com",
        "www.vinted.fr.evil.com",
        "www.vinted.fr@evil.com",
        "evil.com@www.vinted.fr",
        "https://www.vinted.fr",
        "www.vinted.fr:8443",
        "www.vinted.fr/",
        "www.vinted.fr#x",
        "vinted.fr",
        "www.vinted.com",
        "127.0.0.1",
        "[::1]",
        "169.254.169.254",
        "0x7f000001",
        "localhost",
        "http://127.0.0.1:8765/fr@evil.com",
        "http://127.0.0.1:8766/fr",
        "127.0.0.1:8765/de",
        "http://user@127.0.0.1:8765/fr",
        "www.vinted.fr\r\nHost: evil",
        "",
        "x" * 300,
    ],
)
def test_resolve_anything_off_the_allowlist_is_refused(attempt, sandbox_on):
    with pytest.raises(domains.DomainNotAllowed):
        domains.resolve(attempt)


def test_resolve_sandbox_spellings_when_enabled(sandbox_on):
    for spelling in ("sandbox:fr", "http://127.0.0.1:8765/fr", "127.0.0.1:8765/fr"):
        site = domains.resolve(spelling)
        assert site.key == "sandbox:fr" and site.base_url == "http://127.0.0.1:8765/fr" and site.is_sandbox
    assert domains.resolve("sandbox:co.uk").currency == "GBP"


def test_resolve_sandbox_when_disabled_is_refused(settings):
    settings.VINTED_SANDBOX_ENABLED = False
    settings.VINTED_SANDBOX_URL = "http://127.0.0.1:8765"
    for spelling in ("sandbox:fr", "http://127.0.0.1:8765/fr", "127.0.0.1:8765/fr"):
        with pytest.raises(domains.DomainNotAllowed):
            domains.resolve(spelling)
    with pytest.raises(domains.DomainNotAllowed):
        domains.site_for("sandbox:fr")  # a stored sandbox account stops working too


def test_site_url_refuses_paths_that_could_change_host():
    site = domains.resolve("www.vinted.fr")
    assert site.url("/api/v2/users/current") == "https://www.vinted.fr/api/v2/users/current"
    for path in ("//evil.com/x", "@evil.com", "api", "/a\\b"):
        with pytest.raises(domains.DomainNotAllowed):
            site.url(path)


def test_listing_url_is_built_from_the_item_id_on_the_accounts_site(settings):
    settings.VINTED_SANDBOX_ENABLED, settings.VINTED_SANDBOX_URL = True, "http://127.0.0.1:8765"
    assert domains.listing_url("www.vinted.fr", 7700000) == "https://www.vinted.fr/items/7700000"
    assert domains.listing_url("www.vinted.co.uk", "42") == "https://www.vinted.co.uk/items/42"
    assert domains.listing_url("sandbox:fr", 7700000) == "http://127.0.0.1:8765/fr/items/7700000"


def test_listing_url_is_empty_without_an_id_or_on_a_site_no_longer_allowed(settings):
    settings.VINTED_SANDBOX_ENABLED = False
    assert domains.listing_url("www.vinted.fr", None) == ""
    assert domains.listing_url("sandbox:fr", 12) == ""
    assert domains.listing_url("evil.example", 12) == ""
    assert domains.listing_url("www.vinted.fr", "12/../../x") == ""
