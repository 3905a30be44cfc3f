"""A small file that decodes to a huge image must not cost the web process its size in memory:
JPEGs are decoded at a reduced scale, other formats are reduced before any copy is made."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs in its own process: the peak RSS of processing one file, above the process's RSS before.
MEASURE = textwrap.dedent("""
    import os, resource, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")
    import django; django.setup()
    from catalog import images
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    processed = images.process(data)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) // 1024, processed.width, processed.height)
""")

MAKE = textwrap.dedent("""
    import sys
    from PIL import Image, ImageDraw
    mode, fmt, w, h = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    image = Image.new(mode, (w, h), (200, 40, 40, 255)[:len(mode)])
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, w // 2, h // 2), fill=(20, 90, 200, 128)[:len(mode)])
    image.save(sys.argv[1], fmt, **({"quality": 90} if fmt == "JPEG" else {}))
""")


def _peak_mb(tmp_path, mode, fmt, width, height) -> tuple[int, int, int]:
    path = tmp_path / f"big.{fmt.lower()}"
    subprocess.run([sys.executable, "-c", MAKE, str(path), mode, fmt, str(width), str(height)], check=True)
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    peak, out_w, out_h = map(int, result.stdout.split())
    return peak, out_w, out_h


@pytest.mark.parametrize(
    "mode, fmt, width, height, ceiling_mb",
    [
        ("RGBA", "PNG", 7000, 7000, 300),  # 196 MB decoded; before: ~700 MB of copies
        ("RGB", "JPEG", 8000, 6000, 120),  # 144 MB at full scale; decoded at a quarter of it
    ],
)
def test_process_large_photo_keeps_peak_memory_near_one_decoded_copy(tmp_path, mode, fmt, width, height, ceiling_mb):
    peak, out_w, out_h = _peak_mb(tmp_path, mode, fmt, width, height)
    assert max(out_w, out_h) == 1600
    assert peak < ceiling_mb, f"{fmt} {width}x{height}: {peak} MB above the process's start"
