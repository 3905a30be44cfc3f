#!/usr/bin/env python3
"""Builds the extension for Chrome and Firefox from the one source tree in extension/src.

    python3 extension/build.py                       # dist/stoflow-extension-chrome-<v>.zip and -firefox-<v>.xpi
    python3 extension/build.py --dev --unpacked DIR  # an unpacked development build (sandbox origins added)

Only the manifest and config.js differ between builds; everything else is copied as is.
Standard library only, so `make extension` needs nothing beyond Python.
"""

import argparse
import json
import shutil
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
VERSION = "1.0.0"
GECKO_ID = "vinted-session@stoflow.app"
# docs/vinted-api.md §1; `.com` is left out like on the server (its currency was never observed).
TLDS = (
    "fr",
    "be",
    "lu",
    "es",
    "it",
    "pt",
    "nl",
    "de",
    "at",
    "ie",
    "fi",
    "gr",
    "sk",
    "si",
    "lt",
    "lv",
    "ee",
    "hr",
    "co.uk",
    "pl",
    "cz",
    "se",
    "dk",
    "hu",
    "ro",
)
DEFAULT_STOFLOW_URLS = ("http://127.0.0.1:8000", "http://localhost:8000")
DEFAULT_SANDBOX_ORIGINS = ("http://127.0.0.1:8765", "http://localhost:8765")
CONNECT_PATH = "/vinted/extension/*"


def origin(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise SystemExit(f"not an http(s) origin: {raw!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def pattern(origin_url: str, path: str, browser: str) -> str:
    # Firefox match patterns take no port (they match every port); Chrome's may have one.
    parts = urlsplit(origin_url)
    host = parts.hostname if browser == "firefox" else parts.netloc
    return f"{parts.scheme}://{host}{path}"


def sites(sandbox_origins) -> list[dict]:
    real = [{"domain": f"www.vinted.{tld}", "base": f"https://www.vinted.{tld}/"} for tld in TLDS]
    # The sandbox serves each country site under a path prefix; the server knows it by that URL.
    sandbox = [{"domain": f"{o}/{tld}", "base": f"{o}/{tld}/"} for o in sandbox_origins for tld in TLDS]
    return real + sandbox


def manifest(browser: str, stoflow_urls, sandbox_origins) -> dict:
    vinted = [f"https://*.vinted.{tld}/*" for tld in TLDS]
    sandbox = sorted({pattern(o, "/*", browser) for o in sandbox_origins})
    # The cookies API checks a cookie against the host permissions by a URL without a port, so a
    # pattern with the sandbox's port would hide its cookies: the permission names the host only.
    sandbox_hosts = sorted({pattern(o, "/*", "firefox") for o in sandbox_origins})
    stoflow = sorted({pattern(u, "/*", browser) for u in stoflow_urls})
    data = {
        "manifest_version": 3,
        "name": "__MSG_extName__",
        "description": "__MSG_extDescription__",
        "version": VERSION,
        "default_locale": "en",
        "icons": {"48": "icons/icon-48.png", "128": "icons/icon-128.png"},
        "permissions": ["cookies", "storage", "alarms"],
        "host_permissions": vinted + sandbox_hosts + stoflow,
        "optional_host_permissions": ["https://*/*", "http://*/*"],
        "action": {
            "default_popup": "popup/popup.html",
            "default_title": "__MSG_extName__",
            "default_icon": {"48": "icons/icon-48.png"},
        },
        "options_ui": {"page": "options/options.html", "open_in_tab": True},
        "content_scripts": [
            {
                "matches": vinted + sandbox,
                "js": ["config.js", "lib/capture.js", "content/vinted.js"],
                "run_at": "document_idle",
            },
            {
                "matches": sorted({pattern(u, CONNECT_PATH, browser) for u in stoflow_urls}),
                "js": ["content/pair.js"],
                "run_at": "document_idle",
            },
        ],
    }
    if browser == "chrome":
        data["background"] = {"service_worker": "background.js"}
        data["minimum_chrome_version"] = "116"
    else:
        data["background"] = {"scripts": ["config.js", "lib/capture.js", "lib/sync.js", "background.js"]}
        # Firefox asks add-ons to declare what leaves the browser: the Vinted session cookies do. The
        # declaration exists from Firefox 140 (142 on Android), so older versions cannot honour it.
        data["browser_specific_settings"] = {
            "gecko": {
                "id": GECKO_ID,
                "strict_min_version": "140.0",
                "data_collection_permissions": {"required": ["authenticationInfo"]},
            },
            "gecko_android": {"strict_min_version": "142.0"},
        }
    return data


def config_js(stoflow_urls, sandbox_origins) -> str:
    config = {"stoflowUrls": list(stoflow_urls), "sites": sites(sandbox_origins)}
    return (
        "/* Written by build.py: the Stoflow sites this build pairs with and the Vinted sites it reads. */\n"
        f"globalThis.STOFLOW_CONFIG = {json.dumps(config, indent=1)};\n"
    )


def build_tree(target: Path, browser: str, stoflow_urls, sandbox_origins) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(SRC, target, ignore=shutil.ignore_patterns("manifest.json", "config.js"))
    (target / "manifest.json").write_text(json.dumps(manifest(browser, stoflow_urls, sandbox_origins), indent=2) + "\n")
    (target / "config.js").write_text(config_js(stoflow_urls, sandbox_origins))
    return target


def zip_tree(tree: Path, archive: Path) -> Path:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(tree.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(tree).as_posix())
    return archive


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--browser", choices=("chrome", "firefox", "all"), default="all")
    parser.add_argument(
        "--stoflow-url",
        action="append",
        default=[],
        help="a Stoflow site this build pairs with (repeatable; default: the local dev server)",
    )
    parser.add_argument("--dev", action="store_true", help="development build: also reads the Vinted sandbox")
    parser.add_argument(
        "--sandbox-origin",
        action="append",
        default=[],
        help="sandbox origin for --dev (repeatable; default: 127.0.0.1:8765 and localhost:8765)",
    )
    parser.add_argument("--out", default=str(HERE.parent / "dist"), help="directory for the packages")
    parser.add_argument("--unpacked", metavar="DIR", help="write an unpacked tree to DIR instead of packages")
    args = parser.parse_args(argv)

    stoflow_urls = [origin(u) for u in args.stoflow_url] or list(DEFAULT_STOFLOW_URLS)
    if args.sandbox_origin and not args.dev:
        parser.error("--sandbox-origin only goes with --dev")
    sandbox_origins = ([origin(u) for u in args.sandbox_origin] or list(DEFAULT_SANDBOX_ORIGINS)) if args.dev else []
    browsers = ("chrome", "firefox") if args.browser == "all" else (args.browser,)

    if args.unpacked:
        if len(browsers) != 1:
            parser.error("--unpacked builds one browser: add --browser chrome or --browser firefox")
        tree = build_tree(Path(args.unpacked), browsers[0], stoflow_urls, sandbox_origins)
        print(tree)
        return 0

    out = Path(args.out)
    suffix = "-dev" if args.dev else ""
    staging = out / ".staging"
    for browser in browsers:
        tree = build_tree(staging / browser, browser, stoflow_urls, sandbox_origins)
        ext = "zip" if browser == "chrome" else "xpi"
        print(zip_tree(tree, out / f"stoflow-extension-{browser}{suffix}-{VERSION}.{ext}"))
    shutil.rmtree(staging, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
