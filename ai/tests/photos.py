"""Photos drawn in the test: a garment on a plain background, as a seller shoots it on a bed or a wall."""

import io

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter


def garment_photo(colour, *, background=(236, 234, 230), size=(900, 1200), second=None, fmt="JPEG") -> bytes:
    """A T-shirt shape filling about a third of the frame, with a fabric grain; `second` paints its lower half."""
    width, height = size
    image = Image.new("RGB", size, background)
    shirt = Image.new("RGB", size, colour)
    if second:
        ImageDraw.Draw(shirt).rectangle((0, int(height * 0.55), width, height), fill=second)
    grain = Image.effect_noise(size, 40).convert("RGB")
    shirt = Image.blend(shirt, grain, 0.12)
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    w, h = width / 100, height / 100
    draw.polygon(
        [
            (30 * w, 15 * h),
            (40 * w, 12 * h),
            (60 * w, 12 * h),
            (70 * w, 15 * h),
            (85 * w, 30 * h),
            (75 * w, 38 * h),
            (68 * w, 32 * h),
            (68 * w, 85 * h),
            (32 * w, 85 * h),
            (32 * w, 32 * h),
            (25 * w, 38 * h),
            (15 * w, 30 * h),
        ],
        fill=255,
    )
    image.paste(shirt, (0, 0), mask)
    out = io.BytesIO()
    image.save(out, fmt, quality=90)
    return out.getvalue()


def darkened(data: bytes, factor: float = 0.15) -> bytes:
    return _edit(data, lambda image: ImageEnhance.Brightness(image).enhance(factor))


def blurred(data: bytes, radius: float = 6) -> bytes:
    return _edit(data, lambda image: image.filter(ImageFilter.GaussianBlur(radius)))


def _edit(data: bytes, change) -> bytes:
    out = io.BytesIO()
    change(Image.open(io.BytesIO(data)).convert("RGB")).save(out, "JPEG", quality=90)
    return out.getvalue()


def label_close_up(fabric, *, size=(900, 1200), label=(246, 244, 238)) -> bytes:
    """A label filling the middle of the frame, sewn on the fabric that frames it, with dark text lines."""
    width, height = size
    image = Image.blend(Image.new("RGB", size, fabric), Image.effect_noise(size, 40).convert("RGB"), 0.1)
    draw = ImageDraw.Draw(image)
    box = (int(width * 0.18), int(height * 0.3), int(width * 0.82), int(height * 0.7))
    draw.rectangle(box, fill=label)
    for line in range(4):
        y = box[1] + (line + 1) * (box[3] - box[1]) // 6
        draw.rectangle((box[0] + width // 12, y, box[2] - width // 6, y + height // 60), fill=(15, 15, 15))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
