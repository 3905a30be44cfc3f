"""Views' lookups: the selectors return None for what the shop does not have; a view answers 404."""

from django.http import Http404

from . import catalog_adapter, selectors
from .models import Generation


def get_generation_or_404(public_id) -> Generation:
    if (found := selectors.generation(public_id)) is None:
        raise Http404("No such generation")
    return found


def get_product_or_404(public_id) -> catalog_adapter.Product:
    if (found := catalog_adapter.get_product(public_id)) is None:
        raise Http404("No such product")
    return found
