"""A valid Vinted item body (ids from docs/vinted-api.md §8), for client tests."""

from vinted.tests.sandbox.helpers import item_fields


def tshirt(photo_ids, **overrides) -> dict:
    """The sandbox tests' T-shirt, without the id and upload session the client sets itself."""
    item = item_fields(*photo_ids, **overrides)
    del item["id"], item["temp_uuid"]
    return item
