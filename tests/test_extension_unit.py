"""The extension's own unit tests (node's built-in runner) run as part of `make test`."""

import shutil
import subprocess
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parent.parent / "extension"


def test_extension_node_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: scripts/system-deps.sh installs Node.js")
    result = subprocess.run([node, "--test", "tests/"], cwd=EXTENSION, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
    assert "# pass 0" not in result.stdout, "no test ran"
