import os
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from pytest_django.fixtures import _get_databases_for_setup

from home.models import HomePage
from tests import builders

USES_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
USES_REDIS = bool(os.environ.get("ZIB_TEST_REDIS_URL"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` (or `redis`) belong to the run that has that service:
    `make test-postgres` sets DATABASE_URL and ZIB_TEST_REDIS_URL.

    They are deselected, not skipped, elsewhere; CI runs both, and the service run fails (it does
    not skip) when the server is unreachable.
    """
    absent = {"postgres"} if not USES_POSTGRES else set()
    if not USES_REDIS:
        absent.add("redis")
    for item in items:
        # pytest-xdist (`--dist loadgroup`): a module's tests stay on one worker, so that its
        # module-scoped demo content loads once; the browser tests share one server.
        item.add_marker(pytest.mark.xdist_group(_worker_group(item)))
    selected = [item for item in items if not absent & set(item.keywords)]
    deselected = [item for item in items if absent & set(item.keywords)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def _worker_group(item):
    path = item.path.relative_to(item.config.rootpath).as_posix()
    return "tests/browser" if path.startswith("tests/browser/") else path


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The site policy the example site applies after `migrate` (`make run` does the same):
    a locale per content language, the editorial roles and the workflow."""
    aliases, _serialized = _get_databases_for_setup(request.session.items)
    if not aliases:  # no selected test uses the database: pytest-django created none
        return
    with django_db_blocker.unblock():
        call_command("zib_setup_locales", verbosity=0)
        call_command("zib_setup_roles", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _database_is_the_configured_one(django_db_setup, django_db_blocker):
    """Fail loudly when DATABASE_URL asks for PostgreSQL but the tests would run elsewhere."""
    if USES_POSTGRES:
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", connection.vendor


# --- Shared fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language, whatever a test before it activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (Wagtail caches site root paths and renditions)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    """The demo content, loaded by the real management command; returns the home page."""
    call_command("load_zib_content", stdout=StringIO())
    return HomePage.objects.get(depth=2, locale__language_code=settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def _demo_content_for_module(django_db_setup, django_db_blocker):
    """The demo content, loaded once per test module inside a transaction rolled back at its end.

    Loading takes about a second; modules with many read-mostly tests share one load through
    `module_demo_site`. Use it only in modules where every test wants the demo content: it stays
    in the database until the module's last test has run.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_zib_content", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def module_demo_site(_demo_content_for_module, db):
    """Like `demo_site`, but loaded once per module; each test's own changes are rolled back
    (the `db` fixture wraps every test in a savepoint, as Django's TestCase does)."""
    return HomePage.objects.get(depth=2, locale__language_code=settings.LANGUAGE_CODE)


@pytest.fixture
def home_page(db):
    """A bare HomePage as root of the default site, without the demo content."""
    return builders.make_home_page()


@pytest.fixture
def project_index(home_page):
    """An empty ProjectIndexPage at /projekte/ below the bare home page."""
    return builders.make_project_index(home_page)


@pytest.fixture
def make_project():
    """The project builder: `make_project(index, title=None, *, topics=(), partners=(), **kw)`."""
    return builders.make_project


@pytest.fixture
def editor(db, django_user_model):
    """A non-superuser in Wagtail's „Editors“ group (created by Wagtail's migrations)."""
    user = django_user_model.objects.create_user(
        username="redakteurin", email="redaktion@example.org", password=builders.EDITOR_PASSWORD
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user
