"""Reads one site's reference data through the lookups (docs/vinted-api.md §7) into a Snapshot.

Reads only: no budget slot (§10.1), but every request that reached Vinted is followed by a pause
(`pause` seconds) so a refresh of a few thousand lookups stays a slow trickle, and every lookup
is sent fresh (the client's day-long cache would otherwise hand back yesterday's answer). The
first failed lookup stops the whole read: a partial tree is never stored.
"""

import time
import unicodedata
from dataclasses import dataclass, field

from ..client import VintedClient

# Brands have no "list all" route: the refresh asks by keyword, one character at a time, and
# narrows a keyword whose answer is full of titles starting with it.
BRAND_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
BRAND_MAX_DEPTH = 4


class RefreshFailed(Exception):
    pass


@dataclass
class Snapshot:
    nodes: list = field(default_factory=list)  # dicts, parents before children
    colours: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    size_groups: dict = field(default_factory=dict)  # id -> {"caption", "sizes": [...]}
    package_sizes: dict = field(default_factory=dict)  # id -> {"en", "fr"}
    brands: dict = field(default_factory=dict)  # id -> title
    custom_brands_allowed: bool = True
    requests: int = 0

    @property
    def leaves(self) -> list:
        return [n for n in self.nodes if n["is_leaf"]]


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Reader:
    def __init__(self, client: VintedClient, pause: float = 0.0):
        self.client = client
        self.pause = pause
        self.snapshot = Snapshot()

    def call(self, what: str, method, *args, **kwargs):
        outcome = method(*args, fresh=True, **kwargs)
        if outcome.sent:
            self.snapshot.requests += 1
            if self.pause:
                time.sleep(self.pause)
        if not outcome.ok or not isinstance(outcome.data, dict):
            raise RefreshFailed(f"{what}: {outcome.kind.value} {outcome.status or ''} {outcome.message}".strip())
        return outcome.data

    def read(self) -> Snapshot:
        self._tree()
        self._site_tables()
        for leaf in self.snapshot.leaves:
            self._leaf(leaf)
        self._brands()
        return self.snapshot

    # -- the tree ---------------------------------------------------------------------------
    def _tree(self) -> None:
        english = self.call("catalogs", self.client.catalogs, locale="en-GB")["catalogs"]
        french = self.call("catalogs", self.client.catalogs, locale="fr-FR")["catalogs"]
        titles_fr = {}

        def collect(nodes):
            for node in nodes or []:
                titles_fr[node["id"]] = node.get("title") or ""
                collect(node.get("catalogs"))

        collect(french)

        def walk(nodes, parent, path_en, path_fr):
            for position, node in enumerate(nodes or []):
                if not isinstance(node, dict) or not isinstance(node.get("id"), int):
                    raise RefreshFailed("catalogs: a node without an id")
                title_en = str(node.get("title") or "")[:200]
                title_fr = str(titles_fr.get(node["id"]) or title_en)[:200]
                children = node.get("catalogs") or []
                self.snapshot.nodes.append(
                    {
                        "vinted_id": node["id"],
                        "parent": parent,
                        "title_en": title_en,
                        "title_fr": title_fr,
                        "path_en": " › ".join(path_en + [title_en])[:600],
                        "path_fr": " › ".join(path_fr + [title_fr])[:600],
                        "is_leaf": not children,
                        "position": position,
                        "restricted_to_status_id": node.get("restricted_to_status_id"),
                        "size_group_ids": [int(g) for g in node.get("multiple_size_group_ids") or []],
                        "condition_ids": [],
                        "package_size_ids": [],
                        "attributes": [],
                    }
                )
                walk(children, node["id"], path_en + [title_en], path_fr + [title_fr])

        walk(english, None, [], [])
        if not self.snapshot.leaves:
            raise RefreshFailed("catalogs: the tree has no leaf")

    def _site_tables(self) -> None:
        colours = {c["id"]: c for c in self.call("colors", self.client.colors, locale="en-GB")["colors"]}
        colours_fr = {c["id"]: c for c in self.call("colors", self.client.colors, locale="fr-FR")["colors"]}
        self.snapshot.colours = [
            {
                "id": cid,
                "code": c.get("code", ""),
                "hex": c.get("hex", ""),
                "en": c.get("title", ""),
                "fr": colours_fr.get(cid, c).get("title", ""),
            }
            for cid, c in colours.items()
        ]

    # -- per leaf ---------------------------------------------------------------------------
    def _leaf(self, leaf: dict) -> None:
        client, leaf_id = self.client, leaf["vinted_id"]
        conditions = self.call("conditions", client.conditions, leaf_id, locale="en-GB")["conditions"]
        leaf["condition_ids"] = [c["id"] for c in conditions]
        known = {c["id"] for c in self.snapshot.conditions}
        if set(leaf["condition_ids"]) - known:
            french = {
                c["id"]: c.get("title", "")
                for c in self.call("conditions", client.conditions, leaf_id, locale="fr-FR")["conditions"]
            }
            self.snapshot.conditions += [
                {"id": c["id"], "en": c.get("title", ""), "fr": french.get(c["id"], ""), "order": c.get("order", 0)}
                for c in conditions
                if c["id"] not in known
            ]
        if leaf["size_group_ids"] and not set(leaf["size_group_ids"]) <= set(self.snapshot.size_groups):
            for group in self.call("size_groups", client.size_groups, leaf_id).get("size_groups") or []:
                self.snapshot.size_groups[group["id"]] = {
                    "caption": group.get("caption") or group.get("description") or str(group["id"]),
                    "sizes": [
                        {"id": s["id"], "title": s.get("title", ""), "is_default": bool(s.get("is_default"))}
                        for s in group.get("sizes") or []
                    ],
                }
        packages = self.call("package_sizes", client.package_sizes, leaf_id, locale="en-GB")["package_sizes"]
        leaf["package_size_ids"] = [p["id"] for p in packages]
        if {p["id"] for p in packages} - set(self.snapshot.package_sizes):
            french = {
                p["id"]: p.get("title", "")
                for p in self.call("package_sizes", client.package_sizes, leaf_id, locale="fr-FR")["package_sizes"]
            }
            for p in packages:
                self.snapshot.package_sizes.setdefault(
                    p["id"], {"en": p.get("title", ""), "fr": french.get(p["id"], "")}
                )
        attributes = self.call("attributes", client.attributes, leaf_id).get("attributes") or []
        leaf["attributes"] = [
            {
                "code": str(a.get("code")),
                "required": bool((a.get("configuration") or {}).get("required")),
                "options": [
                    o["id"]
                    for o in (a.get("configuration") or {}).get("options") or []
                    if isinstance(o, dict) and isinstance(o.get("id"), int)
                ],
            }
            for a in attributes
            if isinstance(a, dict) and a.get("code")
        ]

    # -- brands -------------------------------------------------------------------------------
    def _brands(self) -> None:
        anchor = self.snapshot.leaves[0]["vinted_id"]
        first = self.call("brands", self.client.brands, anchor, "")
        page = len(first.get("brands") or [])
        self._keep_brands(first)
        for char in BRAND_ALPHABET:
            self._brands_for(anchor, char, page)

    def _brands_for(self, anchor: int, keyword: str, page: int) -> None:
        answer = self.call("brands", self.client.brands, anchor, keyword)
        brands = self._keep_brands(answer)
        starting = [b for b in brands if _plain(b.get("title", "")).startswith(keyword)]
        if page and len(brands) >= page and len(starting) == len(brands) and len(keyword) < BRAND_MAX_DEPTH:
            for char in BRAND_ALPHABET + " &-'.":
                self._brands_for(anchor, keyword + char, page)

    def _keep_brands(self, answer: dict) -> list:
        brands = [b for b in answer.get("brands") or [] if isinstance(b, dict) and isinstance(b.get("id"), int)]
        for brand in brands:
            self.snapshot.brands[brand["id"]] = str(brand.get("title") or "")[:200]
        if answer.get("disable_custom_brands"):
            self.snapshot.custom_brands_allowed = False
        return brands


def read_site(client: VintedClient, pause: float = 0.0) -> Snapshot:
    return Reader(client, pause).read()
