"""Peak memory of turning one large upload into the stored JPEGs (catalog.images.process).

Each case runs in a fresh process and prints the growth of its peak RSS (ru_maxrss) while
processing, and the time taken. The cases are the shapes a small file can hide: a 7000 x 7000
RGBA PNG (about 190 KB, 196 MB decoded), a 48 MP phone JPEG, a 7000 x 7000 palette PNG.
Target: peak growth near one decoded copy of the image (JPEGs: a quarter of it or less).

A photo uploaded on the product page above CATALOG_PHOTO_WORKER_PIXELS or _BYTES is only checked
from its header in the web process (images.peek) and normalised by the worker; the "web" column is
the peak RSS growth of that check, "worker" says whether the case is handed over.

Run with `make bench BENCH=catalog_photos`.
"""

import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from common import ROOT

CASES = [("RGBA", "PNG", 7000, 7000), ("RGB", "JPEG", 8000, 6000), ("P", "PNG", 7000, 7000), ("RGB", "PNG", 7000, 7000)]

MAKE = textwrap.dedent("""
    import sys
    from PIL import Image, ImageDraw
    path, mode, fmt, w, h = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    base = "RGBA" if mode in ("RGBA", "P") else mode
    image = Image.new(base, (w, h), (200, 40, 40, 255)[:len(base)])
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, w // 2, h // 2), fill=(20, 90, 200, 128)[:len(base)])
    if mode == "P":
        image = image.convert("P")
    image.save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
""")

MEASURE = textwrap.dedent("""
    import os, resource, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")
    import django; django.setup()
    from catalog import images
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    processed = images.process(data)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(len(data), (after - before) / 1024, seconds, processed.width, processed.height)
""")

WEB = textwrap.dedent("""
    import os, resource, sys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stoflow.settings")
    import django; django.setup()
    from catalog import images, photos
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    width, height = images.peek(images.read_upload(data))
    deferred = photos.needs_worker(len(data), width, height)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print((after - before) / 1024, "yes" if deferred else "no")
""")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        for mode, fmt, width, height in CASES:
            path = Path(folder) / f"{mode}-{width}x{height}.{fmt.lower()}"
            subprocess.run([sys.executable, "-c", MAKE, str(path), mode, fmt, str(width), str(height)], check=True)
            out = subprocess.run(
                [sys.executable, "-c", MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.split()
            size, peak, seconds, out_w, out_h = int(out[0]), float(out[1]), float(out[2]), out[3], out[4]
            web_peak, deferred = subprocess.run(
                [sys.executable, "-c", WEB, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout.split()
            decoded = width * height * len(mode if mode != "P" else "P") / 1_048_576
            print(
                f"{mode:<4} {fmt:<4} {width}x{height} file={size / 1024:8.0f} KB  decoded={decoded:6.0f} MB  "
                f"peak RSS growth={peak:6.0f} MB  time={seconds:5.2f} s  -> {out_w}x{out_h}  "
                f"worker={deferred}  web peak RSS growth={float(web_peak):4.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
