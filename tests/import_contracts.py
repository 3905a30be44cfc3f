"""An import-linter contract for module-level import cycles (registered in pyproject.toml).

import-linter's own cycle contract (acyclic_siblings) counts every import, including the ones inside
functions that services use to queue their tasks and tasks use to call their services. Those run
after both modules are loaded and cannot fail at import time; a cycle of imports that run while the
modules load can (a half-initialised module, an ImportError depending on which side is imported
first). This contract keeps only the imports that run at load time: the module body, its `if` and
`try` blocks and class bodies, never functions and never `if TYPE_CHECKING:` blocks.
"""

import ast
import importlib.util
from pathlib import Path

import grimp
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _load_time_import_lines(body: list[ast.stmt]) -> set[int]:
    lines: set[int] = set()
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.add(node.lineno)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                lines |= _load_time_import_lines(node.body)
            lines |= _load_time_import_lines(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                lines |= _load_time_import_lines(block)
        elif isinstance(node, ast.ClassDef | ast.With):
            lines |= _load_time_import_lines(node.body)
    return lines


def _package_dir(top_level: str) -> Path:
    # find_spec on a top-level name locates the package without running its __init__.
    spec = importlib.util.find_spec(top_level)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(top_level)
    return Path(spec.origin).parent


def _source_path(module: str, package_dirs: dict[str, Path]) -> Path:
    top_level, *rest = module.split(".")
    if top_level not in package_dirs:
        package_dirs[top_level] = _package_dir(top_level)
    path = package_dirs[top_level].joinpath(*rest)
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def load_time_graph(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Importer -> the modules it imports while it loads."""
    edges: dict[str, set[str]] = {}
    package_dirs: dict[str, Path] = {}
    for importer in graph.modules:
        path = _source_path(importer, package_dirs)
        lines = _load_time_import_lines(ast.parse(path.read_text(), str(path)).body)
        for imported in graph.find_modules_directly_imported_by(importer):
            details = graph.get_import_details(importer=importer, imported=imported)
            if any(detail["line_number"] in lines for detail in details):
                edges.setdefault(importer, set()).add(imported)
    return edges


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    # Tarjan's algorithm, iterative: the graph is deep enough to exhaust Python's recursion limit.
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [_cycle_in(group, edges) for group in groups]


def _cycle_in(group: set[str], edges: dict[str, set[str]]) -> list[str]:
    start = min(group)
    # Breadth-first from start back to start, inside the group: the shortest cycle through it.
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(edges.get(node, set()) & group):
                if child == start:
                    return [*paths[node], start]
                if child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle through {start} in its own strongly connected group")


class ModuleCyclesContract(Contract):
    type_name = "module_cycles"

    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]  # import-linter's fields are untyped
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        cycles = find_cycles(load_time_graph(graph))
        return ContractCheck(
            kept=not cycles,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"cycles": cycles},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for cycle in check.metadata["cycles"]:
            output.print_error(" -> ".join(cycle), bold=False)
            output.new_line()
