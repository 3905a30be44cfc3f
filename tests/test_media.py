"""Uploaded files are never served by path: photos go through the shop-checked view only."""

import importlib

import pytest
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "t_someshop" / "photos" / "secret.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xd8\xff not really a jpeg")
    return "t_someshop/photos/secret.jpg"


@pytest.mark.parametrize("debug", [False, True])
def test_media_path_anonymous_answers_404_in_every_mode(client, settings, stored_file, debug):
    settings.DEBUG = debug
    import stoflow.urls

    importlib.reload(stoflow.urls)  # the URL list is built at import: rebuild it in this mode
    clear_url_caches()
    try:
        assert client.get(f"/media/{stored_file}").status_code == 404
    finally:
        settings.DEBUG = False
        importlib.reload(stoflow.urls)
        clear_url_caches()
