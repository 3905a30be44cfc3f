"""The labelled photo sets of bench/ai_photos.py: 30 items drawn with Pillow, each with its true fields.

Deterministic by seed (no binary files are stored: the sets are drawn again on each run). Each set
is a garment of one of five shapes (t-shirt, jumper, dress, trousers, skirt) in one or two
colours, dyed a little off the reference hex and lit a little differently per photo, photographed
on a plain background (sheet, wall, floor boards) or a cluttered one (objects around the item);
then, for most sets, a close-up of the brand label with the size, and of the care label with the
materials, as drawn text. The truth is what a person would type: the category kind, the brand and
size when a label shows them, the materials when a care label shows them, and the colours as
names of the reference list (main first, a second one when it covers a large part of the item).
"""

import io
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageEnhance, ImageFont

# Reference colours (name, hex) as the Vinted list has them; the dye drifts around them.
COLOURS = {
    "Black": (0x10, 0x10, 0x12),
    "Grey": (0x91, 0x91, 0x91),
    "White": (0xF6, 0xF6, 0xF4),
    "Beige": (0xF4, 0xE0, 0xC8),
    "Red": (0xCC, 0x33, 0x00),
    "Burgundy": (0x6D, 0x0E, 0x25),
    "Pink": (0xFF, 0x99, 0xCC),
    "Purple": (0x80, 0x00, 0x80),
    "Light blue": (0x89, 0xCF, 0xF0),
    "Blue": (0x00, 0x7B, 0xC4),
    "Navy": (0x2F, 0x3E, 0x64),
    "Green": (0x36, 0x9A, 0x3D),
    "Dark green": (0x0B, 0x54, 0x37),
    "Khaki": (0x86, 0x81, 0x6A),
    "Brown": (0x66, 0x33, 0x00),
    "Mustard": (0xE1, 0xAD, 0x01),
    "Yellow": (0xFF, 0xF2, 0x00),
    "Orange": (0xFF, 0xA5, 0x00),
}
PLAIN_BACKGROUNDS = [(236, 234, 230), (250, 250, 248), (205, 200, 192), (168, 124, 84)]  # sheet, wall, grey, boards
SHAPES = ("t-shirt", "jumper", "dress", "trousers", "skirt")
BRANDS = ["Zara", "H&M", "Levi's", "Mango", "Uniqlo", "Kiabi", "Sézane", "Promod"]
SIZES = {"t-shirt": "SMLX", "jumper": "SMLX", "dress": "SML", "trousers": "", "skirt": ""}
NUMBER_SIZES = ["34", "36", "38", "40", "42"]
MATERIALS = [["Cotton"], ["Cotton", "Polyester"], ["Wool"], ["Linen"], ["Polyester"], ["Viscose"], ["Denim"]]
LETTER_SIZE = {"S": "S", "M": "M", "L": "L", "X": "XL"}


@dataclass
class PhotoSet:
    seed: int
    photos: list[bytes]
    shape: str
    colours: list[str]  # names of the reference list, main first
    brand: str | None = None
    size: str | None = None
    materials: list[str] = field(default_factory=list)
    cluttered: bool = False

    @property
    def truth(self) -> dict:
        return {
            "category": self.shape,
            "brand": self.brand,
            "size": self.size,
            "colours": self.colours,
            "materials": self.materials,
        }


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: one small bitmap font
        return ImageFont.load_default()


def _dye(rgb, rng: random.Random, spread: int = 10):
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in rgb)


def _outline(shape: str, w: float, h: float) -> list[tuple[float, float]]:
    """The garment's polygon in a frame of w × h percent units."""
    shapes = {
        "t-shirt": [
            (30, 15),
            (40, 12),
            (60, 12),
            (70, 15),
            (85, 30),
            (75, 38),
            (68, 32),
            (68, 85),
            (32, 85),
            (32, 32),
            (25, 38),
            (15, 30),
        ],
        "jumper": [
            (32, 14),
            (42, 12),
            (58, 12),
            (68, 14),
            (84, 70),
            (76, 72),
            (66, 36),
            (66, 84),
            (34, 84),
            (34, 36),
            (24, 72),
            (16, 70),
        ],
        "dress": [(38, 10), (46, 8), (54, 8), (62, 10), (64, 35), (78, 90), (22, 90), (36, 35)],
        "trousers": [(30, 10), (70, 10), (74, 92), (56, 92), (50, 35), (44, 92), (26, 92)],
        "skirt": [(34, 20), (66, 20), (80, 80), (20, 80)],
    }
    return [(x * w, y * h) for x, y in shapes[shape]]


def _background(size, rng: random.Random, cluttered: bool) -> Image.Image:
    base = rng.choice(PLAIN_BACKGROUNDS)
    image = Image.new("RGB", size, _dye(base, rng, 6))
    if cluttered:
        draw = ImageDraw.Draw(image)
        width, height = size
        for _ in range(rng.randint(5, 9)):  # a shoe, a bag, a mug, a book around the item
            x, y = rng.randint(0, width), rng.randint(0, height)
            r = rng.randint(width // 14, width // 6)
            colour = tuple(rng.randint(20, 235) for _ in range(3))
            box = (x - r, y - r // 2, x + r, y + r // 2)
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    return image


def _grain(size, rng: random.Random) -> Image.Image:
    """A fabric grain from the seed (Image.effect_noise draws from C's rand(): not reproducible)."""
    width, height = size
    small = (max(1, width // 2), max(1, height // 2))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    return noise.resize(size, Image.Resampling.BILINEAR).convert("RGB")


def garment(shape, main, second, *, size, rng: random.Random, cluttered: bool, back: bool = False) -> Image.Image:
    width, height = size
    image = _background(size, rng, cluttered)
    fabric = Image.new("RGB", size, main)
    if second:
        draw = ImageDraw.Draw(fabric)
        if shape in ("t-shirt", "jumper") and not back:  # a wide band across the chest
            draw.rectangle((0, int(height * 0.38), width, int(height * 0.62)), fill=second)
        else:  # the lower part
            draw.rectangle((0, int(height * 0.55), width, height), fill=second)
    fabric = Image.blend(fabric, _grain(size, rng), 0.08)
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).polygon(_outline(shape, width / 100, height / 100), fill=255)
    image.paste(fabric, (0, 0), mask)
    return ImageEnhance.Brightness(image).enhance(rng.uniform(0.85, 1.1))


def label_close_up(lines: list[str], fabric, *, size, rng: random.Random) -> Image.Image:
    """A label sewn on the fabric, filling the middle of the frame, its text in black."""
    width, height = size
    image = Image.blend(Image.new("RGB", size, fabric), _grain(size, rng), 0.07)
    draw = ImageDraw.Draw(image)
    box = (int(width * 0.18), int(height * 0.3), int(width * 0.82), int(height * 0.7))
    draw.rectangle(box, fill=(246, 244, 238), outline=(200, 198, 190), width=4)
    font = _font(max(12, height // 14))
    y = box[1] + height // 20
    for line in lines:
        draw.text((box[0] + width // 18, y), line, fill=(15, 15, 15), font=font)
        y += height // 10
    return ImageEnhance.Brightness(image).enhance(rng.uniform(0.9, 1.05))


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def photo_set(seed: int, size=(1200, 1600)) -> PhotoSet:
    rng = random.Random(seed)
    shape = SHAPES[seed % len(SHAPES)]
    names = list(COLOURS)
    main_name = names[(seed * 7) % len(names)]
    second_name = None
    if seed % 3 == 0:  # every third item has a second colour on a large part of it
        second_name = rng.choice([n for n in names if n != main_name])
    main, second = _dye(COLOURS[main_name], rng), _dye(COLOURS[second_name], rng) if second_name else None
    cluttered = seed % 4 == 3
    photos = [
        garment(shape, main, second, size=size, rng=rng, cluttered=cluttered),
        garment(shape, main, second, size=size, rng=rng, cluttered=cluttered, back=True),
    ]
    result = PhotoSet(seed=seed, photos=photos, shape=shape, colours=[main_name], cluttered=cluttered)
    if second_name:
        result.colours.append(second_name)
    if seed % 5 != 4:  # most items show their brand label, with the size on it
        result.brand = BRANDS[seed % len(BRANDS)]
        letters = SIZES[shape]
        result.size = LETTER_SIZE[letters[seed % len(letters)]] if letters else NUMBER_SIZES[seed % len(NUMBER_SIZES)]
        photos.append(label_close_up([result.brand.upper(), result.size], main, size=size, rng=rng))
    if seed % 2 == 0:  # half show the care label
        result.materials = MATERIALS[seed % len(MATERIALS)]
        composition = (
            [f"100% {result.materials[0].upper()}"]
            if len(result.materials) == 1
            else [f"60% {result.materials[0].upper()}", f"40% {result.materials[1].upper()}"]
        )
        photos.append(label_close_up(composition, main, size=size, rng=rng))
    result.photos = [_jpeg(p) for p in photos]
    return result


def photo_sets(count: int = 30) -> list[PhotoSet]:
    return [photo_set(seed) for seed in range(count)]


if __name__ == "__main__":  # `stack.py bench` runs every bench/*.py: list the sets and their truth
    for labelled in photo_sets():
        background = "cluttered" if labelled.cluttered else "plain"
        print(f"set {labelled.seed:2} {background:<9} {len(labelled.photos)} photos {labelled.truth}")
