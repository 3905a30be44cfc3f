"""The compiled requirement files: production installs no test tool, and every package is pinned with hashes.

requirements.in / requirements-dev.in are compiled by `make lock` (pip-tools) into requirements.txt (the
runtime, which the Docker image installs) and requirements-dev.txt (what `make deps` installs).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_AND_LINT_TOOLS = {
    "pytest",
    "pytest-django",
    "playwright",
    "factory-boy",
    "faker",
    "limits",
    "schemathesis",
    "ruff",
    "mypy",
    "django-stubs",
    "djangorestframework-stubs",
    "pip-tools",
}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> dict[str, dict]:
    """{package: {"version", "hashes"}} of a pip-compile output file (continuation lines joined)."""
    text = re.sub(r"\\\n", " ", path.read_text())
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        found[canonical(match.group(1))] = {
            "version": match.group(2),
            "hashes": re.findall(r"--hash=sha256:([0-9a-f]{64})", line),
        }
    return found


def direct(path: Path) -> dict[str, str]:
    """{package: version} of the pins an .in file asks for."""
    pins = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.split("#", 1)[0].strip())
        if match:
            pins[canonical(match.group(1))] = match.group(2)
    return pins


def test_runtime_lock_contains_no_test_or_lint_tool():
    runtime = requirements(ROOT / "requirements.txt")
    assert len(runtime) > 20, "requirements.txt is the compiled runtime lock"
    assert not TEST_AND_LINT_TOOLS & set(runtime), "production would install test tools"


def test_dev_lock_contains_the_tools_and_the_runtime_at_the_same_versions():
    runtime, dev = requirements(ROOT / "requirements.txt"), requirements(ROOT / "requirements-dev.txt")
    assert TEST_AND_LINT_TOOLS - {"schemathesis"} <= set(dev)
    assert {name: dev.get(name, {}).get("version") for name in runtime} == {
        name: pin["version"] for name, pin in runtime.items()
    }


def test_locks_pin_every_package_with_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        unhashed = [package for package, pin in requirements(ROOT / name).items() if not pin["hashes"]]
        assert not unhashed, f"{name}: no hash for {unhashed}"


def test_locks_match_the_versions_their_input_files_ask_for():
    # An edit of a .in file without `make lock` leaves the compiled file behind.
    for source, compiled in (("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")):
        pins = requirements(ROOT / compiled)
        stale = {
            name: version
            for name, version in direct(ROOT / source).items()
            if pins.get(name, {}).get("version") != version
        }
        assert not stale, f"{compiled} does not match {source} for {stale}: run `make lock`"
