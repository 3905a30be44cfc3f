"""The import graph: contracts in pyproject.toml ([tool.importlinter]), checked by import-linter.

The apps' direction is the one docs/architecture.md describes; tests/import_contracts.py adds the
module-level cycle check.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import grimp
import pytest

from tests.import_contracts import find_cycles, load_time_graph

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_all_kept():
    tool = Path(sys.executable).parent / "lint-imports"
    if not tool.exists():
        pytest.fail(f"{tool} is missing: `make deps` installs requirements-dev.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([str(tool), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A throwaway package `loop` on sys.path, its modules written by the test."""
    root = tmp_path / "loop"
    root.mkdir()
    (root / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))

    def write(**modules):
        for name, source in modules.items():
            (root / f"{name}.py").write_text(textwrap.dedent(source))
        return load_time_graph(grimp.build_graph("loop", cache_dir=None))

    return write


def test_cycle_check_with_two_modules_importing_each_other_at_load_time_reports_the_cycle(package):
    edges = package(
        engine="from . import steps\n",
        steps="from .engine import Run\n",
    )
    assert find_cycles(edges) == [["loop.engine", "loop.steps", "loop.engine"]]


def test_cycle_check_with_the_return_import_inside_a_function_reports_nothing(package):
    edges = package(
        services="from . import tasks\n",
        tasks="""
        def run():
            from . import services

            services.go()
        """,
    )
    assert find_cycles(edges) == []


def test_cycle_check_with_a_type_checking_import_reports_nothing(package):
    edges = package(
        a="from . import b\n",
        b="""
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from .a import Thing
        """,
    )
    assert find_cycles(edges) == []


def test_cycle_check_with_a_three_module_loop_in_try_and_class_bodies_reports_it(package):
    edges = package(
        a="try:\n    from . import b\nexcept ImportError:\n    b = None\n",
        b="class Holder:\n    from . import c\n",
        c="import loop.a\n",
    )
    assert find_cycles(edges) == [["loop.a", "loop.b", "loop.c", "loop.a"]]
