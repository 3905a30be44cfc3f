"""ruff (lint and format) and mypy run in `make test`, with the settings of pyproject.toml.

The tools come from requirements-dev.txt (`make deps`). mypy keeps its cache in .mypy_cache at the
repository's root (ignored by git): a fresh clone's first run checks everything (about a minute and
a half on two cores), later runs only what changed.
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run_tool(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    tool = BIN / name
    if not tool.exists():
        pytest.fail(f"{tool} is missing: `make deps` installs requirements-dev.txt")
    return subprocess.run([str(tool), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def test_ruff_check_reports_no_problem():
    result = run_tool("ruff", "check", "--no-fix", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_ruff_format_leaves_every_file_as_it_is():
    result = run_tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_mypy_on_the_strict_files_reports_no_error():
    result = run_tool("mypy", "--cache-dir", str(ROOT / ".mypy_cache"), timeout=900)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
