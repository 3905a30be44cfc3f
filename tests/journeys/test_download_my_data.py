"""A seller on a phone, in French, with a few products (with photos), a connected Vinted (sandbox)
account and an API token, asks for "download my data": the worker builds the archive while the page
shows its progress, the seller downloads it through the browser, and the archive holds what its
signed manifest says (row counts and checksums), the products and their photos, and neither the
Vinted session nor the token's key."""

import hashlib
import json
import re
import zipfile

import pytest
from django_tenants.utils import tenant_context

from tenants.models import Tenant
from tenants.shopdata.archive import sign
from vinted.models import VintedAccount
from vinted.sessions import open_session

from .helpers import add_product, fits_the_screen, open_menu, sign_up

pytestmark = [pytest.mark.journey, pytest.mark.django_db(transaction=True)]

FRENCH_SHORT_DATETIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")


def _switch_to_french(page) -> None:
    with page.expect_navigation():
        page.select_option("#language", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"


def _secrets_of_the_shop(shop_name: str) -> list[str]:
    """What must never leave the shop in clear: the sealed Vinted session and everything it seals."""
    tenant = Tenant.objects.get(name=shop_name)
    with tenant_context(tenant):
        account = VintedAccount.objects.get()
        session = open_session(account)
        sealed = account.sealed_session
    values = [sealed, session.csrf_token, *session.cookies.values()]
    return [value for value in values if len(value) >= 8]  # short values (a locale, "1") prove nothing


def test_download_my_data_in_french_on_a_phone_holds_the_shop_and_no_secret(phone, running):
    page = phone
    sign_up(page, running, "Friperie Odile", "odile@example.com")
    add_product(page, sku="ODI-001", title="Robe midi fleurie", price="24.90", photos=2)
    add_product(page, sku="ODI-002", title="Veste en jean", price="31.50", photos=1)
    _switch_to_french(page)

    open_menu(page)
    page.click("#site-nav >> text=Comptes Vinted")
    page.select_option("#id_site", "sandbox:fr")
    page.click("[data-connect-sandbox]")
    page.wait_for_selector("[data-status=connected]")

    open_menu(page)
    page.click("#site-nav >> text=Jetons d’API")
    page.fill("#id_name", "Script de stock")
    page.click("form button:text('Créer')")
    token_key = page.locator("[data-new-token]").inner_text().strip()

    # "Télécharger mes données": the page waits for the worker, then offers the archive.
    open_menu(page)
    page.click("#site-nav >> text=Vos données")
    page.wait_for_url("**/settings/data/")
    assert page.locator("h1").inner_text() == "Les données de votre boutique"
    page.click("button:text('Télécharger mes données')")
    page.wait_for_url("**/settings/data/")
    assert "Votre archive est en préparation" in page.locator(".messages").inner_text()
    link = page.locator("[data-export=ready] a")
    link.wait_for(timeout=60000)
    entry = page.locator("[data-export=ready]").inner_text()
    assert FRENCH_SHORT_DATETIME.search(entry), entry
    assert re.search(r"Télécharger \(\d+(,\d)?\xa0(octets|Kio|Mio)\)", entry), entry
    assert fits_the_screen(page)
    for target in page.locator("main button, main a.button").all():
        assert target.bounding_box()["height"] >= 44, target.inner_text()

    with page.expect_download() as download:
        link.click()
    assert re.fullmatch(r"stoflow-t_\w+-\d{8}-\d{4}\.zip", download.value.suggested_filename)
    archive = zipfile.ZipFile(download.value.path())

    # The manifest is signed, lists every member, and each member matches its count and checksum.
    manifest_bytes = archive.read("manifest.json")
    assert archive.read("manifest.sig") == sign(manifest_bytes)
    manifest = json.loads(manifest_bytes)
    listed = (
        {f"tables/{name}.json" for name in manifest["tables"]}
        | {f"files/{name}" for name in manifest["files"]}
        | {f"public/{name}.json" for name in manifest["public"]}
    )
    assert set(archive.namelist()) == listed | {"manifest.json", "manifest.sig"}
    for name, table in manifest["tables"].items():
        data = archive.read(f"tables/{name}.json")
        assert hashlib.sha256(data).hexdigest() == table["sha256"], name
        assert len(json.loads(data)) == table["rows"], name
    for name, file in manifest["files"].items():
        data = archive.read(f"files/{name}")
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (file["sha256"], file["bytes"]), name
    for name, public in manifest["public"].items():
        assert hashlib.sha256(archive.read(f"public/{name}.json")).hexdigest() == public["sha256"], name

    # The products and their photos, every stored file of each photo among the archive's files.
    products = json.loads(archive.read("tables/catalog_product.json"))
    assert sorted((p["sku"], p["title"], p["price"]) for p in products) == [
        ("ODI-001", "Robe midi fleurie", 24.90),
        ("ODI-002", "Veste en jean", 31.50),
    ]
    photos = json.loads(archive.read("tables/catalog_productphoto.json"))
    assert len(photos) == 3
    schema = manifest["schema_name"]
    for photo in photos:
        for stored in (photo["image"], photo["thumbnail"], photo["small"]):
            assert stored.removeprefix(f"{schema}/") in manifest["files"], stored
    [account] = json.loads(archive.read("tables/vinted_vintedaccount.json"))
    assert account["sealed_session"] == ""
    assert json.loads(archive.read("public/api_tokens.json"))[0]["name"] == "Script de stock"

    # No secret in clear anywhere: not in a table, a file, a public member or the manifest.
    # The members holding one are named, never the secret (a failing run's report is read by people).
    secrets = [*_secrets_of_the_shop("Friperie Odile"), token_key]
    leaks = {name for name in archive.namelist() for secret in secrets if secret.encode() in archive.read(name)}
    assert leaks == set()
