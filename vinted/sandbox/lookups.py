"""Lookup endpoints (docs/vinted-api.md §7) served from the generated tree (tree.py) and the §8 tables,
labels localized."""

import unicodedata
import uuid

from . import errors, fixtures
from . import tree as trees
from .messages import label
from .web import ok

BRAND_PAGE = 200  # brands per answer; a client wanting them all narrows the keyword


def _catalog(tree, node_id: int, locale: str, base: str) -> dict:
    node = tree.nodes[node_id]
    leaf = tree.is_leaf(node_id)
    return {
        "id": node_id,
        "title": label((node["en"], node["fr"]), locale),
        "code": fixtures.slug_code(node["en"]),
        "url": f"{base}/catalog/{node_id}",
        "path": f"/catalog/{node_id}",
        "photo": None,
        "badge": None,
        "restricted_to_status_id": tree.rule(node_id, "restricted_to_status_id") if leaf else None,
        "multiple_size_group_ids": tree.size_group_ids(node_id) if leaf else [],
        "catalogs": [_catalog(tree, child, locale, base) for child in tree.children.get(node_id, [])],
    }


def catalogs(request, state, **_):
    tree = trees.current(state)
    return ok({"catalogs": [_catalog(tree, root, request.locale, request.site_url) for root in tree.children[None]]})


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def catalog_search(request, state, **_):
    keyword = _plain(request.query.get("keyword") or "")
    tree = trees.current(state)
    found = [
        cid
        for cid, node in tree.nodes.items()
        if keyword and tree.is_leaf(cid) and (keyword in _plain(node["en"]) or keyword in _plain(node["fr"]))
    ]
    return ok({"catalog_ids": found})


_BRAND_KEYS = sorted((_plain(title), bid, title) for bid, title in trees.BRANDS.items())


def brands(request, state, **_):
    """Titles starting with the keyword first, then those containing it; at most BRAND_PAGE."""
    keyword = _plain(request.query.get("keyword") or "")
    starting = [(bid, title) for key, bid, title in _BRAND_KEYS if key.startswith(keyword)]
    found = starting[:BRAND_PAGE]
    if len(found) < BRAND_PAGE and keyword:
        found += [(bid, title) for key, bid, title in _BRAND_KEYS if keyword in key and not key.startswith(keyword)][
            : BRAND_PAGE - len(found)
        ]
    return ok(
        {
            "brands": [
                {
                    "id": bid,
                    "title": title,
                    "slug": fixtures.slug_code(title).lower(),
                    "is_luxury": False,
                    "favourite_count": 0,
                    "item_count": 0,
                }
                for bid, title in found
            ],
            "disable_custom_brands": False,
        }
    )


def colors(request, state, **_):
    return ok(
        {
            "colors": [
                {"id": cid, "title": label(row[1:3], request.locale), "hex": row[3], "code": row[0]}
                for cid, row in fixtures.COLORS.items()
            ]
        }
    )


def _leaf_param(request, name: str):
    raw = request.query.get(name) or ""
    first = raw.split(",")[0]
    return int(first) if first.isdigit() else None


def conditions(request, state, **_):
    catalog_id = _leaf_param(request, "catalog_id")
    allowed = trees.current(state).allowed_condition_ids(catalog_id) if catalog_id else list(fixtures.CONDITIONS)
    rows = sorted((fixtures.CONDITIONS[cid][0], cid) for cid in allowed)
    return ok(
        {
            "conditions": [
                {
                    "id": cid,
                    "title": label(fixtures.CONDITIONS[cid][1:], request.locale),
                    "explanation": "",
                    "order": order,
                }
                for order, cid in rows
            ]
        }
    )


def size_groups(request, state, **_):
    """?catalog_ids=<leaf>: that leaf's groups, 404 for a size-less leaf; without it, all groups."""
    if "catalog_ids" in request.query:
        catalog_id = _leaf_param(request, "catalog_ids")
        group_ids = trees.current(state).size_group_ids(catalog_id) if catalog_id else []
        if not group_ids:
            return errors.not_found(request.locale)
    else:
        group_ids = list(fixtures.SIZE_GROUPS)
    return ok(
        {
            "size_groups": [
                {
                    "id": gid,
                    "caption": fixtures.SIZE_GROUPS[gid][0],
                    "description": fixtures.SIZE_GROUPS[gid][0],
                    "size_ids": [s["id"] for s in fixtures.SIZE_GROUPS[gid][1]],
                    "sizes": fixtures.SIZE_GROUPS[gid][1],
                }
                for gid in group_ids
            ]
        }
    )


def package_sizes(request, state, catalog_id, **_):
    cid = int(catalog_id) if catalog_id.isdigit() else None
    tree = trees.current(state)
    if cid is None or cid not in tree.nodes:
        return errors.not_found(request.locale)
    return ok(
        {
            "package_sizes": [
                {
                    "id": pid,
                    "title": label(fixtures.PACKAGE_SIZES[pid][0:2], request.locale),
                    "description": label(fixtures.PACKAGE_SIZES[pid][2:4], request.locale),
                    "is_default": pid == 1,
                }
                for pid in tree.package_size_ids(cid)
            ]
        }
    )


def configuration(request, state, **_):
    site = request.site
    return ok(
        {
            "currency": site.currency,
            "price": {
                "minimum": {"amount": f"{site.min_price:.1f}", "currency_code": site.currency},
                "maximum": {"amount": f"{site.max_price:.1f}", "currency_code": site.currency},
            },
            "upload_session_id": str(uuid.uuid4()),
            "photo_tips": [],
            "max_photos": 20,
            "features": {"multiple_size_groups": True},
        }
    )


def attributes(request, state, **_):
    """POST /api/v2/item_upload/attributes: what the form asks for the chosen category."""
    body = request.json()
    wanted = (
        {a.get("code"): a.get("value") for a in (body or {}).get("attributes", []) if isinstance(a, dict)}
        if isinstance(body, dict)
        else {}
    )
    category = wanted.get("category")
    leaf = category[0] if isinstance(category, list) and category else None
    tree = trees.current(state)
    if not isinstance(leaf, int) or isinstance(leaf, bool) or not tree.is_leaf(leaf):
        return errors.validation([{"field": "category", "value": "category must be a leaf catalog id"}], request.locale)
    locale = request.locale
    strict = tree.needs_brand_and_color(leaf)
    found = [
        _attribute("brand", "Brand", strict, "single", []),
        _attribute(
            "condition",
            "Condition",
            True,
            "single",
            [{"id": c, "title": label(fixtures.CONDITIONS[c][1:], locale)} for c in tree.allowed_condition_ids(leaf)],
        ),
        _attribute(
            "color",
            "Colour",
            strict,
            "multiple",
            [{"id": c, "title": label(row[1:3], locale)} for c, row in fixtures.COLORS.items()],
        ),
        _attribute(
            "material",
            "Material",
            tree.material_required(leaf),
            "multiple",
            [{"id": m, "title": label(pair, locale)} for m, pair in fixtures.MATERIALS.items()],
        ),
    ]
    if tree.size_group_ids(leaf):
        found.append(
            _attribute(
                "size",
                "Size",
                True,
                "single",
                [{"id": s, "title": fixtures.size_title(s)} for s in sorted(tree.size_ids(leaf))],
            )
        )
    return ok({"attributes": found})


def _attribute(code, title, required, selection, options):
    return {
        "code": code,
        "configuration": {"title": title, "required": required, "selection_type": selection, "options": options},
    }
