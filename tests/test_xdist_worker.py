"""tests/xdist_worker.py: each pytest-xdist worker's own Redis databases and media folder."""

import os

import pytest

from tests import xdist_worker


@pytest.fixture
def second_worker(monkeypatch):
    monkeypatch.setattr(xdist_worker, "WORKER", "gw1")
    monkeypatch.setattr(xdist_worker, "WORKER_NUMBER", 1)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6400/0")
    monkeypatch.setenv("CACHE_REDIS_URL", "redis://127.0.0.1:6401/0")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/media")


def test_isolate_worker_on_the_second_worker_moves_redis_to_its_block_and_media_to_its_folder(
    second_worker, monkeypatch
):
    xdist_worker._isolate_worker()

    assert os.environ["REDIS_URL"] == "redis://127.0.0.1:6400/8"
    assert os.environ["CACHE_REDIS_URL"] == "redis://127.0.0.1:6401/8"
    assert os.environ["MEDIA_ROOT"] == "/srv/media/gw1"


def test_isolate_worker_without_a_cache_url_gives_the_caches_the_next_database_of_the_block(second_worker, monkeypatch):
    monkeypatch.delenv("CACHE_REDIS_URL")
    xdist_worker._isolate_worker()

    assert os.environ["CACHE_REDIS_URL"] == "redis://127.0.0.1:6400/9"


def test_redis_database_on_the_second_worker_is_in_its_block(second_worker):
    assert xdist_worker.redis_database("redis://127.0.0.1:6400/8", 3) == "redis://127.0.0.1:6400/11"


def test_isolate_worker_beyond_the_servers_databases_refuses_to_start(second_worker, monkeypatch):
    monkeypatch.setattr(xdist_worker, "WORKER_NUMBER", 2)
    with pytest.raises(RuntimeError, match="at most 2 xdist workers"):
        xdist_worker._isolate_worker()


def test_redis_database_outside_the_block_is_refused(second_worker):
    with pytest.raises(ValueError, match="outside a worker's block"):
        xdist_worker.redis_database("redis://127.0.0.1:6400/8", 8)
