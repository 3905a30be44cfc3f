"""A valid Vinted item body (ids from vinted-api.md §8), for client tests."""


def tshirt(photo_ids, **overrides) -> dict:
    item = {
        "currency": "EUR", "title": "Striped cotton T-shirt", "description": "Worn twice, no marks.",
        "brand_id": 12, "brand": "Zara", "catalog_id": 221, "size_id": 4, "status_id": 2,
        "item_attributes": [{"code": "size", "ids": [4]}, {"code": "condition", "ids": [2]},
                            {"code": "material", "ids": [44]}],
        "color_ids": [12, 27], "price": 8.5, "package_size_id": 1,
        "shipment_prices": {"domestic": None, "international": None},
        "assigned_photos": [{"id": pid, "orientation": 0} for pid in photo_ids],
        "is_unisex": False, "isbn": None, "ai_photo": False, "measurement_length": None,
        "measurement_width": None, "manufacturer": None, "manufacturer_labelling": None,
    }
    item.update(overrides)
    return item
