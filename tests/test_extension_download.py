"""The site serves the extension packages built for its own SITE_URL, to signed-in members only."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from vinted import extension_packages

CHROME = "vinted:extension_download_chrome"
FIREFOX = "vinted:extension_download_firefox"
SITE = "https://shop.example.com"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def packages_dir(settings, tmp_path):
    settings.EXTENSION_PACKAGES_DIR = tmp_path / "extension"
    settings.SITE_URL = SITE
    settings.VINTED_SANDBOX_ENABLED = False
    return settings.EXTENSION_PACKAGES_DIR


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _manifest(response) -> dict:
    return json.loads(_archive(response).read("manifest.json"))


def test_download_chrome_signed_out_redirects_to_login(client):
    response = client.get(reverse(CHROME))
    assert response.status_code == 302
    assert reverse("tenants:login") in response["Location"]


def test_download_firefox_signed_out_redirects_to_login(client):
    response = client.get(reverse(FIREFOX))
    assert response.status_code == 302
    assert reverse("tenants:login") in response["Location"]


def test_download_chrome_serves_a_zip_built_for_this_site(client_a):
    response = client_a.get(reverse(CHROME))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    version = extension_packages.version()
    assert response["Content-Disposition"] == f'attachment; filename="stoflow-extension-chrome-{version}.zip"'
    archive = _archive(response)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["background"] == {"service_worker": "background.js"}
    assert "https://shop.example.com/*" in manifest["host_permissions"]
    assert "http://127.0.0.1:8000/*" not in manifest["host_permissions"]
    assert manifest["content_scripts"][1]["matches"] == ["https://shop.example.com/vinted/extension/*"]
    config = archive.read("config.js").decode()
    assert '"stoflowUrls": [\n  "https://shop.example.com"\n ]' in config
    assert "8765" not in config, "no sandbox in a build for a site without it"


def test_download_firefox_serves_an_xpi_built_for_this_site(client_a):
    response = client_a.get(reverse(FIREFOX))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-xpinstall"
    assert response["Content-Disposition"].startswith('attachment; filename="stoflow-extension-firefox-')
    assert response["Content-Disposition"].endswith('.xpi"')
    manifest = _manifest(response)
    assert manifest["browser_specific_settings"]["gecko"]["id"] == "vinted-session@stoflow.app"
    assert "https://shop.example.com/*" in manifest["host_permissions"]


def test_download_with_sandbox_enabled_adds_the_sandbox_origin(client_a, settings):
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = "http://127.0.0.1:9876"
    config = _archive(client_a.get(reverse(CHROME))).read("config.js").decode()
    assert "http://127.0.0.1:9876/fr/" in config


def test_download_after_site_url_change_rebuilds_for_the_new_site(client_a, settings):
    assert "https://shop.example.com/*" in _manifest(client_a.get(reverse(CHROME)))["host_permissions"]
    settings.SITE_URL = "https://other.example.org:8443/"
    hosts = _manifest(client_a.get(reverse(CHROME)))["host_permissions"]
    assert "https://other.example.org:8443/*" in hosts
    assert "https://shop.example.com/*" not in hosts


def test_download_after_version_change_rebuilds_with_the_new_version(client_a, monkeypatch):
    client_a.get(reverse(CHROME))
    monkeypatch.setattr(extension_packages._build_module(), "VERSION", "9.9.9")
    response = client_a.get(reverse(CHROME))
    assert response["Content-Disposition"] == 'attachment; filename="stoflow-extension-chrome-9.9.9.zip"'
    assert _manifest(response)["version"] == "9.9.9"


def test_download_firefox_prefers_the_signed_package_put_in_place(client_a, packages_dir):
    signed = packages_dir / "signed" / extension_packages.filename("firefox")
    signed.parent.mkdir(parents=True)
    signed.write_bytes(b"signed by mozilla")
    response = client_a.get(reverse(FIREFOX))
    assert b"".join(response.streaming_content) == b"signed by mozilla"


def test_build_extension_command_builds_both_and_drops_older_builds(packages_dir, settings):
    call_command("build_extension")
    first = {p.name for p in packages_dir.iterdir()}
    settings.SITE_URL = "https://other.example.org"
    call_command("build_extension")
    folders = [p for p in packages_dir.iterdir()]
    assert len(folders) == 1 and folders[0].name not in first
    assert sorted(p.suffix for p in folders[0].iterdir()) == [".xpi", ".zip"]


def test_accounts_page_links_both_downloads_with_instructions(client_a):
    html = client_a.get(reverse("vinted:accounts")).content.decode()
    assert reverse(CHROME) in html and reverse(FIREFOX) in html
    assert "Load unpacked" in html and "Load Temporary Add-on" in html
    assert "https://shop.example.com" in html
    assert reverse("tenants:api_tokens") in html, "the token fallback stays"


def test_connect_page_in_french_explains_the_install(client_a):
    client_a.cookies["django_language"] = "fr"
    html = client_a.get(reverse("vinted:connect_extension")).content.decode()
    assert reverse(CHROME) in html and reverse(FIREFOX) in html
    assert "Installer l’extension" in html and "Mode développeur" in html
    assert "Charger un module complémentaire temporaire" in html


def test_connect_page_with_signed_firefox_package_drops_the_temporary_route(client_a, packages_dir):
    signed = packages_dir / "signed" / extension_packages.filename("firefox")
    signed.parent.mkdir(parents=True)
    signed.write_bytes(b"signed")
    html = client_a.get(reverse("vinted:connect_extension")).content.decode()
    assert "Load Temporary Add-on" not in html and "Click “Add” when Firefox asks." in html


def test_download_for_a_local_site_pairs_with_127_0_0_1_and_localhost(client_a, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    hosts = _manifest(client_a.get(reverse(CHROME)))["host_permissions"]
    assert "http://127.0.0.1:8000/*" in hosts and "http://localhost:8000/*" in hosts
