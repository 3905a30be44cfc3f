"""`make extension`: one source tree, a Chrome and a Firefox package, the sandbox only in the dev build."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "extension" / "build.py"
SANDBOX = ("http://127.0.0.1/*", "http://localhost/*")


def run_build(*args):
    result = subprocess.run([sys.executable, str(BUILD), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def manifest_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read("manifest.json"))


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    paths = [Path(p) for p in run_build("--out", str(out), "--stoflow-url", "https://stoflow.example.com")]
    return {p.suffix: p for p in paths}


def test_build_release_writes_chrome_zip_and_firefox_xpi(packages):
    assert set(packages) == {".zip", ".xpi"}
    for archive in packages.values():
        with zipfile.ZipFile(archive) as zf:
            names = set(zf.namelist())
        assert {
            "manifest.json",
            "background.js",
            "config.js",
            "lib/capture.js",
            "lib/sync.js",
            "content/vinted.js",
            "content/pair.js",
            "popup/popup.html",
            "options/options.html",
            "_locales/en/messages.json",
            "_locales/fr/messages.json",
            "icons/icon-128.png",
        } <= names
        assert not any(name.startswith("tests/") or name.endswith(".py") for name in names)


def test_build_chrome_manifest_uses_service_worker_and_minimal_permissions(packages):
    manifest = manifest_of(packages[".zip"])
    assert manifest["manifest_version"] == 3
    assert manifest["background"] == {"service_worker": "background.js"}
    assert manifest["permissions"] == ["cookies", "storage", "alarms"]
    assert "browser_specific_settings" not in manifest
    hosts = manifest["host_permissions"]
    for tld in ("fr", "be", "co.uk", "pl", "de", "ro"):
        assert f"https://*.vinted.{tld}/*" in hosts
    assert "https://stoflow.example.com/*" in hosts
    assert not set(SANDBOX) & set(hosts), "the release build never reads the sandbox"
    pair_script = next(cs for cs in manifest["content_scripts"] if "content/pair.js" in cs["js"])
    assert pair_script["matches"] == ["https://stoflow.example.com/vinted/extension/*"]


def test_build_firefox_manifest_has_gecko_id_and_background_scripts(packages):
    manifest = manifest_of(packages[".xpi"])
    gecko = manifest["browser_specific_settings"]["gecko"]
    assert gecko["id"]
    # data_collection_permissions needs Firefox 140, and 142 on Android.
    assert gecko["strict_min_version"] == "140.0"
    assert manifest["browser_specific_settings"]["gecko_android"] == {"strict_min_version": "142.0"}
    assert gecko["data_collection_permissions"] == {"required": ["authenticationInfo"]}
    assert manifest["background"]["scripts"][-1] == "background.js"
    assert "service_worker" not in manifest["background"]
    assert all(
        ":" not in pattern.split("://", 1)[1].split("/", 1)[0]
        for cs in manifest["content_scripts"]
        for pattern in cs["matches"]
    ), "Firefox patterns take no port"


def test_build_dev_adds_sandbox_origin_only_there(tmp_path):
    (tree,) = run_build(
        "--dev",
        "--browser",
        "chrome",
        "--unpacked",
        str(tmp_path / "dev"),
        "--sandbox-origin",
        "http://127.0.0.1:40123",
    )
    manifest = json.loads((Path(tree) / "manifest.json").read_text())
    assert "http://127.0.0.1/*" in manifest["host_permissions"]
    vinted_script = next(cs for cs in manifest["content_scripts"] if "content/vinted.js" in cs["js"])
    assert "http://127.0.0.1:40123/*" in vinted_script["matches"]
    config = (Path(tree) / "config.js").read_text()
    assert '"domain": "http://127.0.0.1:40123/fr"' in config
    assert '"base": "http://127.0.0.1:40123/co.uk/"' in config


def test_build_locales_have_the_same_keys_and_french_is_french():
    en = json.loads((ROOT / "extension/src/_locales/en/messages.json").read_text())
    fr = json.loads((ROOT / "extension/src/_locales/fr/messages.json").read_text())
    assert en.keys() == fr.keys()
    assert all(fr[key]["message"].strip() for key in fr)
    assert fr["syncNow"]["message"] == "Synchroniser maintenant"
    for key in en:
        assert en[key].get("placeholders", {}).keys() == fr[key].get("placeholders", {}).keys(), key
    assert len(fr["extDescription"]["message"]) <= 132 and len(en["extDescription"]["message"]) <= 132


def test_build_rejects_sandbox_origin_outside_dev_build():
    result = subprocess.run(
        [sys.executable, str(BUILD), "--sandbox-origin", "http://127.0.0.1:1"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "--dev" in result.stderr
