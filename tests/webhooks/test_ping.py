"""„Test-Ereignis senden“: a signed `ping` to one endpoint, from the admin, through real requests
(Django's test client for the admin, a real HTTP receiver on 127.0.0.1 for the webhook)."""

import datetime
import re
import socket

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from standardwebhooks import Webhook
from wagtail.users.models import UserProfile

from tests.webhooks.conftest import Receiver
from zib_wagtail.webhooks import delivery
from zib_wagtail.webhooks.models import ContentChange, WebhookDelivery, WebhookEndpoint
from zib_wagtail.webhooks.verify_example import handle_webhook

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
FEED = "/api/v1/changes/"


@pytest.fixture
def admin(client, django_user_model, db):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def other_receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def ping_url(endpoint):
    return f"/admin/webhooks_endpoints/ping/{endpoint.pk}/"


def inspect_url(endpoint):
    return f"/admin/webhooks_endpoints/inspect/{endpoint.pk}/"


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


def test_ping_reaches_that_endpoint_only_signed_and_logged(
    admin, receiver, other_receiver, endpoint, make_endpoint
):
    other = make_endpoint(other_receiver.url, name="Nachbarportal")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=3)
    changes = ContentChange.last_id()

    response = admin.post(ping_url(endpoint))

    assert response.status_code == 302 and response["Location"] == inspect_url(endpoint)
    assert other_receiver.requests == []
    (request,) = receiver.requests
    headers = request["headers"]
    event = Webhook(endpoint.secret).verify(request["body"], headers)
    assert handle_webhook(request["body"], headers, secret=endpoint.secret) == event
    sent = WebhookDelivery.objects.get()
    assert event == {
        "type": "ping",
        "timestamp": event["data"]["occurred_at"],
        "data": {
            "event": "ping",
            "endpoint": {"id": endpoint.pk, "name": "Stadtportal"},
            "occurred_at": event["data"]["occurred_at"],
            "hint": delivery.PING_HINT,
        },
    }
    assert RFC3339.match(event["timestamp"])
    assert datetime.datetime.fromisoformat(event["timestamp"]) == sent.created_at
    assert headers["webhook-id"] == f"msg_{sent.ping_id.hex}"
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "ZIB-Webhooks/1"
    with pytest.raises(Exception):  # noqa: B017 - any verification error
        Webhook(other.secret).verify(request["body"], headers)

    # Recorded like any delivery of the endpoint, but no change.
    assert sent.endpoint == endpoint and sent.change is None and sent.event == "ping"
    assert sent.status == WebhookDelivery.Status.SUCCEEDED and sent.last_status_code == 200
    (attempt,) = sent.attempt_log.all()
    assert attempt.succeeded and attempt.status_code == 200 and attempt.response_excerpt == "ok"
    assert ContentChange.last_id() == changes
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 3  # a test event leaves the count alone

    page = admin.get(response["Location"])
    assert any(
        "Test-Ereignis an „Stadtportal“ zugestellt: HTTP 200." in m for m in shown_messages(page)
    )
    assert f"/admin/webhooks_deliveries/inspect/{sent.pk}/" in page.text  # log and message
    assert ">ping</a>" in page.text


def test_get_shows_a_form_and_sends_nothing(admin, receiver, endpoint):
    response = admin.get(ping_url(endpoint))
    assert response.status_code == 200
    assert "Test-Ereignis senden" in response.text
    assert endpoint.url in response.text
    assert re.search(
        rf'<form method="post" action="{re.escape(ping_url(endpoint))}">', response.text
    )
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert endpoint.secret not in response.text
    assert "Dieser Empfänger ist deaktiviert" not in response.text
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_post_without_csrf_token_is_refused(django_user_model, receiver, endpoint):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(ping_url(endpoint)).status_code == 403
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_listing_edit_and_inspect_offer_the_test_event(admin, endpoint):
    for url in (
        "/admin/webhooks_endpoints/",
        f"/admin/webhooks_endpoints/edit/{endpoint.pk}/",
        inspect_url(endpoint),
    ):
        response = admin.get(url)
        assert response.status_code == 200
        assert ping_url(endpoint) in response.text, url
        assert "Test-Ereignis senden" in response.text, url


def test_users_without_the_change_permission_are_refused(client, editor, receiver, endpoint):
    editor.user_permissions.add(Permission.objects.get(codename="view_webhookendpoint"))
    client.force_login(editor)
    for response in (client.get(ping_url(endpoint)), client.post(ping_url(endpoint))):
        # Wagtail's usual refusal: back to the dashboard with its message.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()
    inspect = client.get(inspect_url(endpoint))
    assert inspect.status_code == 200 and ping_url(endpoint) not in inspect.text

    client.logout()
    response = client.post(ping_url(endpoint))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert receiver.requests == []


def test_the_change_permission_allows_the_test_event(client, editor, receiver, endpoint):
    editor.user_permissions.add(
        Permission.objects.get(codename="change_webhookendpoint"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(editor)
    assert client.post(ping_url(endpoint)).status_code == 302
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SUCCEEDED


def test_receiver_error_is_reported_logged_and_not_retried(admin, receiver, endpoint):
    receiver.status = 500
    response = admin.post(ping_url(endpoint), follow=True)

    assert response.status_code == 200
    assert any(
        "Test-Ereignis an „Stadtportal“ nicht zugestellt: HTTP 500" in m
        for m in shown_messages(response)
    )
    failed = WebhookDelivery.objects.get()
    assert failed.status == WebhookDelivery.Status.GAVE_UP
    assert failed.attempts == 1 and failed.last_status_code == 500
    assert failed.next_attempt_at is None
    (attempt,) = failed.attempt_log.all()
    assert not attempt.succeeded and attempt.status_code == 500 and attempt.error == "HTTP 500"
    # Tried once: no retry later, and the endpoint's failure count is untouched.
    assert delivery.deliver_due(now=timezone.now() + datetime.timedelta(days=2)) == (0, 0)
    assert len(receiver.requests) == 1
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0


def test_refused_connection_is_reported_not_a_server_error(admin, make_endpoint):
    endpoint = make_endpoint(closed_port_url())
    response = admin.post(ping_url(endpoint), follow=True)
    assert response.status_code == 200
    (message,) = [m for m in shown_messages(response) if "nicht zugestellt" in m]
    assert "ConnectionError" in message
    failed = WebhookDelivery.objects.get()
    assert failed.status == WebhookDelivery.Status.GAVE_UP and failed.last_status_code is None
    (attempt,) = failed.attempt_log.all()
    assert not attempt.succeeded and "ConnectionError" in attempt.error


def test_an_inactive_endpoint_can_be_tested_and_stays_inactive(admin, receiver, endpoint):
    endpoint.is_active = False
    endpoint.save()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        disabled_at=timezone.now(), disabled_reason="10 Zustellungen in Folge aufgegeben."
    )
    assert "Dieser Empfänger ist deaktiviert" in admin.get(ping_url(endpoint)).text

    response = admin.post(ping_url(endpoint), follow=True)
    shown = shown_messages(response)
    assert any("zugestellt: HTTP 200" in m for m in shown)
    assert any("„Stadtportal“ ist deaktiviert" in m for m in shown)
    assert len(receiver.requests) == 1
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at is not None


def test_ping_is_no_change_of_the_feed(admin, client, receiver, endpoint):
    before = client.get(FEED, {"since": "0", "limit": 500}).json()
    admin.post(ping_url(endpoint))
    assert len(receiver.requests) == 1
    after = client.get(FEED, {"since": "0", "limit": 500}).json()
    assert after == before
    assert all(item["event"] != "ping" for item in after["items"])
    response = client.get(FEED, {"since": str(ContentChange.last_id() + 1)})
    assert response.status_code == 400  # no cursor was handed out for it


def test_a_ping_in_the_delivery_log_and_redelivered(admin, receiver, endpoint):
    admin.post(ping_url(endpoint))
    sent = WebhookDelivery.objects.get()
    listing = admin.get("/admin/webhooks_deliveries/")
    assert listing.status_code == 200 and "Test-Ereignis" in listing.text
    inspect = admin.get(f"/admin/webhooks_deliveries/inspect/{sent.pk}/")
    assert inspect.status_code == 200 and "ping" in inspect.text

    # „Erneut zustellen“ sends the same message again (same webhook-id).
    assert admin.post(f"/admin/webhooks_deliveries/{sent.pk}/redeliver/").status_code == 302
    assert len(receiver.requests) == 2
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1
    sent.refresh_from_db()
    assert sent.attempts == 2 and sent.status == WebhookDelivery.Status.SUCCEEDED


def test_each_ping_is_a_new_message(admin, receiver, endpoint):
    admin.post(ping_url(endpoint))
    admin.post(ping_url(endpoint))
    assert WebhookDelivery.objects.filter(endpoint=endpoint, change=None).count() == 2
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 2


def test_unknown_endpoint_is_not_found(admin, db):
    assert admin.get("/admin/webhooks_endpoints/ping/999999/").status_code == 404
    assert admin.post("/admin/webhooks_endpoints/ping/999999/").status_code == 404


def test_the_admin_in_english_speaks_english(client, django_user_model, receiver, endpoint):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    assert "Send test event" in client.get(ping_url(endpoint)).text
    response = client.post(ping_url(endpoint), follow=True)
    assert any(
        "Test event to “Stadtportal” delivered: HTTP 200." in m for m in shown_messages(response)
    )
