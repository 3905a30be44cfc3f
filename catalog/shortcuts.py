"""Views' lookups: the catalog's selectors return None for what the shop does not have, and a view
answers 404 for it (a product id of another shop does not exist here)."""

from django.http import Http404

from . import selectors
from .models import PhotoUpload, Product, ProductPhoto


def get_product_or_404(public_id, *, include_deleted: bool = False) -> Product:
    if (found := selectors.product(public_id, include_deleted=include_deleted)) is None:
        raise Http404("No such product")
    return found


def get_product_by_sku_or_404(sku: str) -> Product:
    if (found := selectors.product_by_sku(sku)) is None:
        raise Http404("No such product")
    return found


def get_photo_or_404(public_id) -> ProductPhoto:
    if (found := selectors.photo(public_id)) is None:
        raise Http404("No such photo")
    return found


def get_photo_upload_or_404(public_id) -> PhotoUpload:
    if (found := selectors.photo_upload(public_id)) is None:
        raise Http404("No such photo")
    return found
