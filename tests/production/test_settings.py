"""Production settings come from the environment: what they choose, and failing fast."""

import json

import pytest

from tests.test_deploy_check import manage, production_env

SHOW = """
import json
from django.conf import settings as s
print(json.dumps({
    "db": [s.DATABASES["default"]["ENGINE"], s.DATABASES["default"]["CONN_MAX_AGE"],
           s.DATABASES["default"]["CONN_HEALTH_CHECKS"]],
    "cache": s.CACHES["default"]["BACKEND"],
    "cache_location": s.CACHES["default"]["LOCATION"],
    "renditions": s.CACHES["renditions"]["BACKEND"],
    "tasks": s.TASKS["default"]["BACKEND"],
    "media": s.STORAGES["default"]["BACKEND"],
    "media_options": s.STORAGES["default"].get("OPTIONS", {}),
    "static": s.STORAGES["staticfiles"]["BACKEND"],
    "frontend_cache": getattr(s, "WAGTAILFRONTENDCACHE", {}),
    "request_log": s.LOGGING["loggers"]["zib.requests"]["level"],
    "apps": "django_tasks_db" in s.INSTALLED_APPS,
    "replica": [s.DATABASES["replica"][key]
                for key in ("HOST", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")]
    if "replica" in s.DATABASES else None,
    "routers": s.DATABASE_ROUTERS,
}))
"""


def show(tmp_path, **overrides):
    result = manage("shell", "-c", SHOW, env=production_env(tmp_path, **overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults(tmp_path):
    values = show(tmp_path, DATABASE_URL="postgres://zib@db.example:5432/zib")

    assert values["db"] == ["django.db.backends.postgresql", 60, True]
    assert values["cache"] == "zib_wagtail.ops.redis_cache.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/5"
    assert values["renditions"] == "zib_wagtail.ops.redis_cache.RedisCache"
    assert values["tasks"] == "django_tasks_db.DatabaseBackend"
    assert values["apps"] is True
    assert values["media"] == "django.core.files.storage.FileSystemStorage"
    assert values["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert values["frontend_cache"] == {}
    assert values["request_log"] == "INFO"


def test_s3_media_and_cdn_purge(tmp_path):
    values = show(
        tmp_path,
        ZIB_MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="zib-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        ZIB_FRONTEND_CACHE_URL="http://cdn-purge.internal:8080",
        DATABASE_CONN_MAX_AGE="0",
    )

    assert values["media"] == "storages.backends.s3.S3Storage"
    assert values["media_options"]["bucket_name"] == "zib-media"
    assert values["media_options"]["endpoint_url"] == "https://s3.example.org"
    assert values["frontend_cache"]["default"]["LOCATION"] == "http://cdn-purge.internal:8080"
    assert values["db"][1] == 0


@pytest.mark.parametrize(
    "missing, overrides",
    [
        ("REDIS_URL", {"REDIS_URL": None}),
        ("DATABASE_URL", {"DATABASE_URL": None}),
        ("WAGTAILADMIN_BASE_URL", {"WAGTAILADMIN_BASE_URL": None}),
        ("AWS_STORAGE_BUCKET_NAME", {"ZIB_MEDIA_STORAGE": "s3"}),
        ("ZIB_MEDIA_STORAGE", {"ZIB_MEDIA_STORAGE": "ftp"}),
    ],
)
def test_missing_or_wrong_variables_fail_fast(tmp_path, missing, overrides):
    result = manage("check", env=production_env(tmp_path, **overrides))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_gunicorn_prepares_the_workers_in_the_master(monkeypatch):
    """`when_ready` (in the master, before the first fork) loads the search dictionary and
    freezes the heap, so that the workers share both."""
    import gc
    import runpy

    from django.conf import settings

    from search import german

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(german, "_dictionary", None)
    config = runpy.run_path(str(settings.BASE_DIR / "zib_wagtail" / "gunicorn.conf.py"))

    config["when_ready"](None)

    assert german._dictionary is not None
    assert frozen == [True]


def test_gunicorn_configuration_loads(monkeypatch):
    import runpy

    from django.conf import settings

    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    config = runpy.run_path(str(settings.BASE_DIR / "zib_wagtail" / "gunicorn.conf.py"))

    assert config["workers"] == 2
    assert config["worker_class"] == "gthread"
    assert config["preload_app"] is True
    assert config["wsgi_app"] == "zib_wagtail.wsgi:application"
