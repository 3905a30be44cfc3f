"""A new seller on a phone follows the install instructions and downloads the Chrome package."""

import json
import zipfile

import pytest

from tests.browser import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(settings, tmp_path, page):
    settings.EXTENSION_PACKAGES_DIR = tmp_path / "extension"
    settings.SITE_URL = page.base_url
    return page.base_url


def test_install_instructions_download_chrome_package_built_for_this_site(page, site, tmp_path):
    sign_up(page, shop_name="Ext shop", email="ext@example.com", password="correct-horse-battery-9")
    page.click("[data-toggle-nav]")
    page.click("text=Vinted accounts")
    page.wait_for_url("**/vinted/accounts/")
    install = page.locator("[data-extension-install]")
    assert "Load unpacked" in install.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    button = install.locator("[data-download-chrome]")
    assert button.bounding_box()["height"] >= 44

    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("stoflow-extension-chrome-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["background"] == {"service_worker": "background.js"}
    assert f"{site}/*" in manifest["host_permissions"]
    assert f"{site}/vinted/extension/*" in manifest["content_scripts"][1]["matches"]

    install.locator("[data-install-chrome] >> text=connect this browser").click()
    page.wait_for_url("**/vinted/extension/connect/")
    assert page.locator("[data-connect-button]").is_visible()
    assert page.locator("[data-extension-install] [data-download-firefox]").is_visible()
