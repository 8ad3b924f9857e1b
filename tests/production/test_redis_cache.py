"""The Redis cache backend keeps one client per connection pool (Django builds one per call)."""

import threading

import pytest
from django.core.cache import caches

from tests.production.conftest import redis_cache_settings

pytestmark = pytest.mark.redis


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = redis_cache_settings()
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_one_client_serves_every_operation(redis_cache):
    first = redis_cache._cache.get_client(write=True)
    redis_cache.set("a", 1)
    assert redis_cache.get_many(["a", "b"]) == {"a": 1}
    assert redis_cache.incr("a") == 2
    assert redis_cache._cache.get_client(write=True) is first
    assert redis_cache._cache.get_client(write=False) is redis_cache._cache.get_client()


def test_threads_share_the_client_and_count_right(redis_cache):
    redis_cache.set("n", 0)

    def count():
        for _ in range(200):
            redis_cache.incr("n")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert redis_cache.get("n") == 800
