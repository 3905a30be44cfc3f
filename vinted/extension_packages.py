"""The browser extension's Chrome and Firefox packages, built for this site and cached on disk.

The packages are built by `extension/build.py` (the same code as `make extension`) with this
site's SITE_URL as the Stoflow origin, so a seller's extension pairs with the site it came from.
A build lives in a folder named after what goes into it (site, sandbox origin, extension version
and sources), so a change of any of them yields a new folder instead of a stale package.
"""

import hashlib
import importlib.util
import os
import shutil
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings

EXTENSION_DIR = Path(settings.BASE_DIR) / "extension"
BROWSERS = {"chrome": "zip", "firefox": "xpi"}
CONTENT_TYPES = {"chrome": "application/zip", "firefox": "application/x-xpinstall"}
SIGNED = "signed"


class ExtensionUnavailable(Exception):
    """The extension sources are not part of this installation."""


@cache
def _build_module() -> ModuleType:
    path = EXTENSION_DIR / "build.py"
    spec = importlib.util.spec_from_file_location("stoflow_extension_build", path)
    if not path.exists() or spec is None or spec.loader is None:
        raise ExtensionUnavailable(f"{path} is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _inputs() -> tuple[list[str], list[str]]:
    build = _build_module()
    site = build.origin(settings.SITE_URL)
    stoflow_urls = [site]
    # A local site is opened as 127.0.0.1 or as localhost: the extension pairs with either.
    for local, twin in (("//127.0.0.1", "//localhost"), ("//localhost", "//127.0.0.1")):
        if local + ":" in site or site.endswith(local):
            stoflow_urls.append(site.replace(local, twin, 1))
    # With the sandbox on (development), the served build also reads it, so `make run` works end to end.
    sandbox = [build.origin(settings.VINTED_SANDBOX_URL)] if settings.VINTED_SANDBOX_ENABLED else []
    return stoflow_urls, sandbox


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted((EXTENSION_DIR / "src").rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(EXTENSION_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update((EXTENSION_DIR / "build.py").read_bytes())
    return digest.hexdigest()


def version() -> str:
    return str(_build_module().VERSION)


def filename(browser: str) -> str:
    return f"stoflow-extension-{browser}-{version()}.{BROWSERS[browser]}"


def _folder() -> Path:
    stoflow_urls, sandbox = _inputs()
    key = hashlib.sha256(
        "\n".join([*stoflow_urls, "sandbox", *sandbox, version(), _sources_digest()]).encode()
    ).hexdigest()[:16]
    return Path(settings.EXTENSION_PACKAGES_DIR) / f"{version()}-{key}"


def signed_firefox() -> Path | None:
    """A Mozilla-signed copy of this version's Firefox package that the operator put in place
    (release Firefox installs signed add-ons only; see docs/vinted.md)."""
    path = Path(settings.EXTENSION_PACKAGES_DIR) / SIGNED / filename("firefox")
    return path if path.is_file() else None


def offer() -> dict[str, Any] | None:
    """What the install instructions show, or None when the sources are not installed."""
    try:
        return {"version": version(), "site": _inputs()[0][0], "firefox_signed": signed_firefox() is not None}
    except ExtensionUnavailable:
        return None


def package(browser: str) -> Path:
    """The package for `browser`, built now if this site, version and sources have none yet."""
    if browser not in BROWSERS:
        raise ValueError(browser)
    if browser == "firefox" and (signed := signed_firefox()):
        return signed
    target = _folder() / filename(browser)
    if target.exists():
        return target
    build = _build_module()
    stoflow_urls, sandbox = _inputs()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as staging:
        tree = build.build_tree(Path(staging) / browser, browser, stoflow_urls, sandbox)
        archive = build.zip_tree(tree, Path(staging) / target.name)
        # Two web workers may build at once: each renames its own complete file into place.
        os.replace(archive, target)
    return target


def build_all() -> list[Path]:
    """Builds every package for the current settings and drops older builds."""
    paths = [package(browser) for browser in BROWSERS]
    current = _folder()
    for old in Path(settings.EXTENSION_PACKAGES_DIR).iterdir():
        if old.is_dir() and old != current and old.name != SIGNED:
            shutil.rmtree(old, ignore_errors=True)
    return paths
