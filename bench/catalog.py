"""Catalog speed with one shop holding 100,000 products.

Run with `make bench BENCH=catalog` (throwaway PostgreSQL and Redis). Server time is measured
in-process around Django's test client (middleware, queries, template), so no network is counted.
Targets: product list page (search + filter + sort, 50 a page) and API list p95 <= 50 ms,
dashboard home p95 <= 100 ms; SQL query counts per page are printed (they must not grow with
the page size: no N+1). The baseline is the cheapest signed-in page of the shop (an empty
HTMX fragment): session, membership and tenant middleware, no catalog query.

Photo upload -> thumbnail on both media backends in the same run (docs/storage.md): a 12 MP phone
JPEG posted to the product page's upload view (normalised, thumbnail and small copy written through
the storage), then its thumbnail read back through the shop-checked view, on the local disk and on
moto's S3-compatible server over HTTP. The backends take turns in blocks, so background load on
the shared machine hits both alike; the first request after a switch (a new boto3 client) is a
warm-up and not counted. Prints p50/p95 of each step and the S3 / local ratio.
"""

import argparse
import gc
import os
import random
import shutil
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

from common import setup_django, summary

# This file is bench/catalog.py: keep its folder off the path, and leave it as the working
# directory (which Celery puts on the path), so `import catalog` finds the app.
BENCH_DIR = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
os.chdir(BENCH_DIR.parent)

WORDS = [
    "striped",
    "linen",
    "wool",
    "denim",
    "floral",
    "vintage",
    "oversized",
    "cropped",
    "silk",
    "leather",
    "shirt",
    "dress",
    "jacket",
    "jeans",
    "sweater",
    "skirt",
    "coat",
    "sneakers",
    "bag",
    "scarf",
]
STATUSES = ["draft", "ready", "listed", "listed", "listed", "sold", "archived"]


def populate(n: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from catalog.taxonomy.models import Brand, Category, Condition

    rng = random.Random(7)
    leaves = list(Category.objects.filter(is_leaf=True).values_list("pk", flat=True))
    brands = list(Brand.objects.values_list("pk", "name_en"))
    conditions = list(Condition.objects.values_list("pk", flat=True))
    now = timezone.now()
    columns = (
        "public_id",
        "sku",
        "title",
        "description",
        "price",
        "cost_price",
        "stock",
        "brand_id",
        "brand_name",
        "category_id",
        "condition_id",
        "gender",
        "is_unisex",
        "seller_notes",
        "private_notes",
        "tags",
        "status",
        "created_at",
        "updated_at",
        "listed_at",
        "sold_at",
        "photo_count",
    )
    photo_rows = []
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY catalog_product ({', '.join(columns)}) FROM STDIN") as copy:
            for i in range(n):
                title = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {i}"
                brand = rng.choice(brands) if rng.random() < 0.8 else (None, "Atelier " + rng.choice(WORDS))
                status = rng.choice(STATUSES)
                created = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))
                listed = created + timedelta(hours=1) if status in ("listed", "sold") else None
                sold = listed + timedelta(days=rng.randint(0, 30)) if status == "sold" else None
                price = rng.randint(300, 15000) / 100
                photos = rng.choice([0, 1, 3, 5])
                copy.write_row(
                    (
                        uuid.uuid4(),
                        f"SKU-{i:06d}",
                        title,
                        f"A {title.lower()} in good shape.",
                        price,
                        round(price * 0.3, 2),
                        rng.choice([0, 1, 1, 1, 2]),
                        brand[0],
                        brand[1],
                        rng.choice(leaves),
                        rng.choice(conditions),
                        "",
                        False,
                        "",
                        "",
                        "{}",
                        status,
                        created,
                        created,
                        listed,
                        min(sold, now) if sold else None,
                        photos,
                    )
                )
        cursor.execute("SELECT id, photo_count FROM catalog_product WHERE photo_count > 0")
        for product_id, count in cursor.fetchall():
            for position in range(count):
                name = f"bench/{product_id}/{position}.jpg"
                photo_rows.append((uuid.uuid4(), product_id, position, name, name, name, 1600, 1200, 200000, now))
        with cursor.cursor.copy(
            "COPY catalog_productphoto (public_id, product_id, position, image, thumbnail, "
            "small, width, height, bytes, created_at) FROM STDIN"
        ) as copy:
            for row in photo_rows:
                copy.write_row(row)
        # What autovacuum does to a shop that grew to this size: statistics, the visibility map, and
        # the search index's pending list merged (a bulk load leaves up to 4 MB of it unmerged).
        cursor.execute("VACUUM ANALYZE catalog_product")
        cursor.execute("VACUUM ANALYZE catalog_productphoto")


def measure(client, label, urls, rounds, verbose=False, **headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:3]:  # warm-up
        client.get(url, **headers)
    times, queries, slowest = [], set(), {}
    for i in range(rounds):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, **headers)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
        for query in captured.captured_queries:
            key = query["sql"][:150]
            slowest[key] = max(slowest.get(key, 0), float(query["time"]))
    figures = summary(label, times)
    print(f"{'':<44} SQL queries per request: {sorted(queries)}")
    if verbose:
        for sql, seconds in sorted(slowest.items(), key=lambda kv: -kv[1])[:4]:
            print(f"{'':<44} slowest {seconds * 1000:7.1f} ms  {sql}")
    return figures


def explain_queries(tenant, searches):
    """Database execution time of each statement a list page's paginator runs (EXPLAIN ANALYZE),
    apart from Python and network."""
    import re

    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from catalog import selectors
    from catalog.forms import FilterForm
    from catalog.pagination import CappedPaginator

    with tenant_context(tenant):
        for query in searches:
            paginator = CappedPaginator(
                selectors.products(FilterForm(QueryDict(query)).filters()), 50, present=selectors.for_list
            )
            with CaptureQueriesContext(connection) as captured:
                list(paginator.page(int(QueryDict(query).get("page", 1))))
            times = []
            with connection.cursor() as cursor:
                for statement in captured.captured_queries:
                    if statement["sql"].startswith("SET "):
                        continue
                    cursor.execute(f"EXPLAIN (ANALYZE) {statement['sql']}")
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    times.append(float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)))
            how = "with OFFSET" if paginator.count_is_capped else "by id"
            print(f"  EXPLAIN ANALYZE {query:<48} matching ids {times[0]:6.2f} ms, page {how} {times[1]:6.2f} ms")


def phone_photo(seed: int) -> bytes:
    """A 4032 x 3024 JPEG with some detail, as a phone sends it (under the worker thresholds)."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (4032, 3024), (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randint(0, 3900), rng.randint(0, 2900)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse((x, y, x + rng.randint(40, 900), y + rng.randint(40, 900)), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def photo_backends(client, tenant, rounds: int, blocks: int = 5) -> dict:
    """Upload -> thumbnail on the local disk and on moto's S3 server over HTTP; figures per backend."""
    import tempfile

    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings
    from django.urls import reverse
    from django_tenants.utils import tenant_context

    from catalog.models import Product
    from tests.services import MotoServer
    from tests.storage import S3Media

    photos = [phone_photo(seed) for seed in range(4)]
    server = MotoServer().start()
    bucket = S3Media.create(server.url)
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tempfile.mkdtemp()}}
    backends = {"local disk": local, "S3 (moto, HTTP)": bucket.storage_settings()}
    times = {name: {"upload": [], "thumbnail": [], "total": []} for name in backends}
    counter = 0

    def one_round(name: str, record: bool) -> None:
        nonlocal counter
        counter += 1
        with tenant_context(tenant):
            product = Product.objects.create(sku=f"PHOTO-{counter:05d}", title=f"Photo bench {counter}", price=10)
        upload = SimpleUploadedFile("phone.jpg", photos[counter % len(photos)], content_type="image/jpeg")
        started = time.perf_counter()
        response = client.post(
            reverse("catalog:photo_upload", kwargs={"public_id": product.public_id}), {"photos": [upload]}
        )
        uploaded = time.perf_counter()
        assert response.status_code == 302, response.status_code
        with tenant_context(tenant):
            photo = product.photos.get()
        between = time.perf_counter() - uploaded  # finding the photo's id is the bench's, not the seller's
        served = client.get(reverse("catalog:photo", kwargs={"photo_id": photo.public_id, "variant": "thumb"}))
        body = b"".join(served.streaming_content)
        finished = time.perf_counter() - between
        assert served.status_code == 200 and body[:3] == b"\xff\xd8\xff", served.status_code
        if record:
            times[name]["upload"].append(uploaded - started)
            times[name]["thumbnail"].append(finished - uploaded)
            times[name]["total"].append(finished - started)

    try:
        for _block in range(blocks):
            for name, storage in backends.items():
                with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
                    one_round(name, record=False)
                    for _ in range(rounds // blocks):
                        one_round(name, record=True)
        figures = {}
        for name in backends:
            for step in ("upload", "thumbnail", "total"):
                figures[(name, step)] = summary(f"photo {step}: {name}", times[name][step])
        print(f"{'':<44} (upload: POST, normalise, 3 files written; thumbnail: GET streamed from the storage)")
        for step in ("upload", "thumbnail", "total"):
            s3, disk = figures[("S3 (moto, HTTP)", step)], figures[("local disk", step)]
            print(
                f"photo {step}, S3 / local disk: p50 {s3['p50'] / disk['p50']:.2f}x, p95 {s3['p95'] / disk['p95']:.2f}x"
                f" (+{s3['p50'] - disk['p50']:.1f} ms at p50)"
            )
        print(f"objects in the bucket: {len(bucket.keys())}")
        return figures
    finally:
        bucket.drop()
        server.stop()
        shutil.rmtree(local["OPTIONS"]["location"], ignore_errors=True)


def _print_load() -> None:
    one, five, fifteen = os.getloadavg()
    print(f"load average (1, 5, 15 min): {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--photo-rounds", type=int, default=100, help="photo uploads per media backend")
    parser.add_argument(
        "--only-photos",
        action="store_true",
        help="skip the 100,000 products, the list pages and the CSV import: only the two media backends",
    )
    parser.add_argument(
        "--verbose",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="print the slowest statements of each page",
    )
    args = parser.parse_args()
    # The bench measures the catalog, not the API abuse throttle (its Redis round trip still counts).
    os.environ.setdefault("API_RATE_LIMIT", "10000000/min")
    setup_django()
    from django.test import Client
    from django_tenants.utils import tenant_context

    from tenants import provisioning, tokens

    shop = provisioning.provision_shop(
        name="Bench catalog", owner_email="catalog@bench.local", password="bench-password-1"
    )
    tenant = shop.tenant
    tenant.max_products_override = 1_000_000
    tenant.save(update_fields=["max_products_override"])
    client = Client()  # the dashboard: a signed-in seller's session
    client.force_login(shop.owner)
    if args.only_photos:
        _print_load()
        photo_backends(client, tenant, args.photo_rounds)
        _print_load()
        provisioning.delete_shop(tenant)
        return
    started = time.perf_counter()
    with tenant_context(tenant):
        populate(args.products)
    print(f"Loaded {args.products} products with COPY in {time.perf_counter() - started:.1f} s")
    _token, key = tokens.create(shop.membership, "bench")
    api_client = Client()  # an API caller: the token alone, no session
    # As stoflow/wsgi.py does in a server process once the application is loaded.
    gc.collect()
    gc.freeze()
    rng = random.Random(3)
    searches = [f"q={a}+{b}&status=listed&sort=-price" for a, b in (rng.sample(WORDS, 2) for _ in range(20))]
    searches += [
        "q=SKU-0123&sort=newest",
        "q=striped&condition=&has_photos=yes&sort=price",
        "status=listed&sort=title&page=40",
        "brand=unmapped&sort=updated&page=3",
    ]
    _print_load()
    baseline = measure(client, "baseline: empty HTMX fragment in the shop", ["/catalog/brands/"], args.rounds)
    page = measure(
        client,
        "product list page (search+filter+sort)",
        [f"/catalog/?{q}" for q in searches],
        args.rounds,
        args.verbose,
    )
    api = measure(
        api_client,
        "API product list (same filters)",
        [f"/api/v1/products/?{q}" for q in searches],
        args.rounds,
        args.verbose,
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    dashboard = measure(
        client,
        "dashboard home",
        ["/dashboard/", "/dashboard/?days=30", "/dashboard/?days=90"],
        args.rounds,
        args.verbose,
    )
    explain_queries(tenant, searches[:1] + searches[-4:])
    _print_load()
    for label, figures, target in (("list page", page, 50), ("API list", api, 50), ("dashboard", dashboard, 100)):
        verdict = "meets" if figures["p95"] <= target else "MISSES"
        print(
            f"{label}: p95 {figures['p95']:.1f} ms, {figures['p95'] / baseline['p95']:.1f}x the baseline; "
            f"target p95 <= {target} ms: {verdict}"
        )
    photo_backends(client, tenant, args.photo_rounds)
    _print_load()

    from catalog import csv_io
    from catalog.models import Product

    with tenant_context(tenant):
        rows = [
            {
                "sku": f"CSV-{i:05d}",
                "title": f"Imported {i}",
                "price": "9.90",
                "colours": "Black",
                "category": "Men › Shoes › Trainers",
                "size": "42",
            }
            for i in range(10_000)
        ]
        import csv
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=csv_io.COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
        for label in ("CSV import, 10,000 new rows", "CSV import, 10,000 updates"):
            started = time.perf_counter()
            report = csv_io.import_csv(tenant, out.getvalue())
            print(
                f"{label:<44} {time.perf_counter() - started:.2f} s "
                f"({report.created} created, {report.updated} updated, {len(report.rejected)} rejected)"
            )
        print(f"products now: {Product.objects.count()}")
    provisioning.delete_shop(tenant)


if __name__ == "__main__":
    main()
