"""Fixtures of the production tests: the response cache switched on, on local memory and, when
ZIB_TEST_REDIS_URL is set, on a real Redis (the `redis` variant; `make test-postgres` in CI)."""

import os

import pytest
from django.core.cache import caches


def _worker_redis_url(url):
    """Each pytest-xdist worker its own Redis database (the URL's plus the worker number):
    `cache.clear()` empties a whole database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    base, _, database = url.rstrip("/").rpartition("/")
    number = int(database) if database.isdigit() else 0
    if not database.isdigit():
        base = url.rstrip("/")
    return f"{base}/{number + int(worker[2:])}"


REDIS_URL = _worker_redis_url(os.environ.get("ZIB_TEST_REDIS_URL", ""))
IN_CI = os.environ.get("CI", "").lower() == "true"

LOCMEM = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def redis_cache_settings():
    """CACHES for the Redis variant; fails in CI and skips elsewhere when Redis is unreachable."""
    if not REDIS_URL:
        pytest.skip("ZIB_TEST_REDIS_URL is not set (the Redis variant runs in make test-postgres)")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is unreachable: {error}"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    backend = {
        "BACKEND": "zib_wagtail.ops.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "zib-test",
    }
    return {"default": backend, "renditions": {**backend, "KEY_PREFIX": "zib-test-renditions"}}


@pytest.fixture(params=["locmem", pytest.param("redis", marks=pytest.mark.redis)])
def cache_backend(request, settings):
    """The response cache on, on each cache backend in turn; emptied before and after."""
    if request.param == "redis":
        settings.CACHES = redis_cache_settings()
    else:
        settings.CACHES = {"default": LOCMEM, "renditions": {**LOCMEM, "LOCATION": "r"}}
    settings.ZIB_PAGE_CACHE = True
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


@pytest.fixture
def page_cache(settings):
    """The response cache on, on local memory (tests that need no Redis variant)."""
    settings.ZIB_PAGE_CACHE = True
    caches["default"].clear()
    yield
    caches["default"].clear()
