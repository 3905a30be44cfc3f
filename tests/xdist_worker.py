"""Each pytest-xdist worker's own Redis databases and media folder.

Loaded by pytest.ini (`-p tests.xdist_worker`) before pytest-django reads Django's settings, so the
settings and every process a test starts (Celery workers, the journeys' stack) see the worker's
own services. pytest-django already gives each worker its own test database (`test_stoflow_gw1`);
the Redis servers and the media folder are shared, so worker N moves each Redis URL up by a block of
`REDIS_DATABASES_PER_WORKER` databases (worker 0 keeps the databases a run without xdist uses) and
keeps its files under MEDIA_ROOT/gwN. Without xdist nothing changes.
"""

import os
import urllib.parse

# The databases one worker may use on each Redis server: 0 broker/limiter, 1 caches (when they share
# a server), 2 to 7 the processes of tests/journeys (stack 3/4, s3_stack 7/2) and
# tests/test_several_hosts (5/6).
REDIS_DATABASES_PER_WORKER = 8
REDIS_SERVER_DATABASES = 16  # redis-server's default

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_NUMBER = int(WORKER.removeprefix("gw")) if WORKER else 0


def redis_database(url: str, index: int) -> str:
    """Database `index` of this worker's block on the server of `url`."""
    if not 0 <= index < REDIS_DATABASES_PER_WORKER:
        raise ValueError(f"Redis database {index} is outside a worker's block (0-{REDIS_DATABASES_PER_WORKER - 1})")
    database = REDIS_DATABASES_PER_WORKER * WORKER_NUMBER + index
    return urllib.parse.urlsplit(url)._replace(path=f"/{database}").geturl()


def _database_of(url: str) -> int:
    path = urllib.parse.urlsplit(url).path.strip("/")
    return int(path) if path else 0


def _isolate_worker() -> None:
    if REDIS_DATABASES_PER_WORKER * (WORKER_NUMBER + 1) > REDIS_SERVER_DATABASES:
        raise RuntimeError(f"at most {REDIS_SERVER_DATABASES // REDIS_DATABASES_PER_WORKER} xdist workers (-n)")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise RuntimeError("pytest-xdist needs REDIS_URL: run the tests through `scripts/stack.py test`")
    # As stoflow/settings/stores.py derives it when unset: the next database on the broker's server.
    cache_url = os.environ.get("CACHE_REDIS_URL") or redis_url.rsplit("/", 1)[0] + f"/{_database_of(redis_url) + 1}"
    os.environ["REDIS_URL"] = redis_database(redis_url, _database_of(redis_url))
    os.environ["CACHE_REDIS_URL"] = redis_database(cache_url, _database_of(cache_url))
    if os.environ.get("MEDIA_ROOT"):
        os.environ["MEDIA_ROOT"] = os.path.join(os.environ["MEDIA_ROOT"], WORKER)


if WORKER:
    _isolate_worker()
