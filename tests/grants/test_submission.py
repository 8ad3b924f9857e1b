"""A valid application, end to end: form → storage → confirmation → e-mails."""

from pathlib import Path

import pytest
from django.conf import settings

from grants.models import ApplicationStatus, GrantApplication, MailDelivery

from .conftest import CONFIRMATION_URL, FORM_URL, OFFICE_EMAIL, body, image_bytes, upload

pytestmark = pytest.mark.django_db


def test_form_page_shows_the_form_with_accessible_markup(client, form_page):
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html
    assert '<label for="id_organisation_name">' in html
    assert 'autocomplete="postal-code"' in html
    assert "<legend>Ihre Organisation</legend>" in html
    assert "Antragsfrist bis" in html
    assert "Wir verarbeiten Ihre Angaben nur für den Antrag." in html  # privacy notice
    assert 'class="grants-hp" aria-hidden="true"' in html


def test_valid_submission_end_to_end(client, form_page, open_round, submit, smtp, private_root):
    response = submit(
        attachments=[
            upload("satzung.png", image_bytes("PNG"), "image/png"),
            upload("flyer.jpg", image_bytes("JPEG"), "image/jpeg"),
        ]
    )

    assert response.status_code == 302
    assert response["Location"] == CONFIRMATION_URL
    application = GrantApplication.objects.get()
    assert application.reference == "ZIB-2026-0001"
    assert application.funding_round == open_round
    assert application.status == ApplicationStatus.RECEIVED
    assert str(application.total_costs) == "2500.00"
    assert application.iban == "DE89370400440532013000"
    assert application.status_changes.get().to_status == ApplicationStatus.RECEIVED

    # Attachments: stored privately, sniffed, with the original names kept in the database.
    attachments = list(application.attachments.order_by("pk"))
    assert [(a.kind, a.original_name, a.content_type) for a in attachments] == [
        ("budget_plan", "kostenplan.pdf", "application/pdf"),
        ("other", "satzung.png", "image/png"),
        ("other", "flyer.jpg", "image/jpeg"),
    ]
    for attachment in attachments:
        path = Path(attachment.file.path)
        assert path.is_file()
        assert path.is_relative_to(private_root)
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert attachment.original_name not in path.name
    with pytest.raises(ValueError):
        attachments[0].file.url  # noqa: B018  (no public URL at all)

    # Confirmation page: PRG with the reference number; reloading submits nothing.
    confirmation = client.get(CONFIRMATION_URL)
    assert confirmation.status_code == 200
    assert "ZIB-2026-0001" in confirmation.content.decode()
    assert "Wir melden uns bei Rückfragen." in confirmation.content.decode()
    assert client.get(CONFIRMATION_URL).status_code == 200
    assert GrantApplication.objects.count() == 1

    # E-mails through the real SMTP server.
    assert MailDelivery.objects.filter(status=MailDelivery.Status.SENT).count() == 2
    (confirmation_mail,) = smtp.to("ayse.demir@example.org")
    assert "ZIB-2026-0001" in confirmation_mail["Subject"]
    text = body(confirmation_mail)
    assert "Fest der Kulturen" in text
    assert "Wie es weitergeht" in text
    assert "10.12.2026" in text  # committee meeting
    assert confirmation_mail["Reply-To"] == OFFICE_EMAIL
    (office_mail,) = smtp.to(OFFICE_EMAIL)
    assert "Interkultureller Verein Malstatt" in office_mail["Subject"]
    assert f"/admin/grants_applications/inspect/{application.pk}/" in body(office_mail)


def test_numbers_are_consecutive(form_page, submit):
    for _ in range(3):
        assert submit().status_code == 302
    assert list(GrantApplication.objects.order_by("pk").values_list("reference", flat=True)) == [
        "ZIB-2026-0001",
        "ZIB-2026-0002",
        "ZIB-2026-0003",
    ]


def test_page_recipients_override_office_email(form_page, submit, smtp):
    form_page.notification_recipients = "a@example.org\nb@example.org"
    form_page.save()
    submit()
    assert len(smtp.to("a@example.org")) == 1
    assert smtp.to(OFFICE_EMAIL) == []


def test_confirmation_without_submission_redirects_to_form(client, form_page):
    response = client.get(CONFIRMATION_URL)
    assert response.status_code == 302
    assert response["Location"] == FORM_URL


@pytest.mark.parametrize("kind", ["docx", "xlsx", "odt", "ods"])
def test_office_formats_are_accepted(form_page, submit, kind):
    from .conftest import office_bytes

    response = submit(budget_plan=upload(f"plan.{kind}", office_bytes(kind), "application/zip"))
    assert response.status_code == 302
    assert (
        GrantApplication.objects.get()
        .attachments.get()
        .content_type.endswith(
            {"docx": "document", "xlsx": "sheet", "odt": "text", "ods": "spreadsheet"}[kind]
        )
    )
