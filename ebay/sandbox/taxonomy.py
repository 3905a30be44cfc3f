"""Taxonomy and Metadata reads (ebay-api §6, §4.3): default tree, suggestions, aspects, condition policies."""

from . import errors, tree
from .web import empty, json_response


def _error(status, error_id, message, api="taxonomy"):
    return errors.error(status, error_id, message, api=api, category="REQUEST")


def default_tree(request, state, **_):
    marketplace = request.query.get("marketplace_id", "")
    if not marketplace:
        return _error(400, 62002, "Missing marketplace ID.")
    if marketplace not in tree.TREES:
        return _error(400, 62003, "The specified marketplace ID was not found.")
    return json_response({"categoryTreeId": tree.TREES[marketplace][0], "categoryTreeVersion": tree.TREE_VERSION})


def _tree(tree_id):
    marketplace = tree.marketplace_of_tree(tree_id)
    return (
        (tree.lang_of(marketplace), None)
        if marketplace
        else (None, _error(400, 62004, "The specified category tree ID was not found."))
    )


def suggestions(request, state, tree_id, **_):
    lang, refusal = _tree(tree_id)
    if refusal:
        return refusal
    q = request.query.get("q", "").strip()
    if not q:
        return _error(400, 62007, "Missing keyword 'q'. Please specify a keyword to search on.")
    found = tree.suggestions(q, lang)
    if not found:
        return empty(204)
    return json_response(
        {
            "categoryTreeId": tree_id,
            "categoryTreeVersion": tree.TREE_VERSION,
            "categorySuggestions": [_suggestion(node_id, lang, tree_id, score) for node_id, score in found],
        }
    )


def _suggestion(node_id, lang, tree_id, score):
    chain = tree.ancestors(node_id)
    return {
        "category": {"categoryId": node_id, "categoryName": tree.name(node_id, lang)},
        "categoryTreeNodeAncestors": [
            {
                "categoryId": a,
                "categoryName": tree.name(a, lang),
                "categoryTreeNodeLevel": len(chain) - i,
                "categorySubtreeNodeHref": f"/commerce/taxonomy/v1/category_tree/{tree_id}/"
                f"get_category_subtree?category_id={a}",
            }
            for i, a in enumerate(chain)
        ],
        "categoryTreeNodeLevel": len(chain) + 1,
        "relevancy": "HIGH" if score >= 4 else "MEDIUM",
    }


def item_aspects(request, state, tree_id, **_):
    lang, refusal = _tree(tree_id)
    if refusal:
        return refusal
    category = request.query.get("category_id", "")
    if not category:
        return _error(400, 62006, "Missing category ID.")
    if category not in tree.NODES:
        return _error(400, 62005, "The specified category ID does not belong to the specified category tree.")
    if not tree.is_leaf(category):
        return _error(400, 62009, "The specified category ID must be a leaf category.")
    return json_response({"aspects": tree.aspects(category, lang)})


def condition_policies(request, state, marketplace, **_):
    if marketplace not in tree.TREES:
        return _error(400, 45001, "The specified marketplace ID was not found.", api="metadata")
    raw = request.query.get("filter", "")
    ids = raw.removeprefix("categoryIds:").strip("{}").split("|") if raw.startswith("categoryIds:") else []
    ids = [i for i in ids if i]
    if len(ids) > 50:
        return _error(400, 45006, "Too many category ids.", api="metadata")
    policies = []
    for category in ids or [n for n in tree.NODES if tree.is_leaf(n)]:
        if category in tree.NODES and tree.is_leaf(category):
            policies.append(
                {
                    "categoryId": category,
                    "categoryTreeId": tree.TREES[marketplace][0],
                    "itemConditionRequired": True,
                    "itemConditions": [
                        {"conditionId": c, "conditionDescription": CONDITION_LABELS[c], "usage": "EVERYWHERE"}
                        for c in tree.CLOTHING_CONDITIONS
                    ],
                }
            )
    return json_response({"itemConditionPolicies": policies})


CONDITION_LABELS = {
    "1000": "New with tags",
    "1500": "New without tags",
    "1750": "New with imperfections",
    "2990": "Pre-owned - Excellent",
    "3000": "Pre-owned - Good",
    "3010": "Pre-owned - Fair",
}
