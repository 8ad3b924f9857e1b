"""/healthz: 200 when database and cache answer, 503 naming the failing part, never a secret."""

import json
import logging

import pytest
from django.db import OperationalError

from zib_wagtail.ops import health

# /healthz checks every configured database, the test settings' replica alias (a mirror) too.
pytestmark = pytest.mark.django_db(databases=["default", "replica"])


def test_healthy(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_unreachable_database_is_503_without_details(client, monkeypatch, caplog):
    secret = "postgres://zib:geheim@db.intern:5432/zib"

    def fail():
        raise OperationalError(f"could not connect to {secret}")

    monkeypatch.setitem(health.CHECKS, "database", fail)
    with caplog.at_level(logging.ERROR, logger="zib_wagtail.ops.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert b"geheim" not in response.content
    assert "Health check database failed" in caplog.text  # the details go to the log


def test_unreachable_cache_is_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:geheim@127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")

    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "error", "database": "ok", "cache": "error"}
    assert b"geheim" not in response.content


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
