"""Delivering the outbox: signed HTTP POSTs with retries, an attempt log and auto-disabling.

A delivery is tried once right after the commit (by the `deliver_webhook` task) and then, while it
fails, again after each wait of the retry schedule (conf.retry_schedule()): by the task backend
when it can defer tasks, otherwise by `manage.py deliver_webhooks` from cron. After the last wait
it gives up; after conf.max_failures() given-up deliveries in a row the endpoint is disabled.
Nothing here ever raises into the code that published the change.

A test event („ping“, `send_ping`) goes the same way to one endpoint, but is tried once only and
leaves the endpoint's failure count alone: it tells the editor whether the receiver works now.
"""

import json
import logging
import time
import uuid
from datetime import UTC

import requests
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from standardwebhooks import Webhook

from . import conf
from .models import PING, WebhookAttempt, WebhookDelivery, WebhookEndpoint, rfc3339

logger = logging.getLogger(__name__)

EXCERPT_LENGTH = 500


def payload(change):
    """The thin body of a webhook: what changed and where to fetch it, never content."""
    return {
        "type": change.event,
        "timestamp": rfc3339(change.created_at),
        "data": change.as_item(),
    }


def message_id(change):
    """The `webhook-id`: the same for every attempt, so receivers can drop duplicates."""
    return f"msg_{change.event_id.hex}"


#: The `hint` of a test event.
PING_HINT = (
    "Test event sent from the ZIB admin. Nothing has changed; "
    "answer with any 2xx status to confirm that this endpoint works."
)


def ping_payload(delivery):
    """The body of a test event: which endpoint it was sent to, and when."""
    sent = rfc3339(delivery.created_at)
    return {
        "type": PING,
        "timestamp": sent,
        "data": {
            "event": PING,
            "endpoint": {"id": delivery.endpoint.pk, "name": delivery.endpoint.name},
            "occurred_at": sent,
            "hint": PING_HINT,
        },
    }


def _message(delivery):
    """The `webhook-id` and the body of what `delivery` sends: its change, or a test event."""
    if delivery.is_ping:
        return f"msg_{delivery.ping_id.hex}", ping_payload(delivery)
    return message_id(delivery.change), payload(delivery.change)


def signed_request(endpoint, change, now):
    """Body (str) and headers of the request, signed per the Standard Webhooks spec."""
    return _signed(endpoint, message_id(change), payload(change), now)


def _signed(endpoint, msg_id, data, now):
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    sent_at = now.astimezone(UTC)
    signature = Webhook(endpoint.secret).sign(msg_id, sent_at, body)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": conf.user_agent(),
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
    }
    return body, headers


def _post(url, body, headers):
    """POST and return (status code, response excerpt); raises requests' errors."""
    timeout = conf.timeout()
    with requests.post(
        url,
        data=body.encode("utf-8"),
        headers=headers,
        timeout=(timeout, timeout),
        allow_redirects=False,
        stream=True,
    ) as response:
        excerpt = response.raw.read(EXCERPT_LENGTH, decode_content=True) or b""
        return response.status_code, excerpt.decode("utf-8", "replace")


def deliver(delivery_id, now=None, force=False):
    """Try one delivery now (if due, or `force`); return its new status, or None if skipped."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            # Only the delivery's row: a test event has no change, so the join to it is an
            # outer one, which PostgreSQL cannot lock.
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint", "change")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:  # gone, or another worker is on it
            return None
        endpoint = delivery.endpoint
        if not force and (
            delivery.status in {WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.GAVE_UP}
            or not endpoint.is_active
            or (delivery.next_attempt_at and delivery.next_attempt_at > now)
        ):
            return None
        _attempt(delivery, endpoint, now)
        return delivery.status


def _attempt(delivery, endpoint, now):
    body, headers = _signed(endpoint, *_message(delivery), now)
    started = time.monotonic()
    status_code, excerpt, error = None, "", ""
    try:
        status_code, excerpt = _post(endpoint.url, body, headers)
    except Exception as exc:  # timeouts, refused connections, TLS and DNS errors alike
        error = f"{type(exc).__name__}: {exc}"[:2000]
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not succeeded:
        error = f"HTTP {status_code}"
    WebhookAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        succeeded=succeeded,
        status_code=status_code,
        duration_ms=duration_ms,
        error=error,
        response_excerpt=excerpt,
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status_code
    delivery.last_error = error
    if succeeded:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        if not delivery.is_ping:  # a test event says nothing about the real deliveries
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
    else:
        logger.warning("Webhook delivery %s to %s failed: %s", delivery.pk, endpoint.url, error)
        schedule = conf.retry_schedule()
        if delivery.is_ping:  # tried once; never counted towards disabling the endpoint
            delivery.status = WebhookDelivery.Status.GAVE_UP
            delivery.next_attempt_at = None
        elif delivery.attempts > len(schedule):
            delivery.status = WebhookDelivery.Status.GAVE_UP
            delivery.next_attempt_at = None
            _count_failure(endpoint, now)
        else:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = now + schedule[delivery.attempts - 1]
    delivery.save()
    if delivery.status == WebhookDelivery.Status.FAILED:
        transaction.on_commit(lambda: queue([delivery], run_after=delivery.next_attempt_at))


def send_ping(endpoint, now=None):
    """Send a test event to `endpoint` alone, right now (also when it is inactive).

    Recorded as a delivery of the endpoint (with its attempt), never as a change; returns the
    delivery, its status is the outcome (SUCCEEDED, or GAVE_UP: a test event is not retried).
    """
    delivery = WebhookDelivery.objects.create(endpoint=endpoint, ping_id=uuid.uuid4())
    deliver(delivery.pk, now=now, force=True)
    delivery.refresh_from_db()
    return delivery


def _count_failure(endpoint, now):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    endpoint.refresh_from_db(fields=["consecutive_failures"])
    limit = conf.max_failures()
    if endpoint.consecutive_failures >= limit:
        reason = f"{endpoint.consecutive_failures} Zustellungen in Folge aufgegeben."
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            is_active=False, disabled_at=now, disabled_reason=reason
        )
        logger.error("Webhook endpoint %s disabled: %s", endpoint.pk, reason)


def queue(deliveries, run_after=None):
    """Hand deliveries to the task backend after the commit; never raises.

    A retry (`run_after`) is only queued when the backend can defer tasks; otherwise, and
    whenever queueing fails, `deliver_webhooks` (cron) picks the delivery up when it is due.
    """
    ids = [delivery.pk for delivery in deliveries]

    def enqueue():
        from .tasks import deliver_webhook

        for delivery_id in ids:
            try:
                task = deliver_webhook
                if run_after is not None:
                    if not task.get_backend().supports_defer:
                        continue
                    task = task.using(run_after=run_after)
                task.enqueue(delivery_id)
            except Exception:
                logger.exception("Could not queue webhook delivery %s", delivery_id)

    transaction.on_commit(enqueue, robust=True)


def due(now=None):
    """Deliveries of active endpoints that wait for an attempt now."""
    now = now or timezone.now()
    return (
        WebhookDelivery.objects.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.FAILED],
            endpoint__is_active=True,
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("pk")
    )


def deliver_due(now=None):
    """Try every due delivery once; return (succeeded, failed)."""
    now = now or timezone.now()
    succeeded = failed = 0
    for delivery_id in due(now).values_list("pk", flat=True):
        status = deliver(delivery_id, now=now)
        if status == WebhookDelivery.Status.SUCCEEDED:
            succeeded += 1
        elif status is not None:
            failed += 1
    return succeeded, failed
