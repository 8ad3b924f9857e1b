"""Webhook deliveries against a real HTTP receiver on 127.0.0.1 (see conftest.Receiver)."""

import datetime
import json
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks import Webhook
from wagtail.models import Locale

from grants.models import FundingRound
from tests import builders
from zib_wagtail.webhooks import conf, delivery, tasks
from zib_wagtail.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

SECOND = datetime.timedelta(seconds=1)


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def publish_project(project_index, django_capture_on_commit_callbacks):
    def publish_new(title="Bildungswerkstatt", index=None):
        page = builders.make_project(index or project_index, title, live=False)
        return publish(page, django_capture_on_commit_callbacks)

    return publish_new


def only_delivery():
    return WebhookDelivery.objects.select_related("change").get()


def test_delivery_is_signed_per_standard_webhooks(receiver, endpoint, publish_project):
    page = publish_project()

    (request,) = receiver.requests
    headers = request["headers"]
    event = Webhook(endpoint.secret).verify(request["body"], headers)
    assert event["type"] == "page.published"
    assert event["data"]["id"] == page.pk
    assert event["data"]["api_url"] == f"http://localhost/api/v1/pages/{page.pk}/"
    assert set(event["data"]) == {
        "cursor", "event", "object_type", "id", "type", "locale", "url", "previous_url",
        "api_url", "occurred_at",
    }  # fmt: skip
    assert headers["webhook-id"] == f"msg_{only_delivery().change.event_id.hex}"
    assert headers["Content-Type"] == "application/json"
    with pytest.raises(Exception):  # noqa: B017 - any verification error
        Webhook(WebhookEndpoint._meta.get_field("secret").default()).verify(
            request["body"], headers
        )

    sent = only_delivery()
    assert sent.status == WebhookDelivery.Status.SUCCEEDED
    assert sent.attempts == 1 and sent.last_status_code == 200
    (attempt,) = sent.attempt_log.all()
    assert attempt.succeeded and attempt.status_code == 200 and attempt.response_excerpt == "ok"


def test_the_documented_verification_accepts_a_real_delivery(receiver, endpoint, publish_project):
    from zib_wagtail.webhooks.verify_example import handle_webhook

    publish_project()
    (request,) = receiver.requests
    event = handle_webhook(request["body"], request["headers"], secret=endpoint.secret)
    assert event["type"] == "page.published"
    tampered = request["body"].replace(b"page.published", b"page.deleted")
    assert handle_webhook(tampered, request["headers"], secret=endpoint.secret) is None


def test_failing_receiver_is_retried_with_backoff_until_it_works(
    receiver, endpoint, publish_project
):
    receiver.status = 500
    publish_project()
    failed = only_delivery()
    assert failed.status == WebhookDelivery.Status.FAILED
    assert failed.last_status_code == 500 and failed.last_error == "HTTP 500"
    first_try = failed.last_attempt_at
    schedule = conf.retry_schedule()
    assert failed.next_attempt_at == first_try + schedule[0]

    # Not due yet: nothing is sent.
    assert delivery.deliver_due(now=failed.next_attempt_at - SECOND) == (0, 0)
    assert len(receiver.requests) == 1

    now = failed.next_attempt_at
    assert delivery.deliver_due(now=now) == (0, 1)
    retried = only_delivery()
    assert retried.attempts == 2
    assert retried.next_attempt_at == now + schedule[1]

    receiver.status = 200
    assert delivery.deliver_due(now=retried.next_attempt_at) == (1, 0)
    done = only_delivery()
    assert done.status == WebhookDelivery.Status.SUCCEEDED and done.attempts == 3
    assert len(receiver.requests) == 3
    assert [a.succeeded for a in WebhookAttempt.objects.order_by("pk")] == [False, False, True]
    # Every attempt carries the same webhook-id, so the receiver can drop duplicates.
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1


def test_schedule_spans_about_a_day_then_gives_up(receiver, endpoint, publish_project):
    receiver.status = 503
    publish_project()
    schedule = conf.retry_schedule()
    assert (
        datetime.timedelta(hours=20)
        < sum(schedule, datetime.timedelta())
        < datetime.timedelta(hours=30)
    )
    for _wait in schedule:
        delivery.deliver_due(now=only_delivery().next_attempt_at)
    gave_up = only_delivery()
    assert gave_up.status == WebhookDelivery.Status.GAVE_UP
    assert gave_up.attempts == len(schedule) + 1
    assert gave_up.next_attempt_at is None
    assert delivery.deliver_due(now=timezone.now() + datetime.timedelta(days=30)) == (0, 0)
    assert WebhookEndpoint.objects.get().consecutive_failures == 1


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def test_closed_port_is_a_failed_attempt(make_endpoint, publish_project):
    make_endpoint(closed_port_url())
    page = publish_project()
    assert page.live
    failed = only_delivery()
    assert failed.status == WebhookDelivery.Status.FAILED
    assert failed.last_status_code is None
    assert "ConnectionError" in failed.last_error
    (attempt,) = failed.attempt_log.all()
    assert not attempt.succeeded and "ConnectionError" in attempt.error


def test_slow_receiver_times_out(settings, receiver, endpoint, publish_project):
    settings.ZIB_WEBHOOKS_TIMEOUT = 0.2
    receiver.slow = True
    page = publish_project()
    receiver.release.set()
    assert page.live
    failed = only_delivery()
    assert failed.status == WebhookDelivery.Status.FAILED
    assert "Timeout" in failed.last_error


def test_endpoint_is_disabled_after_repeated_failures(
    settings, receiver, endpoint, publish_project
):
    settings.ZIB_WEBHOOKS_MAX_FAILURES = 2
    settings.ZIB_WEBHOOKS_RETRY_SCHEDULE = [datetime.timedelta(minutes=1)]
    receiver.status = 500
    publish_project("Eins"), publish_project("Zwei")
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert delivery.deliver_due(now=later) == (0, 2)

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.consecutive_failures == 2
    assert endpoint.disabled_at == later and "2 Zustellungen" in endpoint.disabled_reason
    # A disabled endpoint gets no new deliveries.
    publish_project("Drei")
    assert WebhookDelivery.objects.count() == 2
    assert len(receiver.requests) == 4

    # Switched on again in the admin: a clean slate.
    endpoint.is_active = True
    endpoint.save()
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0 and endpoint.disabled_at is None


def test_a_success_resets_the_failure_count(settings, receiver, endpoint, publish_project):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=5)
    publish_project()
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0


def test_publishing_is_unaffected_when_the_task_backend_raises(
    monkeypatch, receiver, endpoint, publish_project
):
    class BrokenTask:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("task backend down")

    monkeypatch.setattr(tasks, "deliver_webhook", BrokenTask())
    page = publish_project()
    assert page.live
    pending = only_delivery()
    assert pending.status == WebhookDelivery.Status.PENDING and receiver.requests == []

    # cron picks it up
    out = StringIO()
    call_command("deliver_webhooks", "--dry-run", stdout=out)
    assert "1 due" in out.getvalue() and receiver.requests == []
    call_command("deliver_webhooks", stdout=out)
    assert "1 delivered" in out.getvalue()
    assert only_delivery().status == WebhookDelivery.Status.SUCCEEDED


def test_publishing_is_unaffected_when_delivery_itself_raises(
    monkeypatch, receiver, endpoint, publish_project
):
    def broken(*args, **kwargs):
        raise RuntimeError("bug in delivery")

    monkeypatch.setattr(delivery, "deliver", broken)
    page = publish_project()
    assert page.live


def test_locale_filter(receiver, make_endpoint, publish_project):
    english, _created = Locale.objects.get_or_create(language_code="en")
    make_endpoint(receiver.url, name="Nur Englisch", locale=english)
    german = make_endpoint(receiver.url, name="Nur Deutsch", locale=Locale.get_default())
    publish_project()
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [german.pk]


def test_subtree_filter(receiver, make_endpoint, home_page, project_index, publish_project):
    other = builders.make_project_index(home_page, title="Archiv", slug="archiv")
    below_projects = make_endpoint(receiver.url, name="Projekte", root_page=project_index)
    make_endpoint(receiver.url, name="Archiv", root_page=other)
    publish_project()
    assert list(WebhookDelivery.objects.values_list("endpoint", flat=True)) == [below_projects.pk]


def test_a_subtree_filter_hears_of_a_page_moving_out_and_in(
    receiver, make_endpoint, home_page, project_index, publish_project
):
    """Both subtrees' endpoints get the move: the one the page left and the one it entered."""
    other = builders.make_project_index(home_page, title="Archiv", slug="archiv")
    page = publish_project()
    below_projects = make_endpoint(receiver.url, name="Projekte", root_page=project_index)
    archive = make_endpoint(receiver.url, name="Archiv", root_page=other)
    page.move(other, pos="last-child")
    moved = WebhookDelivery.objects.filter(change__event="page.moved", change__object_id=page.pk)
    assert set(moved.values_list("endpoint", flat=True)) == {below_projects.pk, archive.pk}


def test_deleting_the_subtree_page_disables_the_endpoint(receiver, make_endpoint, home_page):
    other = builders.make_project_index(home_page, title="Archiv", slug="archiv")
    endpoint = make_endpoint(receiver.url, root_page=other)
    other.delete()
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.root_page is None


def test_event_filter_and_funding_round_event(
    receiver, make_endpoint, home_page, django_capture_on_commit_callbacks
):
    rounds_only = make_endpoint(receiver.url, events=["funding_round.changed"])
    builders.make_project_index(home_page)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        funding_round = FundingRound.objects.create(
            title="Zuschüsse 2027", year=2027, opens_at=now, closes_at=now + 30 * 86400 * SECOND
        )
    (request,) = receiver.requests
    event = Webhook(rounds_only.secret).verify(request["body"], request["headers"])
    assert event["type"] == "funding_round.changed"
    assert event["data"]["id"] == funding_round.pk
    assert event["data"]["type"] == "grants.FundingRound"


def test_private_pages_are_never_delivered(receiver, endpoint, project_index, publish_project):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=project_index, restriction_type=PageViewRestriction.LOGIN
    )
    before = WebhookDelivery.objects.count()  # the index left the public API (unpublished)
    publish_project()
    assert WebhookDelivery.objects.count() == before
    assert receiver.requests == []


def test_payload_is_thin(receiver, endpoint, publish_project):
    publish_project()
    body = json.loads(receiver.requests[0]["body"])
    assert set(body) == {"type", "timestamp", "data"}
    assert "title" not in json.dumps(body)
