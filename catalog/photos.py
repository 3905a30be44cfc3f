"""Product photos: add, reorder, delete, read back. Files go through Django's default storage
under the shop's prefix (photo_path), so an S3-compatible backend is a settings change."""
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from . import images
from .images import PhotoRejected
from .models import MAX_PHOTOS, Product, ProductPhoto, photo_path

VARIANTS = {"full": "image", "thumb": "thumbnail", "small": "small"}

__all__ = ["PhotoRejected", "add_photo", "add_photos", "delete_photo", "reorder", "open_variant"]


def _sync_count(product: Product) -> None:
    product.photo_count = product.photos.count()
    Product.objects.filter(pk=product.pk).update(photo_count=product.photo_count)


def add_photo(tenant, product: Product, upload) -> ProductPhoto:
    """Check, normalise and store one photo at the end of the product's list."""
    if product.photos.count() >= MAX_PHOTOS:
        raise PhotoRejected(_("A product has at most %(max)s photos.") % {"max": MAX_PHOTOS})
    processed = images.process(images.read_upload(upload))
    photo = ProductPhoto(product=product, width=processed.width, height=processed.height,
                         bytes=len(processed.image))
    names = {}
    for variant, field, content in (("", "image", processed.image), ("thumb", "thumbnail", processed.thumbnail),
                                    ("small", "small", processed.small)):
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


def add_photos(tenant, product: Product, uploads) -> tuple[list[ProductPhoto], list[str]]:
    """Add each upload; refused files are reported by name, the others kept."""
    added, errors = [], []
    for upload in uploads:
        try:
            added.append(add_photo(tenant, product, upload))
        except PhotoRejected as error:
            name = getattr(upload, "name", "")
            errors.append(f"{name}: {error}" if name else str(error))
    return added, errors


def delete_photo(photo: ProductPhoto) -> None:
    product = photo.product
    files = [photo.image, photo.thumbnail, photo.small]
    with transaction.atomic():
        photo.delete()
        _sync_count(product)
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files if name])


def reorder(product: Product, public_ids: list) -> None:
    """Put the product's photos in this order; ids not given keep their relative order after."""
    photos = list(product.photos.all())
    by_id = {str(p.public_id): p for p in photos}
    wanted = [by_id[str(pid)] for pid in public_ids if str(pid) in by_id]
    rest = [p for p in photos if p not in wanted]
    with transaction.atomic():
        for position, photo in enumerate(wanted + rest):
            if photo.position != position:
                photo.position = position
                photo.save(update_fields=["position"])


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


def open_variant(photo: ProductPhoto, variant: str):
    return default_storage.open(getattr(photo, VARIANTS[variant]))

