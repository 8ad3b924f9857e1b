"""Two app servers, one site (issue 18): the short version of bench/two_servers.py.

Two gunicorn instances with the production settings and two `db_worker` processes run against
pytest-django's PostgreSQL database (the content is built here and committed:
transaction=True; serialized_rollback restores what the migrations made for later tests), a
Redis database of their own, moto's S3 server, an SMTP sink and a webhook receiver, all on
127.0.0.1. `make test-postgres` runs it; the full version is part of `make bench`.
"""

import importlib
import os
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.builders import make_home_page, make_standard_page
from tests.grants.builders import build_grants_tree, open_round_now

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
IN_CI = os.environ.get("CI", "").lower() == "true"
#: A Redis database of the scenario's own (the suite's are 5 and up, one per xdist worker).
REDIS_DATABASE = 12


def unavailable(message):
    if IN_CI:
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture
def two_servers():
    """bench/two_servers.py, with what it needs present (in CI: or fail)."""
    for module in ("moto", "aiosmtpd", "boto3"):
        try:
            importlib.import_module(module)
        except ImportError:
            unavailable(f"{module} is missing: pip install -e '.[dev]'")
    sys.path.insert(0, str(BENCH_DIR))
    try:
        return importlib.import_module("two_servers")
    finally:
        sys.path.remove(str(BENCH_DIR))


@pytest.fixture
def redis_url():
    import redis

    base = os.environ["ZIB_TEST_REDIS_URL"].rstrip("/").rpartition("/")[0]
    url = f"{base}/{REDIS_DATABASE}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        unavailable(f"Redis at {url} is unreachable: {error}")
    return url


def database_url():
    """pytest-django's database, as DATABASE_URL for the servers."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def static_root(tmp_path, settings):
    """The static files with their manifest, as production's storage reads them, collected
    without whitenoise's compression (which takes a minute; the servers do not need it)."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_app_servers_share_one_site(two_servers, redis_url, static_root, tmp_path):
    home = make_home_page()
    for title in ("Über das ZIB", "Kontakt"):
        make_standard_page(home, title, show_in_menus=True)
    form_page = build_grants_tree(home)["antrag"]
    open_round_now()
    size = two_servers.SHORT

    with two_servers.Deployment(
        database_url(), redis_url, tmp_path / "site", static_root, size
    ) as deployment:
        prepared = two_servers.prepare_site(deployment.receiver.url, size)
        deployment.start()
        figures = two_servers.run_scenario(deployment, prepared, form_page.get_url())

    assert figures["sessions"]["admin_on_b_with_session_of_a"] == 200
    assert figures["rate_limit"]["after_limit_b_a"] == [429, 429]
    assert figures["publish"]["publishes"] == size.publishes
    assert figures["attachments"] == {
        "attachments": size.applications,
        "in_bucket": 0,
        "anonymous": 302,
        "editor": 302,  # Wagtail's refusal: back to the dashboard with a message
        "clerk": 200,
    }
    deliveries = figures["deliveries"]
    assert deliveries["mails_arrived"] == deliveries["mails"] == 2 * size.applications
    assert deliveries["webhooks_arrived"] == deliveries["webhooks"]
    assert deliveries["webhooks"] == size.publishes + size.scheduled + size.expired
    assert figures["scheduled"]["published_once"] == size.scheduled
    assert figures["scheduled"]["unpublished_once"] == size.expired
