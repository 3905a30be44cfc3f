"""Test set-up shared by every app.

Two shops, A and B, are provisioned once per run (cloned from the template,
as in production). Each test runs in a transaction that is rolled back.
Tests that need committed data (a live server for the browser, a real Celery
worker) are marked and run last, because they flush the database.
"""

import importlib
import os

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from django_tenants.utils import tenant_context

from tenants import provisioning
from tests.clients import install_production_like_client
from tests.factories import ShopFixture, make_shop

# Every test request starts on the public schema and streamed bodies are read there (tests/clients.py).
install_production_like_client()


def pytest_collection_modifyitems(config, items):
    def runs_last(item):
        # Journeys at the very end: their session fixture keeps the whole stack running once started.
        # The fault suite just before them: it restarts its own private PostgreSQL and Redis.
        if item.get_closest_marker("fault"):
            return 2
        if item.get_closest_marker("journey"):
            return 3
        return int(any(item.get_closest_marker(m) for m in ("browser", "committed")))

    items.sort(key=runs_last)
    # Under pytest-xdist (`--dist loadgroup`, as `make test` runs) each group goes whole to one worker:
    # one private PostgreSQL and Redis for the fault suite, and the journeys in two halves (whole
    # modules, alternately), each half on one running stack, so both workers end on journeys instead
    # of one waiting while the other runs them all.
    journey_modules = sorted({item.module.__name__ for item in items if item.get_closest_marker("journey")})
    half = {name: ("journey", "journey-b")[index % 2] for index, name in enumerate(journey_modules)}
    for item in items:
        if item.get_closest_marker("fault"):
            item.add_marker(pytest.mark.xdist_group("fault"))
        elif item.get_closest_marker("journey"):
            item.add_marker(pytest.mark.xdist_group(half[item.module.__name__]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        provisioning.ensure_platform_rows()
        provisioning.ensure_template()
        make_shop("a")
        make_shop("b")
    yield


@pytest.fixture(autouse=True)
def _site_language_between_tests():
    """A French request through the test client leaves French active in the test's thread (the
    locale middleware activates it and nothing deactivates it, as in a real request's thread, which
    ends); each test starts and ends in the site's language, whatever ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _shop(letter: str) -> ShopFixture:
    return ShopFixture.load(letter)


@pytest.fixture
def shop_a(db) -> ShopFixture:
    return _shop("a")


@pytest.fixture
def shop_b(db) -> ShopFixture:
    return _shop("b")


@pytest.fixture
def in_shop_a(shop_a):
    with tenant_context(shop_a.tenant):
        yield shop_a
    connection.set_schema_to_public()


@pytest.fixture
def in_shop_b(shop_b):
    with tenant_context(shop_b.tenant):
        yield shop_b
    connection.set_schema_to_public()


@pytest.fixture
def client_a(client, shop_a):
    client.force_login(shop_a.owner)
    return client


@pytest.fixture
def client_b(client, shop_b):
    client.force_login(shop_b.owner)
    return client


def _restore_taxonomy() -> None:
    """A flush empties the public taxonomy that a data migration seeded: seed it again."""
    from django.apps import apps

    from catalog.taxonomy.models import Category
    from catalog.taxonomy.services import refresh_search_text

    if not Category.objects.exists():
        importlib.import_module("catalog.taxonomy.migrations.0002_seed_vinted_reference").seed(apps, None)
        refresh_search_text()  # a later migration fills the type-ahead text; the seed alone does not
        # The reseeded rows have new ids: choices cached from the earlier rows (the shared cache
        # keeps the product form's and the filters' taxonomy lists, the shop caches the photo
        # model's category shortlist) would point at ids that are gone.
        from django.core.cache import caches

        caches["shared"].clear()
        caches["default"].clear()


@pytest.fixture
def committed_platform(transactional_db):
    """The public rows a flushed database lacks; drops the shop schemas a test left behind."""
    provisioning.ensure_platform_rows()
    provisioning.ensure_template()
    _restore_taxonomy()
    yield
    # These tests run last and the flush that follows removes every shop row anyway.
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%%'")
        for (schema,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, committed_platform):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def redis_client(settings):
    """The broker and limiter Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="session")
def s3_server():
    from tests.services import MotoServer

    server = MotoServer().start()
    yield server
    server.stop()


@pytest.fixture
def s3_media(s3_server, settings):
    """Media on an S3-compatible server over HTTP (moto), in a private bucket of this test's own;
    `env` is what a worker process needs to use the same bucket."""
    from tests.storage import S3Media

    media = S3Media.create(s3_server.url)
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": media.storage_settings(), "s3_media": media.storage_settings()}
    yield media
    media.drop()
