"""Every invalid field on its own: its German error next to the field and in the summary,
nothing stored, and the valid input kept."""

import pytest

from grants.models import GrantApplication

from .conftest import FORM_URL, PLAN, image_bytes, plan_for, upload, valid_data
from .form_client import draft_of, shown_step

pytestmark = pytest.mark.django_db

MB = 1024 * 1024

INVALID = [
    ("organisation_name", {"organisation_name": ""}, "Dieses Feld muss ausgefüllt werden."),
    ("legal_form", {"legal_form": ""}, "Dieses Feld muss ausgefüllt werden."),
    ("postcode", {"postcode": "6611"}, "fünfstellige Postleitzahl"),
    ("postcode", {"postcode": "66a11"}, "fünfstellige Postleitzahl"),
    ("contact_email", {"contact_email": "keine-adresse"}, "gültige E-Mail-Adresse"),
    ("contact_phone", {"contact_phone": "ruf mich an"}, "Telefonnummer aus Ziffern"),
    ("kind", {"kind": ""}, "Dieses Feld muss ausgefüllt werden."),
    ("kind", {"kind": "party"}, "gültige Auswahl"),
    ("title", {"title": ""}, "Dieses Feld muss ausgefüllt werden."),
    ("start_date", {"start_date": "31.02.2026"}, "gültiges Datum"),
    ("end_date", {"end_date": "2026-05-31"}, "Das Ende darf nicht vor dem Beginn liegen."),
    ("expected_participants", {"expected_participants": "0"}, "größer oder gleich 1"),
    # The open round's year is its funding period (no period of its own is set).
    ("start_date", {"start_date": "2025-12-31"}, "Förderzeitraum der Antragsrunde liegen"),
    ("end_date", {"end_date": "2027-01-01"}, "1. Januar 2026 bis 31. Dezember 2026"),
    # The financing plan: each row's inputs, each table, the balance.
    ("costs-0-amount", {"costs-0-amount": "-5"}, "Der Betrag darf nicht negativ sein."),
    ("costs-0-amount", {"costs-0-amount": "zwei Euro"}, "Bitte einen Betrag in Euro angeben"),
    ("costs-0-amount", {"costs-0-amount": "1200,123"}, "höchstens zwei Nachkommastellen"),
    ("costs-0-amount", {"costs-0-amount": ""}, "Bitte einen Betrag angeben."),
    ("costs-1-description", {"costs-1-description": ""}, "wofür die Kosten entstehen"),
    ("costs-0-category", {"costs-0-category": "party"}, "gültige Auswahl"),
    ("costs", {"plan": {**PLAN, "costs": []}}, "mindestens eine Kostenposition"),
    ("own_funds-0-amount", {"own_funds-0-amount": "-1"}, "Der Betrag darf nicht negativ sein."),
    ("own_funds-0-description", {"own_funds-0-description": ""}, "Art der Eigenmittel"),
    ("third_party-0-description", {"third_party-0-description": ""}, "wer die Mittel gibt"),
    ("third_party-0-status", {"third_party-0-status": ""}, "bewilligt oder beantragt"),
    ("requested_amount", {"requested_amount": "0"}, "Bitte einen Betrag größer als 0 angeben."),
    ("requested_amount", {"requested_amount": ""}, "Dieses Feld muss ausgefüllt werden."),
    (
        "requested_amount",
        {"plan": plan_for("5000,01"), "requested_amount": "5000,01"},
        "höchstens 5.000,00 € je Antrag",
    ),
    ("financing_plan", {"requested_amount": "1499,99"}, "Es fehlen 0,01 €."),
    ("financing_plan", {"requested_amount": "1500,01"}, "übersteigt die Kosten von 2.500,00 €"),
    ("iban", {"iban": "DE89 3704 0044 0532 0130 01"}, "Diese IBAN ist ungültig"),
    ("iban", {"iban": "DE89"}, "Diese IBAN ist ungültig"),
    ("bic", {"bic": "XYZ"}, "Diese BIC ist ungültig"),
    ("budget_plan", {"budget_plan": None}, "Bitte laden Sie den Kosten- und Finanzierungsplan"),
    (
        "budget_plan",
        {"budget_plan": upload("plan.pdf", b"just text, not a PDF", "application/pdf")},
        "kein erlaubtes Format",
    ),
    (
        "budget_plan",
        {"budget_plan": upload("plan.pdf", b"MZ\x90\x00" + b"\x00" * 100, "application/pdf")},
        "kein erlaubtes Format",
    ),
    (
        "budget_plan",
        {"budget_plan": upload("plan.zip", image_bytes("GIF"), "application/zip")},
        "kein erlaubtes Format",
    ),
    (
        "attachments",
        {"attachments": [upload("a.pdf"), upload("x.docx", b"PK\x03\x04broken", "x")]},
        "kein erlaubtes Format",
    ),
    ("attachments", {"attachments": [upload(f"{i}.pdf") for i in range(6)]}, "höchstens 5"),
    ("privacy_consent", {"privacy_consent": None}, "Bitte stimmen Sie den Datenschutzhinweisen"),
    ("truth_declaration", {"truth_declaration": None}, "Richtigkeit Ihrer Angaben"),
]


@pytest.mark.parametrize(("field", "overrides", "message"), INVALID)
def test_invalid_field_is_reported_and_nothing_stored(client, form_page, field, overrides, message):
    response = client.post(FORM_URL, valid_data(**overrides))

    html = response.content.decode()
    assert response.status_code == 200
    assert GrantApplication.objects.count() == 0
    form = response.context["form"]
    assert list(form.errors) == [field], form.errors
    assert message in " ".join(form.errors[field])
    # Summary at the top, linking to the field; error next to the field, linked by aria.
    assert 'role="alert"' in html
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html
    if field not in {"kind"}:
        assert f'aria-describedby="id_{field}_' in html or f"id_{field}_error" in html
    # The form comes back at the step of the mistake; every valid input is kept in the draft
    # its pages show (each step shows its part again, see test_form_steps.py).
    assert shown_step(response) == form.step_of(field)
    if field != "organisation_name":
        kept = draft_of(response).data
        assert kept["organisation_name"] == ["Interkultureller Verein Malstatt e. V."]
    assert "Fehler:" in html.split("</title>")[0]


def test_invalid_field_gets_aria_invalid_and_describedby(client, form_page):
    response = client.post(FORM_URL, valid_data(postcode="123"))
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_postcode_error"' in html


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,5", "1234.50"),
        ("1234.56", "1234.56"),
        ("1.500", "1500.00"),
        ("2 000 €", "2000.00"),
    ],
)
def test_german_amounts_are_understood(form_page, submit, raw, expected):
    plan = {"costs": [{"description": "Saalmiete", "amount": raw}]}
    assert submit(plan=plan, requested_amount=raw).status_code == 302
    application = GrantApplication.objects.get()
    assert str(application.total_costs) == expected
    assert str(application.requested_amount) == expected
    assert str(application.cost_lines.get().amount) == expected


def test_file_too_large(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_FILE_SIZE = 1000
    big = upload("plan.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    response = client.post(FORM_URL, valid_data(budget_plan=big))
    assert "ist zu groß" in " ".join(response.context["form"].errors["budget_plan"])
    assert GrantApplication.objects.count() == 0


def test_all_files_together_too_large(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_TOTAL_SIZE = 3000
    files = [upload(f"{i}.pdf", b"%PDF-1.4\n" + b"0" * 1000) for i in range(3)]
    response = client.post(FORM_URL, valid_data(attachments=files))
    assert "Alle Dateien zusammen" in " ".join(response.context["form"].errors["attachments"])
    assert GrantApplication.objects.count() == 0


def test_oversized_request_body_gets_a_clear_413(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_REQUEST_SIZE = 50_000
    big = upload("plan.pdf", b"%PDF-1.4\n" + b"0" * 60_000)
    response = client.post(FORM_URL, valid_data(budget_plan=big))
    assert response.status_code == 413
    assert "Die Dateien sind zu groß" in response.content.decode()
    assert GrantApplication.objects.count() == 0


def test_real_default_limit_rejects_a_30_mb_request(client, form_page):
    """Below the default hard limit (every attachment at its largest) the body is read, so the
    413 shows the form again with the typed values; the file is named as too large."""
    big = upload("plan.pdf", b"%PDF-1.4\n" + b"0" * (30 * MB))
    response = client.post(FORM_URL, valid_data(budget_plan=big))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Die Datei „plan.pdf“ ist zu groß" in html
    kept = draft_of(response)
    assert kept.data["organisation_name"] == ["Interkultureller Verein Malstatt e. V."]
    assert not kept.files.exists()  # the file too large is not kept
    assert GrantApplication.objects.count() == 0
