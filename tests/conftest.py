import os

import pytest
from django.db import connection

USES_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` belong to the PostgreSQL run (`make test-postgres`) only.

    They are deselected, not skipped, on SQLite; CI runs both, and the PostgreSQL run fails
    (it does not skip) when the server is unreachable.
    """
    if USES_POSTGRES:
        return
    selected = [item for item in items if "postgres" not in item.keywords]
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(scope="session", autouse=True)
def _database_is_the_configured_one(django_db_setup, django_db_blocker):
    """Fail loudly when DATABASE_URL asks for PostgreSQL but the tests would run elsewhere."""
    if USES_POSTGRES:
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql", connection.vendor
