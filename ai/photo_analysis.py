"""Offline photo analysis: what Pillow alone can tell from a seller's photos, with no model and no key.

- Dominant colours of the item, mapped to the marketplace's colour list: the plain background is
  estimated from the photo's border and trimmed, the remaining pixels are reduced by median cut,
  and each cluster is matched to the nearest listed colour in CIE Lab (distances in RGB put navy
  next to black and cream next to grey far more often than a person would).
- Quality warnings a seller can act on: too small, too dark, blurry (variance of the Laplacian).

Pure functions on bytes; the colour list comes from the caller (`ai.selectors.marketplace_palette`).
It cannot tell a category, a brand, a size or a material: that needs a vision model.
"""

import io
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFilter, ImageOps, ImageStat, UnidentifiedImageError

# Analysis runs on a reduced copy: colours and blur are stable at this size and 8 photos stay fast.
ANALYSIS_SIDE = 160
BLUR_SIDE = 512
DRAFT_TOLERANCE = 0.95  # decode at a reduced JPEG scale whose long side is at least 95 % of BLUR_SIDE
MIN_SHORT_SIDE = 500  # below this, zoom on the marketplace shows visible pixels
DARK_MEAN_LUMA = 55  # mean brightness 0..255 of the whole photo
BLUR_LAPLACIAN_VARIANCE = 20.0  # at BLUR_SIDE: sharp drawn garments score 50+, a 3 px blur under 10
BACKGROUND_DISTANCE = 28.0  # Lab distance under which a pixel counts as background
UNIFORM_BORDER_SPREAD = 24.0  # Lab spread of the border above which there is no plain background
MIN_FOREGROUND_SHARE = 0.05  # less item than this: the item is the background colour; keep all pixels
CLUSTERS = 6
MIN_COLOUR_SHARE = 0.15  # a colour covering less of the item is a detail, not "the" colour
MAX_COLOURS = 2
ANALYSIS_THREADS = 4

WARNINGS = {
    "too_small": _("This photo is small (%(width)s × %(height)s px): take it closer or at a higher resolution."),
    "too_dark": _("This photo is dark: take it in daylight or turn on a light."),
    "blurry": _("This photo looks blurry: hold the phone still and tap the item to focus."),
    "unreadable": _("This file could not be read as a photo."),
}


@dataclass(frozen=True)
class PaletteColour:
    name: str
    hex: str


@dataclass
class PhotoReport:
    index: int  # 1-based, as the seller counts photos
    width: int = 0
    height: int = 0
    warnings: list[str] = field(default_factory=list)
    colours: list[tuple[str, float]] = field(default_factory=list)  # (colour name, share of the item)
    brightness: float = 0.0
    sharpness: float = 0.0
    background: str = ""  # palette name of the plain background trimmed off, if there was one

    def messages(self) -> list[str]:
        return [str(WARNINGS[code]) % {"width": self.width, "height": self.height} for code in self.warnings]


@dataclass
class PhotoSetAnalysis:
    colours: list[str]  # at most MAX_COLOURS names of the palette, main first
    shares: dict[str, float]  # every matched colour's share over all photos
    photos: list[PhotoReport]


def _srgb_to_linear(c: float) -> float:
    c /= 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab_f(t: float) -> float:
    return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116


def to_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    r, g, b = (_srgb_to_linear(v) for v in rgb[:3])
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = _lab_f(x), _lab_f(y), _lab_f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _bin(value: int) -> int:
    return (value & 0xF8) | 4


@lru_cache(maxsize=32 * 32 * 32)
def bin_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """Lab of an 8-level RGB bin's centre: at most 32³ of them, so each is converted once per process
    (pixels of real photos are nearly all different; their bins repeat from photo to photo)."""
    return to_lab(rgb)


def _distance(a, b) -> float:
    return sum((p - q) ** 2 for p, q in zip(a, b, strict=True)) ** 0.5


def _hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class Palette:
    """The marketplace's colours that have a hex value, ready for nearest-colour lookups."""

    def __init__(self, colours: list[PaletteColour]):
        self.entries = [(c.name, to_lab(_hex_rgb(c.hex))) for c in colours if c.hex]
        self._memo: dict[tuple[int, int, int], str] = {}

    def nearest_lab(self, lab: tuple[float, float, float]) -> str:
        return min(self.entries, key=lambda entry: _distance(lab, entry[1]))[0]

    def nearest(self, rgb: tuple[int, int, int]) -> str:
        if rgb not in self._memo:
            lab = to_lab(rgb)
            self._memo[rgb] = min(self.entries, key=lambda entry: _distance(lab, entry[1]))[0]
        return self._memo[rgb]


def open_photo(data: bytes) -> tuple[Image.Image, tuple[int, int]]:
    """The photo upright, decoded no larger than the analysis needs, and its full size."""
    image = Image.open(io.BytesIO(data))
    size = image.size
    # JPEG decodes at 1/2, 1/4 or 1/8 scale for much less work than in full: the analysis never
    # needs more than BLUR_SIDE, and a 4032 px phone photo at 1/8 (504 px) is close enough to it.
    scale = next((s for s in (8, 4, 2) if max(size) / s >= BLUR_SIDE * DRAFT_TOLERANCE), 1)
    image.draft("RGB", (size[0] // scale, size[1] // scale))
    image.load()
    ImageOps.exif_transpose(image, in_place=True)  # no copy of an upright photo
    if image.size[0] > image.size[1] and size[0] < size[1] or image.size[0] < image.size[1] and size[0] > size[1]:
        size = size[::-1]
    return (image if image.mode == "RGB" else image.convert("RGB")), size


def _border_pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    width, height = image.size
    pixels = image.load()
    border = [pixels[x, y] for x in range(width) for y in (0, 1, height - 2, height - 1)]
    border += [pixels[x, y] for y in range(height) for x in (0, 1, width - 2, width - 1)]
    return border


def _background(image: Image.Image):
    """The Lab colour of a plain background, or None when the border is not uniform."""
    border = _border_pixels(image)
    channels = list(zip(*border, strict=True))
    median = tuple(sorted(channel)[len(channel) // 2] for channel in channels)
    centre = to_lab(median)
    # Per bin (at most 4 Lab units from the pixel, against a 24-unit limit): the border of a plain
    # background falls in a few dozen bins, each converted and measured once.
    binned = Counter((_bin(r), _bin(g), _bin(b)) for r, g, b in border[::3])
    spreads = sorted(
        distance for rgb, count in binned.items() for distance in [_distance(bin_lab(rgb), centre)] * count
    )
    # The 80th percentile tolerates the item touching the frame on one side.
    return centre if spreads[int(len(spreads) * 0.8)] <= UNIFORM_BORDER_SPREAD else None


_BIN_LUT = [_bin(v) for v in range(256)] * 3


def item_pixels(image: Image.Image) -> tuple[list[tuple[int, int, int]], tuple | None]:
    """The pixels of the item (the whole reduced photo minus a plain background, when there is
    one) and the background's Lab colour (None when the border is not plain)."""
    small = image.resize(_fit(image.size, ANALYSIS_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    background = _background(small)
    if background is None:
        return list(small.get_flattened_data() if hasattr(small, "get_flattened_data") else small.getdata()), None
    # Decided per 8-level RGB bin, not per pixel: fabric grain makes nearly every pixel unique, and
    # a bin (at most 4 Lab units across) is far finer than the background threshold. Pillow counts
    # the pixels of each bin in C; each kept bin stands for its pixels by its centre.
    binned = small.point(_BIN_LUT)
    counts = binned.getcolors(small.size[0] * small.size[1])
    kept: list[tuple[int, int, int]] = []
    total = 0
    for count, centre in counts:
        total += count
        if _distance(bin_lab(centre), background) > BACKGROUND_DISTANCE:
            kept.extend([centre] * count)
    if len(kept) >= MIN_FOREGROUND_SHARE * total:
        return kept, background
    return [centre for count, centre in counts for _ in range(count)], background


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled so that its long side is at most `side` (as Image.thumbnail does)."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def dominant_colours(pixels: list[tuple[int, int, int]], palette: Palette) -> dict[str, float]:
    """Share of the item per palette colour, from a median-cut reduction of its pixels."""
    if not pixels:
        return {}
    strip = Image.new("RGB", (len(pixels), 1))
    strip.putdata(pixels)
    reduced = strip.quantize(colors=CLUSTERS, method=Image.Quantize.MEDIANCUT)
    lut = reduced.getpalette()
    shares: Counter = Counter()
    for count, index in reduced.getcolors(CLUSTERS * 2):
        rgb = tuple(lut[index * 3 : index * 3 + 3])
        shares[palette.nearest(rgb)] += count / len(pixels)
    return dict(shares)


def sharpness(grey: Image.Image) -> float:
    """Variance of the Laplacian of the grey photo at a fixed size (low = blurry)."""
    if grey.mode != "L":
        grey = grey.convert("L")
    if max(grey.size) > BLUR_SIDE:
        grey = grey.resize(_fit(grey.size, BLUR_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    laplacian = grey.filter(ImageFilter.Kernel((3, 3), (0, 1, 0, 1, -4, 1, 0, 1, 0), scale=1, offset=128))
    # Pillow copies the outermost pixels unfiltered: left in, they would read as strong edges.
    width, height = laplacian.size
    return ImageStat.Stat(laplacian.crop((1, 1, width - 1, height - 1))).var[0]


def analyse_photo(data: bytes, palette: Palette, index: int = 1) -> PhotoReport:
    report = PhotoReport(index=index)
    try:
        image, (report.width, report.height) = open_photo(data)
    except (UnidentifiedImageError, OSError, ValueError):
        report.warnings.append("unreadable")
        return report
    if min(report.width, report.height) < MIN_SHORT_SIDE:
        report.warnings.append("too_small")
    # One grey copy at the blur size serves both: the mean brightness does not change with the size.
    grey = image.convert("L")
    if max(grey.size) > BLUR_SIDE:
        grey = grey.resize(_fit(grey.size, BLUR_SIDE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    report.brightness = ImageStat.Stat(grey).mean[0]
    if report.brightness < DARK_MEAN_LUMA:
        report.warnings.append("too_dark")
    report.sharpness = sharpness(grey)
    # A dark photo has little contrast anyway: one warning the seller can act on is enough.
    if report.sharpness < BLUR_LAPLACIAN_VARIANCE and "too_dark" not in report.warnings:
        report.warnings.append("blurry")
    pixels, background = item_pixels(image)
    if background is not None:
        report.background = palette.nearest_lab(background)
    shares = dominant_colours(pixels, palette)
    report.colours = sorted(shares.items(), key=lambda item: -item[1])
    return report


def _read_close_ups(reports: list[PhotoReport]) -> None:
    """A close-up of a label or a detail is framed by the item itself, and what stands out of it
    (the label) is not the item's colour. The item's colour is the one that is both the main
    colour of some photos and the plain frame of others (when one colour clearly is); a photo
    framed by it counts as that colour."""
    readable = [r for r in reports if r.colours]
    mains = Counter(r.colours[0][0] for r in readable)
    frames = Counter(r.background for r in readable if r.background)
    scores = {name: mains[name] + frames[name] for name in mains if frames[name]}
    if not scores:
        return
    best = max(scores.values())
    leaders = [name for name, score in scores.items() if score == best]
    if len(leaders) != 1:
        return  # a white label on yellow fabric, or a yellow shirt on a white wall: leave it
    item = leaders[0]
    for report in readable:
        if report.background == item and report.colours[0][0] != item:
            report.colours = [(item, 1.0)]


def analyse_photos(photos: list[bytes], palette: Palette) -> PhotoSetAnalysis:
    """Colours over the whole set (each readable photo weighs the same) and each photo's warnings."""
    if len(photos) > 1:
        # Pillow decodes and resizes without the GIL: the photos of a set are read side by side.
        with ThreadPoolExecutor(max_workers=min(ANALYSIS_THREADS, len(photos))) as pool:
            reports = list(pool.map(analyse_photo, photos, repeat(palette), range(1, len(photos) + 1)))
    else:
        reports = [analyse_photo(data, palette, index) for index, data in enumerate(photos, start=1)]
    _read_close_ups(reports)
    counted = [r for r in reports if r.colours and "too_dark" not in r.warnings] or [r for r in reports if r.colours]
    total: Counter = Counter()
    for report in counted:
        for name, share in report.colours:
            total[name] += share / len(counted)
    ranked = [name for name, share in total.most_common() if share >= MIN_COLOUR_SHARE]
    return PhotoSetAnalysis(colours=ranked[:MAX_COLOURS], shares=dict(total), photos=reports)
