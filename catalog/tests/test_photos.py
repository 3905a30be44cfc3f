"""Photo uploads: normalised JPEG, EXIF stripped, bad files refused with a clear message."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog import photos
from catalog.images import PhotoRejected
from catalog.tests.factories import ProductFactory, image_bytes


def exif_with_gps_and_rotation() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS latitude
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


def stored(name) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def test_add_photo_large_png_becomes_jpeg_at_most_1600px(in_shop_a):
    photo = photos.add_photo(in_shop_a.tenant, ProductFactory(), image_bytes(3200, 2000, fmt="PNG"))
    image = stored(photo.image)
    assert image.format == "JPEG" and max(image.size) == 1600
    assert max(stored(photo.thumbnail).size) == 400 and max(stored(photo.small).size) == 120


def test_add_photo_applies_orientation_and_strips_exif_and_gps(in_shop_a):
    photo = photos.add_photo(
        in_shop_a.tenant, ProductFactory(), image_bytes(800, 600, exif=exif_with_gps_and_rotation())
    )
    image = stored(photo.image)
    assert image.size == (600, 800)
    assert not image.getexif() and "exif" not in image.info


def test_add_photo_webp_and_heic_accepted(in_shop_a):
    from pillow_heif import from_pillow

    product = ProductFactory()
    photos.add_photo(in_shop_a.tenant, product, image_bytes(fmt="WEBP"))
    heic = io.BytesIO()
    from_pillow(Image.new("RGB", (640, 480), (10, 200, 10))).save(heic, format="HEIF")
    photo = photos.add_photo(in_shop_a.tenant, product, heic.getvalue())
    assert stored(photo.image).format == "JPEG"


def test_add_photo_stored_under_the_shop_prefix(in_shop_a):
    photo = photos.add_photo(in_shop_a.tenant, ProductFactory(), image_bytes())
    assert photo.image.startswith(f"{in_shop_a.tenant.schema_name}/products/")


def test_add_photo_not_an_image_refused(in_shop_a):
    with pytest.raises(PhotoRejected, match="not an image"):
        photos.add_photo(in_shop_a.tenant, ProductFactory(), SimpleUploadedFile("cv.pdf", b"%PDF-1.4 hello"))


def test_add_photo_gif_refused_with_accepted_formats(in_shop_a):
    with pytest.raises(PhotoRejected, match="JPEG, PNG, WebP and HEIC"):
        photos.add_photo(in_shop_a.tenant, ProductFactory(), image_bytes(fmt="GIF"))


def test_add_photo_over_size_limit_refused(in_shop_a, settings):
    settings.CATALOG_MAX_UPLOAD_BYTES = 1000
    upload = SimpleUploadedFile("big.jpg", image_bytes(1200, 1200))
    with pytest.raises(PhotoRejected, match="the limit is"):
        photos.add_photo(in_shop_a.tenant, ProductFactory(), upload)


def test_add_photo_decompression_bomb_refused(in_shop_a):
    # 20000 x 20000 pixels compress to a few hundred KB of PNG but would take 1.2 GB decoded.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    with pytest.raises(PhotoRejected, match="too large in pixels"):
        photos.add_photo(in_shop_a.tenant, ProductFactory(), buffer.getvalue())


def test_add_photo_twenty_first_refused(in_shop_a, settings):
    product = ProductFactory()
    small = image_bytes(50, 50)
    for _ in range(20):
        photos.add_photo(in_shop_a.tenant, product, small)
    with pytest.raises(PhotoRejected, match="at most 20"):
        photos.add_photo(in_shop_a.tenant, product, small)


def test_reorder_and_delete_keep_positions_and_count(in_shop_a):
    product = ProductFactory(photos=3)
    first, second, third = product.photos.all()
    photos.reorder(product, [third.public_id, first.public_id])
    assert list(product.photos.all()) == [third, first, second]
    photos.delete_photo(first)
    product.refresh_from_db()
    assert product.photo_count == 2
