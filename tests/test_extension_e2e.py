"""The real extension in headless Chromium: a seller signs in to the Vinted sandbox, connects the
extension from Stoflow's page in one click, and Stoflow ends up holding the sandbox session,
encrypted, with the account shown as connected; signing out of Vinted disconnects it."""

import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django_tenants.utils import tenant_context

from tenants import provisioning

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "extension"))
import build as extension_build  # extension/build.py, standard library only

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "nova-secret-2026"
CSRF_RE = re.compile(r'CSRF_TOKEN(?:\\)?"\s*:\s*(?:\\)?"(?P<token>[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})', re.I)


@pytest.fixture
def sandbox(settings):
    from vinted.sandbox.server import SandboxServer

    # No spontaneous datadome re-issues: Stoflow keeps the newest one it receives itself (as it should),
    # which would make "the stored session is the browser's cookies" a moving target.
    server = SandboxServer(port=0, datadome_every=0).start()
    settings.VINTED_SANDBOX_ENABLED = True
    settings.VINTED_SANDBOX_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def shop(committed_platform):
    return provisioning.provision_shop(name="Friperie Nova", owner_email="nova@example.com", password=PASSWORD)


@pytest.fixture
def launch_chromium(browser, live_server, sandbox, tmp_path):
    """launch_chromium(lang) -> a persistent Chromium profile with the unpacked development build for
    this run's ports (Stoflow's live server and the sandbox), its UI in `lang`. It runs on the
    session's Playwright (the `browser` fixture): one sync Playwright per thread."""
    tree = extension_build.build_tree(tmp_path / "extension", "chrome", [live_server.url], [sandbox.url])
    contexts = []

    def launch(lang="en"):
        context = browser.browser_type.launch_persistent_context(
            tempfile.mkdtemp(prefix="stoflow-profile-", dir=tmp_path),
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            viewport={"width": 390, "height": 844},
            locale="en-GB" if lang == "en" else lang,
            env={**os.environ, "LANGUAGE": lang, "LANG": f"{lang}_{lang.upper()}.UTF-8"},
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-sync",
                f"--lang={lang}",
                "--disable-background-networking",
                "--disable-component-update",
                f"--disable-extensions-except={tree}",
                f"--load-extension={tree}",
            ],
        )
        context.set_default_timeout(15000)
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        context.extension_id = worker.url.split("/")[2]
        context.worker = worker
        contexts.append(context)
        return context

    yield launch
    for context in contexts:
        context.close()


@pytest.fixture
def chromium_with_extension(launch_chromium):
    return launch_chromium("en")


def _db(fn, *args):
    """Runs a database read or write in its own thread, which closes its connection afterwards.

    Django's connections are context-local, and Playwright's sync API switches contexts: a query
    made from the test body while Chromium runs opens a connection nothing would close, and the
    test database could not be dropped at the end of the run."""
    from django.db import connections

    box = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as error:  # noqa: BLE001 (re-raised in the test's thread, pytest's failures included)
            box["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _account(shop):
    from vinted.models import VintedAccount

    def read():
        with tenant_context(shop.tenant):
            return VintedAccount.objects.filter(login="mila").first()

    return _db(read)


def _stored_session(shop):
    from vinted.models import VintedAccount
    from vinted.sessions import open_session

    def read():
        with tenant_context(shop.tenant):
            return open_session(VintedAccount.objects.get(login="mila"))

    return _db(read)


def _wait_for(predicate, timeout=15.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def _sign_in_to_stoflow(page, base_url):
    page.goto(base_url + "/login/")
    page.fill("#id_email", "nova@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/dashboard/")


def _sign_in_to_vinted_sandbox(page, sandbox):
    sandbox.create_seller("mila", "mila-vinted-pw", site="fr")
    page.goto(sandbox.site_url("fr") + "/member/login")
    page.fill("#username", "mila")
    page.fill("#password", "mila-vinted-pw")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    page.goto(sandbox.site_url("fr") + "/items/new")  # a Vinted tab: the content script reads the CSRF token
    return CSRF_RE.search(page.content()).group("token")


def test_pair_with_one_click_after_vinted_login_stores_sandbox_session(
    shop, chromium_with_extension, live_server, sandbox
):
    from vinted.models import VintedAccount

    context = chromium_with_extension
    page = context.new_page()
    _sign_in_to_stoflow(page, live_server.url)
    csrf = _sign_in_to_vinted_sandbox(page, sandbox)

    page.goto(live_server.url + "/vinted/extension/connect/")
    page.wait_for_selector("text=The extension is installed in this browser.")
    page.click("[data-connect-button]")
    page.wait_for_selector("[data-connect-extension][data-pairing=done]")
    site = f"{sandbox.url.split('://')[1]}/fr"
    assert page.locator("[data-vinted-account]").inner_text() == f"Vinted: connected as @mila on {site}."

    account = _account(shop)
    assert account is not None and account.status == VintedAccount.Status.CONNECTED
    assert account.domain == "sandbox:fr"

    def stored_session_matches_browser():
        browser = {c["name"]: c["value"] for c in context.cookies(sandbox.site_url("fr") + "/")}
        session = _stored_session(shop)
        expected = {name: value for name, value in browser.items() if name != "refresh_token_web"}
        return (session, browser) if session.cookies == expected else None

    session, browser_cookies = _wait_for(stored_session_matches_browser)
    assert "refresh_token_web" in browser_cookies, "the browser holds the refresh chain"
    assert set(session.cookies) >= {"access_token_web", "datadome", "anon_id", "v_uid"}
    assert session.csrf_token == csrf
    assert session.anon_id == browser_cookies["anon_id"]
    assert "HeadlessChrome" in session.user_agent
    assert session.ua_client_hints["platform"]

    # Stoflow shows it; the page never saw the Vinted cookies, and the token went to the extension only.
    page.goto(live_server.url + "/vinted/accounts/")
    row = page.locator(f"[data-account='{account.public_id}']")
    assert "mila" in row.inner_text()
    assert row.locator("[data-status]").get_attribute("data-status") == "connected"
    assert row.locator("[data-status]").inner_text() == "Connected"
    assert browser_cookies["access_token_web"] not in page.content()

    # The popup says who is connected where, for which shop, and "Sync now" sends again.
    popup = context.new_page()
    popup.goto(f"chrome-extension://{context.extension_id}/popup/popup.html")
    accounts = popup.locator("#accounts")
    accounts.locator("text=Connected as @mila").wait_for()
    assert accounts.inner_text().startswith(f"Connected as @mila on {site}")
    assert "Vinted session valid until" in accounts.inner_text()
    assert popup.locator("#shop").inner_text() == "Stoflow shop: Friperie Nova"
    verified_before = _account(shop).last_verified_at
    popup.click("#sync-now")
    popup.wait_for_selector("text=Sent to Stoflow.")
    assert _account(shop).last_verified_at >= verified_before
    assert popup.locator("#error").is_hidden()

    # Signing out of Vinted removes access_token_web: the extension tells Stoflow (debounced ~2 s).
    page.goto(sandbox.site_url("fr") + "/member/logout")
    _wait_for(lambda: _account(shop).status == VintedAccount.Status.DISCONNECTED)
    popup.reload()
    popup.locator("text=Signed out of").wait_for()
    assert "not logged in to Vinted" in popup.locator("#error").inner_text()


def test_revoked_token_shows_plain_error_in_popup(shop, chromium_with_extension, live_server, sandbox):
    from django.utils import timezone
    from playwright.sync_api import expect

    from tenants.models import ApiToken

    context = chromium_with_extension
    page = context.new_page()
    _sign_in_to_stoflow(page, live_server.url)
    _sign_in_to_vinted_sandbox(page, sandbox)
    page.goto(live_server.url + "/vinted/extension/connect/")
    page.wait_for_selector("text=The extension is installed in this browser.")
    page.click("[data-connect-button]")
    page.wait_for_selector("[data-connect-extension][data-pairing=done]")

    _db(lambda: ApiToken.objects.filter(name="Browser extension").update(revoked_at=timezone.now()))
    popup = context.new_page()
    popup.goto(f"chrome-extension://{context.extension_id}/popup/popup.html")
    popup.click("#sync-now")
    expect(popup.locator("#error")).to_contain_text("revoked")


def test_popup_and_options_before_pairing_in_english(chromium_with_extension):
    context = chromium_with_extension
    popup = context.new_page()
    popup.goto(f"chrome-extension://{context.extension_id}/popup/popup.html")
    assert popup.locator("#not-paired").inner_text().startswith("This browser is not connected to Stoflow yet.")
    assert popup.locator("#sync-now").is_disabled()
    assert popup.locator("#error").is_hidden(), "one explanation, not the same one twice"
    options = context.new_page()
    options.goto(f"chrome-extension://{context.extension_id}/options/options.html")
    assert options.locator("h1").inner_text() == "Stoflow extension options"


def test_popup_and_options_follow_a_french_browser(launch_chromium):
    context = launch_chromium("fr")
    popup = context.new_page()
    popup.goto(f"chrome-extension://{context.extension_id}/popup/popup.html")
    assert popup.locator("#sync-now").inner_text() == "Synchroniser maintenant"
    assert popup.locator("#not-paired").inner_text().startswith("Ce navigateur n'est pas encore relié à Stoflow.")
    options = context.new_page()
    options.goto(f"chrome-extension://{context.extension_id}/options/options.html")
    assert options.locator("h1").inner_text() == "Options de l'extension Stoflow"
    assert options.locator("html").get_attribute("lang").startswith("fr")


def test_options_paste_token_pairs_and_bad_token_is_explained(shop, chromium_with_extension, live_server):
    from playwright.sync_api import expect

    from tenants import tokens

    context = chromium_with_extension
    options = context.new_page()
    options.goto(f"chrome-extension://{context.extension_id}/options/options.html")
    assert options.locator("#stoflow-url").input_value() == live_server.url, "defaults to the built-in Stoflow"
    options.fill("#token", "sfk_" + "x" * 43)
    options.click("button[type=submit]")
    expect(options.locator("#error")).to_contain_text("revoked")
    options.fill("#stoflow-url", "not a url")
    options.click("button[type=submit]")
    expect(options.locator("#error")).to_contain_text("full Stoflow address")

    _token, key = _db(tokens.create, shop.membership, "pasted")
    options.fill("#stoflow-url", live_server.url)
    options.fill("#token", key)
    options.click("button[type=submit]")
    options.locator("#paired-with").wait_for()
    assert options.locator("#paired-with").inner_text() == f"Connected to Stoflow at {live_server.url}."
    assert options.locator("#token").input_value() == "", "the pasted token is not left on screen"
    assert "pairing" in context.worker.evaluate("chrome.storage.local.get('pairing')")


def test_token_near_expiry_is_refreshed_in_the_browser_and_the_new_one_exported(
    shop, chromium_with_extension, live_server, sandbox
):
    sandbox.configure(access_lifetime=600)  # under the extension's 15-minute threshold from the start
    context = chromium_with_extension
    page = context.new_page()
    _sign_in_to_stoflow(page, live_server.url)
    _sign_in_to_vinted_sandbox(page, sandbox)

    def jar():
        return {c["name"]: c["value"] for c in context.cookies(sandbox.site_url("fr") + "/")}

    first = jar()

    page.goto(live_server.url + "/vinted/extension/connect/")
    page.wait_for_selector("text=The extension is installed in this browser.")
    page.click("[data-connect-button]")
    page.wait_for_selector("[data-connect-extension][data-pairing=done]")

    def refreshed_and_exported():
        now = jar()
        if now["refresh_token_web"] == first["refresh_token_web"]:
            return None
        return now if _stored_session(shop).access_token == now["access_token_web"] else None

    now = _wait_for(refreshed_and_exported)
    assert now["access_token_web"] != first["access_token_web"], "the browser's jar holds the rotated tokens"
    assert "refresh_token_web" not in _stored_session(shop).cookies
