"""Product photos: add, reorder, delete, read back. Files go through Django's default storage
under the shop's prefix (photo_path), so an S3-compatible backend is a settings change."""

import logging
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import images
from .images import PhotoRejected
from .models import MAX_PHOTOS, PhotoUpload, Product, ProductPhoto, original_path, photo_path

logger = logging.getLogger(__name__)

VARIANTS = {"full": "image", "thumb": "thumbnail", "small": "small"}

__all__ = [
    "PhotoRejected",
    "add_photo",
    "add_photos",
    "delete_photo",
    "reorder",
    "open_variant",
    "read_photo",
    "PhotoFileMissing",
    "variant_link",
    "process_upload",
    "retry_upload",
    "delete_upload",
]


def _sync_count(product: Product) -> None:
    """The photo count, and `updated_at` with it (see _touch)."""
    product.photo_count = product.photos.count()
    product.updated_at = timezone.now()
    Product.objects.filter(pk=product.pk).update(photo_count=product.photo_count, updated_at=product.updated_at)


def _touch(product: Product) -> None:
    """Photos are part of what a listing shows: a change makes the product's live listings out of
    date (`updated_at` later than their `sent_at`)."""
    product.updated_at = timezone.now()
    Product.objects.filter(pk=product.pk).update(updated_at=product.updated_at)


def _check_room(product: Product, waiting: PhotoUpload | None = None) -> None:
    """Photos plus uploads still waiting for the worker (the one being processed not counted twice)."""
    uploads = product.photo_uploads.all()
    if waiting is not None:
        uploads = uploads.exclude(pk=waiting.pk)
    if product.photos.count() + uploads.count() >= MAX_PHOTOS:
        raise PhotoRejected(_("A product has at most %(max)s photos.") % {"max": MAX_PHOTOS})


def add_photo(tenant, product: Product, upload, waiting: PhotoUpload | None = None) -> ProductPhoto:
    """Check, normalise and store one photo at the end of the product's list."""
    _check_room(product, waiting)
    processed = images.process(images.read_upload(upload))
    photo = ProductPhoto(product=product, width=processed.width, height=processed.height, bytes=len(processed.image))
    names = {}
    for variant, field, content in (
        ("", "image", processed.image),
        ("thumb", "thumbnail", processed.thumbnail),
        ("small", "small", processed.small),
    ):
        name = photo_path(tenant.schema_name, product.public_id, photo.public_id, variant)
        names[field] = default_storage.save(name, ContentFile(content))
    try:
        with transaction.atomic():
            last = product.photos.order_by("-position").values_list("position", flat=True).first()
            photo.position = 0 if last is None else last + 1
            for field, name in names.items():
                setattr(photo, field, name)
            photo.save()
            _sync_count(product)
    except Exception:
        for name in names.values():
            default_storage.delete(name)
        raise
    return photo


def needs_worker(size: int, width: int, height: int) -> bool:
    return size > settings.CATALOG_PHOTO_WORKER_BYTES or width * height > settings.CATALOG_PHOTO_WORKER_PIXELS


def add_photos(
    tenant, product: Product, uploads, defer_large: bool = False
) -> tuple[list[ProductPhoto | PhotoUpload], list[str]]:
    """Add each upload; refused files are reported by name, the others kept. With defer_large, a
    large photo is stored as sent and handed to the worker (a PhotoUpload comes back for it)."""
    added, errors = [], []
    for upload in uploads:
        try:
            if defer_large:
                data = images.read_upload(upload)
                width, height = images.peek(data)
                if needs_worker(len(data), width, height):
                    added.append(defer_photo(tenant, product, data, getattr(upload, "name", "")))
                    continue
                upload = data
            added.append(add_photo(tenant, product, upload))
        except PhotoRejected as error:
            name = getattr(upload, "name", "")
            errors.append(f"{name}: {error}" if name else str(error))
    return added, errors


def defer_photo(tenant, product: Product, data: bytes, name: str = "") -> PhotoUpload:
    from .tasks import process_photo

    _check_room(product)
    waiting = PhotoUpload(product=product, name=name[:255])
    waiting.original = default_storage.save(
        original_path(tenant.schema_name, product.public_id, waiting.public_id), ContentFile(data)
    )
    try:
        waiting.save()
    except Exception:
        default_storage.delete(waiting.original)
        raise
    transaction.on_commit(partial(process_photo.delay, tenant.schema_name, str(waiting.public_id)))
    return waiting


def process_upload(tenant, public_id) -> None:
    """The worker's side: normalise a waiting upload into a photo, or record why not. The original
    is deleted only once the photo is stored; a refused one keeps it for a retry."""
    waiting = (
        PhotoUpload.objects.select_related("product")
        .filter(public_id=public_id, status=PhotoUpload.Status.PROCESSING)
        .first()
    )
    if waiting is None:
        return
    try:
        with default_storage.open(waiting.original, "rb") as handle:
            data = handle.read()
        with transaction.atomic():  # the photo and the end of the wait, or neither (a redelivery adds none twice)
            add_photo(tenant, waiting.product, data, waiting=waiting)
            waiting.delete()
    except PhotoRejected as error:
        _failed(waiting, str(error))
        return
    except Exception:
        logger.exception("photo upload %s could not be processed", waiting.public_id)
        _failed(
            waiting,
            _("This photo could not be processed because of an unexpected error. The original is kept: try again."),
        )
        raise
    default_storage.delete(waiting.original)


def _failed(waiting: PhotoUpload, message: str) -> None:
    PhotoUpload.objects.filter(pk=waiting.pk).update(status=PhotoUpload.Status.FAILED, error=message)


def retry_upload(tenant, waiting: PhotoUpload) -> None:
    from .tasks import process_photo

    PhotoUpload.objects.filter(pk=waiting.pk).update(status=PhotoUpload.Status.PROCESSING, error="")
    transaction.on_commit(partial(process_photo.delay, tenant.schema_name, str(waiting.public_id)))


def delete_upload(waiting: PhotoUpload) -> None:
    name = waiting.original
    with transaction.atomic():
        waiting.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def delete_photo(photo: ProductPhoto) -> None:
    product = photo.product
    files = [photo.image, photo.thumbnail, photo.small]
    with transaction.atomic():
        photo.delete()
        _sync_count(product)
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files if name])


def stored_files(products) -> list[str]:
    """Every storage name the products' photos and waiting uploads hold (all variants)."""
    names = []
    for photo in ProductPhoto.objects.filter(product__in=products).only("image", "thumbnail", "small"):
        names += [str(photo.image), str(photo.thumbnail), str(photo.small)]
    names += [str(name) for name in PhotoUpload.objects.filter(product__in=products).values_list("original", flat=True)]
    return [name for name in names if name]


def remove_files(names: list[str]) -> int:
    """Delete these objects from storage; one that fails is logged and the rest still go (the rows
    they belonged to are already gone, a retry would find nothing to point at them). Returns how
    many failed."""
    failed = 0
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            failed += 1
            logger.exception("Could not delete %s from storage", name)
    return failed


def reorder(product: Product, public_ids: list) -> None:
    """Put the product's photos in this order; ids not given keep their relative order after."""
    photos = list(product.photos.all())
    by_id = {str(p.public_id): p for p in photos}
    wanted = [by_id[str(pid)] for pid in public_ids if str(pid) in by_id]
    rest = [p for p in photos if p not in wanted]
    moved = [(position, photo) for position, photo in enumerate(wanted + rest) if photo.position != position]
    with transaction.atomic():
        for position, photo in moved:
            photo.position = position
            photo.save(update_fields=["position"])
        if moved:
            _touch(product)


def move(photo: ProductPhoto, offset: int) -> None:
    ids = list(photo.product.photos.values_list("public_id", flat=True))
    index = ids.index(photo.public_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder(photo.product, ids)


def copy_photos(tenant, source: Product, target: Product) -> None:
    for photo in source.photos.all():
        with default_storage.open(photo.image) as handle:
            add_photo(tenant, target, handle.read())


class PhotoFileMissing(Exception):
    """A photo's file is not in storage: removed behind Stoflow's back, or a backend switched
    without `manage.py move_media`. `advice` is what a marketplace job tells the seller (English,
    translated when shown)."""

    advice = gettext_noop(
        "A photo's file is missing from storage: delete that photo on the product page, add it again, then retry."
    )


def read_photo(photo: ProductPhoto) -> bytes:
    """The normalised photo's bytes, as marketplaces are sent them."""
    try:
        with default_storage.open(photo.image, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise PhotoFileMissing(photo.image) from None


def open_variant(photo: ProductPhoto, variant: str):
    return default_storage.open(getattr(photo, VARIANTS[variant]))


def variant_link(photo: ProductPhoto, variant: str) -> str:
    """A presigned, expiring URL of the file when the bucket is set to serve by redirect; "" when
    the view streams it (the local disk always)."""
    if settings.MEDIA_STORAGE != "s3" or settings.MEDIA_S3_SERVE != "redirect":
        return ""
    return default_storage.url(getattr(photo, VARIANTS[variant]))
