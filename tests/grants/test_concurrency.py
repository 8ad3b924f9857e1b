"""Concurrent submissions on PostgreSQL: 50 applications get 50 consecutive numbers; the same
form or Idempotency-Key sent twice at once is stored once.

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


PAIRS = 10


def _race(posts):
    """Run the `posts` (callables returning a response) at the same moment, one thread and one
    database connection each; return their responses in order."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    errors = []

    def run(index, post):
        try:
            barrier.wait(timeout=30)
            responses[index] = post()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return responses


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_form_sent_twice_at_once_is_stored_once(form_page, settings):
    """Double clicks of 10 applicants, each pair at the same moment: 10 applications with
    consecutive numbers, both answers of a pair lead to the same reference."""
    from grants import tokens

    settings.ZIB_GRANTS_RATE_LIMIT = (PAIRS * 4, 3600)
    clients = [Client(REMOTE_ADDR=f"127.0.2.{i + 1}") for i in range(PAIRS)]
    form_tokens = [tokens.issue_form_token(form_page.get_current_round()) for _ in range(PAIRS)]

    def post(index):
        data = valid_data(organisation_name=f"Verein {index}", submission_token=form_tokens[index])
        return lambda: clients[index].post(FORM_URL, data)

    responses = _race([post(index) for index in range(PAIRS) for _twice in range(2)])
    assert [response.status_code for response in responses] == [302] * (2 * PAIRS)
    numbers = sorted(GrantApplication.objects.values_list("reference_number", flat=True))
    assert numbers == list(range(1, PAIRS + 1))
    for index, client in enumerate(clients):
        application = GrantApplication.objects.get(organisation_name=f"Verein {index}")
        confirmation = client.get(responses[2 * index]["Location"]).content.decode()
        assert application.reference in confirmation


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_idempotency_key_sent_twice_at_once_is_stored_once(form_page, settings):
    settings.ZIB_GRANTS_RATE_LIMIT = (PAIRS * 4, 3600)

    def post(index):
        data = valid_data(organisation_name=f"Verein {index}")
        headers = {"Idempotency-Key": f"schluessel-{index}"}
        return lambda: Client().post("/api/v1/grant-applications/", data, headers=headers)

    responses = _race([post(index) for index in range(PAIRS) for _twice in range(2)])
    assert [response.status_code for response in responses] == [201] * (2 * PAIRS)
    for index in range(PAIRS):
        first, second = responses[2 * index], responses[2 * index + 1]
        assert first.json() == second.json()
        # Exactly one of the two is the stored answer of the other.
        assert {first.get("Idempotent-Replayed"), second.get("Idempotent-Replayed")} == {
            None,
            "true",
        }
    numbers = sorted(GrantApplication.objects.values_list("reference_number", flat=True))
    assert numbers == list(range(1, PAIRS + 1))
