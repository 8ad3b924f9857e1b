"""E-mails survive a mail server outage: stored, retried, visible and resendable by staff."""

from io import StringIO

import pytest
from django.core.management import call_command

from grants.models import GrantApplication, MailDelivery

from .conftest import CONFIRMATION_URL, OFFICE_EMAIL, free_port, start_smtp

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    """Django sends to a port on which nothing listens (yet); returns that port."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


def test_mail_server_down_then_back(client, form_page, submit, smtp_down):
    response = submit()

    assert response.status_code == 302
    application = GrantApplication.objects.get()
    assert application.reference in client.get(CONFIRMATION_URL).content.decode()
    deliveries = MailDelivery.objects.order_by("pk")
    assert [(d.kind, d.status, d.attempts) for d in deliveries] == [
        ("confirmation", "failed", 1),
        ("office", "failed", 1),
    ]
    assert "Connection" in deliveries[0].last_error

    controller, collector = start_smtp(smtp_down)
    try:
        out = StringIO()
        call_command("send_grant_mails", stdout=out)
    finally:
        controller.stop()
    assert "2 sent, 0 failed" in out.getvalue()
    assert {d.status for d in MailDelivery.objects.all()} == {"sent"}
    assert len(collector.to("ayse.demir@example.org")) == 1
    assert len(collector.to(OFFICE_EMAIL)) == 1
    assert application.reference in collector.messages[0]["Subject"]

    # Sent mails are never sent twice.
    call_command("send_grant_mails", stdout=StringIO())
    assert MailDelivery.objects.filter(attempts=2).count() == 2


def test_retry_stops_after_max_attempts(form_page, submit, smtp_down, settings):
    settings.ZIB_GRANTS_MAIL_MAX_ATTEMPTS = 2
    submit()
    out = StringIO()
    call_command("send_grant_mails", stdout=out)
    assert "0 sent, 2 failed" in out.getvalue()
    out = StringIO()
    call_command("send_grant_mails", stdout=out)
    assert "0 sent, 0 failed" in out.getvalue()


def test_staff_see_delivery_state_and_resend(client, form_page, submit, smtp_down, clerk):
    submit()
    application = GrantApplication.objects.get()
    delivery = MailDelivery.objects.get(kind="confirmation")
    client.force_login(clerk)

    inspect = client.get(f"/admin/grants_applications/inspect/{application.pk}/")
    html = inspect.content.decode()
    assert "Fehlgeschlagen" in html
    assert "Erneut senden" in html

    controller, collector = start_smtp(smtp_down)
    try:
        response = client.post(f"/admin/grants_applications/mail/{delivery.pk}/retry/")
    finally:
        controller.stop()
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(collector.to("ayse.demir@example.org")) == 1
