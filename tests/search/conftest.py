"""Fixtures of the search tests: the demo site and a builder for searchable pages."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from home.models import HomePage
from tests.search.helpers import paragraph_stream
from zib_wagtail.core.models import StandardPage


@pytest.fixture(scope="module")
def _demo_content(django_db_setup, django_db_blocker):
    """The demo site, loaded once per test module inside a transaction rolled back at its end.

    Each test runs in its own savepoint inside it (pytest-django's `db`), so tests may change
    pages freely; loading the demo content once keeps the module fast.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_zib_content", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_home(_demo_content, db):
    """The home page of the demo site (loaded and indexed by the real management command)."""
    return HomePage.objects.get(depth=2, locale__language_code=settings.LANGUAGE_CODE)


@pytest.fixture
def add_page(demo_home):
    """Add a StandardPage below the home page; published unless `publish=False`."""

    def add(title, intro="", body_html="", *, slug=None, parent=None, publish=True):
        page = StandardPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            intro=intro,
            body=paragraph_stream(body_html) if body_html else "[]",
            live=publish,
        )
        (parent or demo_home).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        page.refresh_from_db()
        return page

    return add
