"""Sample products for the demo shop that `make run` prepares, so the whole flow can be
tried at once (edit, write with AI, publish to the Vinted sandbox)."""

import io
from decimal import Decimal

from PIL import Image, ImageDraw

from .models import Product
from .services import create_product
from .taxonomy.models import Brand, Category, Colour, Condition, Material, PackageSize, Size
from .taxonomy.selectors import by_external_id

# (sku, title, description, price, cost, Vinted ids: category, brand, size, condition, colours, materials,
#  notes, photo colours)
SAMPLES = [
    (
        "DEMO-001",
        "Striped cotton T-shirt",
        "Navy and white stripes, straight cut.",
        "12.00",
        "3.00",
        221,
        12,
        4,
        2,
        (12, 27),
        (44,),
        "Tiny mark near the hem.",
        [(235, 235, 240), (30, 40, 90)],
    ),
    (
        "DEMO-002",
        "Leather shoulder bag",
        "Soft brown leather, adjustable strap, zip pocket inside.",
        "35.00",
        "10.00",
        158,
        12,
        None,
        3,
        (2,),
        (43,),
        "Light wear on the corners.",
        [(120, 70, 40), (90, 50, 30), (60, 35, 20)],
    ),
    (
        "DEMO-003",
        "Slim fit jeans",
        "Dark wash, five pockets.",
        "18.00",
        "5.00",
        1818,
        53,
        1640,
        1,
        (27,),
        (303,),
        "",
        [(40, 50, 80), (50, 60, 95)],
    ),
]


def _photo(colour: tuple[int, int, int], label: str) -> bytes:
    image = Image.new("RGB", (900, 1200), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 840, 1140), outline=(255, 255, 255), width=8)
    draw.text((100, 100), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def add_sample_products(sender=None, tenant=None, **kwargs) -> int:
    """Give an empty demo shop a few ready-to-publish products. Returns how many were created."""
    if Product.objects.exists():
        return 0
    created = 0
    for (
        sku,
        title,
        description,
        price,
        cost,
        category,
        brand,
        size,
        condition,
        colours,
        materials,
        notes,
        photo_colours,
    ) in SAMPLES:
        data = {
            "sku": sku,
            "title": title,
            "description": description,
            "price": Decimal(price),
            "cost_price": Decimal(cost),
            "stock": 1,
            "seller_notes": notes,
            "status": Product.Status.READY,
            "category": by_external_id(Category, "vinted", category),
            "condition": by_external_id(Condition, "vinted", condition),
            "package_size": by_external_id(PackageSize, "vinted", 1 if category != 158 else 2),
            "colours": [by_external_id(Colour, "vinted", c) for c in colours],
            "materials": [by_external_id(Material, "vinted", m) for m in materials],
        }
        if brand:
            data["brand"] = by_external_id(Brand, "vinted", brand)
        if size:
            data["size"] = by_external_id(Size, "vinted", size)
        photos = [_photo(colour, f"{title} ({n + 1})") for n, colour in enumerate(photo_colours)]
        create_product(tenant, data, photos=photos)
        created += 1
    return created
