"""ESLint on our own JavaScript and Mozilla's addons-linter on the built Firefox package run in `make test`.

Both linters are npm devDependencies, installed into node_modules by `make deps` (scripts/vendor.sh).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"


def node_tool(name: str) -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/system-deps.sh installs Node.js")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    if tuple(int(part) for part in version.lstrip("v").split(".")[:2]) < (20, 19):
        pytest.fail(f"node {version} is too old for ESLint and addons-linter: install Node.js 20.19 or later")
    tool = BIN / name
    if not tool.exists():
        pytest.fail(f"{tool} is missing: `make deps` installs the npm devDependencies")
    return str(tool)


def test_eslint_on_extension_and_static_reports_no_problem():
    result = subprocess.run(
        [node_tool("eslint"), "--max-warnings", "0", "--format", "json", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    files = json.loads(result.stdout or "[]")
    problems = [
        f"{Path(f['filePath']).relative_to(ROOT)}:{m.get('line')} {m.get('ruleId')}: {m['message']}"
        for f in files
        for m in f["messages"]
    ]
    assert result.returncode == 0 and not problems, "\n".join(problems) or result.stderr[-2000:]
    linted = {Path(f["filePath"]).relative_to(ROOT).as_posix() for f in files}
    assert {"extension/src/background.js", "extension/src/lib/sync.js", "static/js/stoflow.js"} <= linted
    assert not any(path.startswith(("static/vendor/", "node_modules/")) for path in linted)


def test_addons_linter_on_firefox_release_package_reports_no_error_or_warning(tmp_path):
    linter = node_tool("addons-linter")
    build = subprocess.run(
        [
            sys.executable,
            str(ROOT / "extension" / "build.py"),
            "--browser",
            "firefox",
            "--out",
            str(tmp_path),
            "--stoflow-url",
            "https://stoflow.example.com",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert build.returncode == 0, build.stderr
    xpi = Path(build.stdout.split()[0])
    result = subprocess.run([linter, "--output", "json", str(xpi)], capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    findings = [
        f"{kind}: {m['code']} {m['message']} ({m.get('file')})" for kind in ("errors", "warnings") for m in report[kind]
    ]
    assert report["summary"]["errors"] == 0 and report["summary"]["warnings"] == 0, "\n".join(findings)
