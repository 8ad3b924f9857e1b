"""The PostgreSQL run (`make test-postgres`): the right database, and search works on it."""

import pytest
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


@pytest.mark.postgres
def test_runs_on_postgresql_and_the_search_backend_finds_pages(demo_site):
    assert connection.vendor == "postgresql"

    results = get_search_backend().search("Bildungswerkstatt", Page.objects.live())

    assert "bildungswerkstatt" in {page.slug for page in results}
    assert "kontakt" not in {page.slug for page in results}
