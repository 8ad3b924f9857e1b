"""50 concurrent submissions on PostgreSQL: 50 applications, 50 consecutive numbers.

Each thread has its own database connection, so the test commits for real
(transaction=True); serialized_rollback restores the groups and pages that migrations
created, for the tests that run after it.
"""

import threading

import pytest
from django.db import connections
from django.test import Client

from grants.models import GrantApplication

from .conftest import FORM_URL, valid_data

N = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_submissions_get_distinct_consecutive_numbers(form_page, settings):
    settings.ZIB_GRANTS_RATE_LIMIT = (N * 2, 3600)
    barrier = threading.Barrier(N)
    statuses = []
    errors = []

    def submit(index):
        try:
            client = Client(REMOTE_ADDR=f"127.0.1.{index + 1}")
            data = valid_data(organisation_name=f"Verein {index}")
            barrier.wait(timeout=30)
            statuses.append(client.post(FORM_URL, data).status_code)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(N)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * N
    numbers = sorted(GrantApplication.objects.values_list("reference_number", flat=True))
    assert numbers == list(range(1, N + 1))
    references = set(GrantApplication.objects.values_list("reference", flat=True))
    assert len(references) == N
    assert "ZIB-2026-0050" in references
