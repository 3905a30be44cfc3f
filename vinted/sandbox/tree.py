"""The sandbox's category tree and brands, generated (docs/vinted-api.md §7, §8).

The documented ids of §8 (`fixtures.CATALOG_ROWS`) keep their place and meaning; the rest of the
tree is generated from a small vocabulary composed per root (the clothing sections are shared by
women, men, girls and boys), so the tree has several hundred nodes with leaves at depths 2 to 5,
like Vinted's. Generated ids come from the node's English path (a CRC), so adding words elsewhere
never renumbers a node. Rules (size groups, conditions, package sizes, required attributes) are
set on a node and inherited by its subtree; the most specific node wins.

A test changes the tree through `SandboxState.tree_changes` (retire a node, move one under another
parent); `current(state)` gives the tree with those changes applied. The vocabulary, the rules and
the brand name parts are in tree_data.py.
"""

import random
import zlib
from dataclasses import dataclass, field

from . import fixtures
from .tree_data import (
    BASE_RULES,
    BRAND_ENDS,
    BRAND_MIDDLES,
    BRAND_STARTS,
    BRAND_SUFFIXES,
    DOCUMENTED_RULES,
    generated_roots,
)


@dataclass
class Tree:
    nodes: dict = field(default_factory=dict)  # id -> {"id", "parent", "en", "fr", "rules"}
    children: dict = field(default_factory=dict)  # parent id (None for roots) -> [ids]

    def add(self, node_id: int, parent: int | None, en: str, fr: str, rules: dict | None = None) -> None:
        self.nodes[node_id] = {"id": node_id, "parent": parent, "en": en, "fr": fr, "rules": dict(rules or {})}
        self.children.setdefault(parent, []).append(node_id)

    def ancestors(self, node_id) -> list[int]:
        chain, node, seen = [], self.nodes.get(node_id), set()
        while node and node["id"] not in seen:
            seen.add(node["id"])
            chain.append(node["id"])
            node = self.nodes.get(node["parent"])
        return chain

    def is_leaf(self, node_id) -> bool:
        return node_id in self.nodes and not self.children.get(node_id)

    def rule(self, node_id, name: str):
        for ancestor in self.ancestors(node_id):
            if name in self.nodes[ancestor]["rules"]:
                return self.nodes[ancestor]["rules"][name]
        return BASE_RULES[name]

    def path_en(self, node_id) -> str:
        return " › ".join(self.nodes[n]["en"] for n in reversed(self.ancestors(node_id)))

    def size_group_ids(self, node_id) -> list[int]:
        return list(self.rule(node_id, "size_groups")) if self.is_leaf(node_id) else []

    def allowed_condition_ids(self, node_id) -> list[int]:
        restricted = self.rule(node_id, "restricted_to_status_id")
        return [restricted] if restricted else list(self.rule(node_id, "conditions"))

    def package_size_ids(self, node_id) -> list[int]:
        return list(self.rule(node_id, "packages"))

    def needs_brand_and_color(self, node_id) -> bool:
        return bool(self.rule(node_id, "brand_and_color"))

    def material_required(self, node_id) -> bool:
        return bool(self.rule(node_id, "material_required"))

    def size_ids(self, node_id) -> set[int]:
        return {size["id"] for gid in self.size_group_ids(node_id) for size in fixtures.SIZE_GROUPS[gid][1]}

    def changed(self, retired=(), moved=None) -> "Tree":
        """A copy without the retired nodes (and their subtrees) and with nodes moved to new parents."""
        moved = {int(k): int(v) for k, v in (moved or {}).items()}
        gone = set()
        for node_id in retired:
            gone |= self._subtree(int(node_id))
        tree = Tree()
        for node_id in self._walk(None):
            if node_id in gone:
                continue
            node = self.nodes[node_id]
            parent = moved.get(node_id, node["parent"])
            tree.nodes[node_id] = {**node, "parent": parent}
        for node_id in self._walk(None):
            if node_id in tree.nodes:
                tree.children.setdefault(tree.nodes[node_id]["parent"], []).append(node_id)
        return tree

    def _subtree(self, node_id) -> set[int]:
        return {node_id} | {d for child in self.children.get(node_id, []) for d in self._subtree(child)}

    def _walk(self, parent):
        for child in self.children.get(parent, []):
            yield child
            yield from self._walk(child)


def _generated_id(path: str, taken: set) -> int:
    node_id = 10_000_000 + zlib.crc32(path.encode()) % 80_000_000
    while node_id in taken:
        node_id += 1
    return node_id


def build() -> Tree:
    tree = Tree()
    for node_id, parent, en, fr in fixtures.CATALOG_ROWS:
        tree.add(node_id, parent, en, fr, DOCUMENTED_RULES.get(node_id))
    taken = set(tree.nodes)

    def attach(parent: int, spec: dict) -> None:
        # A name already under this parent (e.g. Men › Accessories › Sunglasses) is not added twice.
        for sibling in tree.children.get(parent, []):
            if tree.nodes[sibling]["en"] == spec["en"]:
                return
        node_id = _generated_id(f"{tree.path_en(parent)} › {spec['en']}", taken)
        taken.add(node_id)
        tree.add(node_id, parent, spec["en"], spec["fr"], spec["rules"])
        for child in spec["children"]:
            attach(node_id, child)

    for subtrees in generated_roots():
        for parent, specs in subtrees.items():
            for spec in specs:
                attach(parent, spec)
    return tree


BASE = build()


def current(state) -> Tree:
    """The tree as this sandbox serves it now (the base tree with the test's changes)."""
    changes = getattr(state, "tree_changes", None) or {}
    if not changes.get("retired") and not changes.get("moved"):
        return BASE
    key = (tuple(sorted(changes.get("retired", []))), tuple(sorted(changes.get("moved", {}).items())))
    cached = getattr(state, "_tree_cache", None)
    if cached and cached[0] == key:
        return cached[1]
    tree = BASE.changed(changes.get("retired", []), changes.get("moved", {}))
    state._tree_cache = (key, tree)
    return tree


# --- brands -----------------------------------------------------------------------------------

BRAND_COUNT = 3000
BRAND_ID_BASE = 300_000


def _generated_brands() -> dict[int, str]:
    rng = random.Random(15)  # fixed seed: the same brands on every run
    brands = dict(fixtures.BRANDS)
    seen = {title.casefold() for title in brands.values()}
    next_id = BRAND_ID_BASE
    while len(brands) < BRAND_COUNT:
        title = (
            rng.choice(BRAND_STARTS) + rng.choice(BRAND_MIDDLES) + rng.choice(BRAND_ENDS) + rng.choice(BRAND_SUFFIXES)
        )
        if title.casefold() in seen:
            continue
        seen.add(title.casefold())
        next_id += rng.randint(1, 40)
        brands[next_id] = title
    return brands


BRANDS = _generated_brands()
