"""The committee view and decision letters (issue 16, item 5).

The committee view lists a round's applications ready for decision with requested and
recommended amounts and the running total against the budget; a clerk approves from there
through the status workflow. Every decision (granted, rejected) renders its letter from the
template (admin menu „Bescheidvorlagen“), stores it as PDF in the private storage and sends it
with the status mail; a failing rendering keeps the decision.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone, translation
from pypdf import PdfReader

from grants import decisions
from grants.models import (
    ApplicationStatus,
    DecisionLetter,
    DecisionLetterTemplate,
    GrantApplication,
    MailDelivery,
    StatusChange,
)
from tests.builders import make_funding_round, make_home_page, page_text, soup

from .builders import (
    BEGUTACHTUNG,
    REDAKTION,
    SACHBEARBEITUNG,
    add_criteria,
    build_grants_tree,
    make_application,
    make_review,
    make_role_user,
)

APPLICATIONS = "/admin/grants_applications/"
ROUNDS = "/admin/grants_rounds/"
TEMPLATES = "/admin/grants_letter_templates/"
GAP = "[von der Redaktion zu ergänzen]"

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def committee_url(funding_round):
    return f"{ROUNDS}committee/{funding_round.pk}/"


def decide_url(application):
    return f"{APPLICATIONS}decide/{application.pk}/"


@pytest.fixture
def world(db):
    """Budget 5.000 €: one application granted 3.000 €, two ready for decision (2.000 €
    requested each) with reviews recommending 1.500 € (score 5) and 1.000 € (score 2)."""
    build_grants_tree(make_home_page())
    now = timezone.now()
    funding_round = make_funding_round(
        now - datetime.timedelta(days=30),
        now - datetime.timedelta(days=1),
        title="Zuschüsse 2026",
        year=2026,
        budget=Decimal("5000.00"),
    )
    add_criteria(funding_round, "Wirkung")
    reviewer = make_role_user(BEGUTACHTUNG, username="gutachterin")
    clerk = make_role_user(SACHBEARBEITUNG, username="sachbearbeiterin")
    granted = make_application(
        funding_round,
        status=ApplicationStatus.GRANTED,
        requested_amount=Decimal("3000.00"),
        total_costs=Decimal("4000.00"),
        organisation_name="Verein Bewilligt e. V.",
    )
    best = make_application(
        funding_round,
        status=ApplicationStatus.FOR_DECISION,
        organisation_name="Verein Spitze e. V.",
        contact_name="Ayşe Demir",
        contact_email="ayse.demir@example.org",
    )
    weaker = make_application(
        funding_round,
        status=ApplicationStatus.FOR_DECISION,
        organisation_name="Verein Mittel e. V.",
    )
    make_review(best, reviewer, scores={"Wirkung": 5}, recommended=Decimal("1500"))
    make_review(weaker, reviewer, scores={"Wirkung": 2}, recommended=Decimal("1000"))
    return {
        "round": funding_round,
        "granted": granted,
        "best": best,
        "weaker": weaker,
        "clerk": clerk,
        "reviewer": reviewer,
    }


# --- The committee view ------------------------------------------------------------------------


def test_committee_totals_and_the_running_sum_against_the_budget(world):
    from grants.reviews import committee_overview

    overview = committee_overview(world["round"])
    assert overview.granted_sum == Decimal("3000.00")
    assert overview.budget_left == Decimal("2000.00")
    assert not overview.over_budget
    rows = [
        (row.application.pk, row.recommended, row.proposed, row.running_total, row.over_budget)
        for row in overview.rows
    ]
    assert rows == [
        (world["best"].pk, Decimal("1500.00"), Decimal("1500.00"), Decimal("4500.00"), False),
        (world["weaker"].pk, Decimal("1000.00"), Decimal("1000.00"), Decimal("5500.00"), True),
    ]
    assert overview.proposals_exceed_budget


def test_committee_page_shows_requested_recommended_and_the_warning(client, world):
    client.force_login(world["clerk"])
    response = client.get(committee_url(world["round"]))
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("[data-total=granted]").get_text(strip=True) == "3.000,00 €"
    assert page.select_one("[data-total=left]").get_text(strip=True) == "2.000,00 €"
    best = page.select_one(f"tr[data-reference='{world['best'].reference}']")
    cells = [td.get_text(" ", strip=True) for td in best.select("td")]
    assert cells[2:7] == ["5,00", "1", "2.000,00 €", "1.500,00 €", "4.500,00 €"]
    weaker = page.select_one(f"tr[data-reference='{world['weaker'].reference}']")
    assert "über Budget" in weaker.get_text()
    assert page.select_one("[data-warning=proposals]") is not None
    assert page.select_one("[data-warning=over-budget]") is None
    # best score first; the granted one is listed below as granted
    references = [row["data-reference"] for row in page.select("tr[data-reference]")]
    assert references == [world["best"].reference, world["weaker"].reference]
    assert world["granted"].reference in page_text(response)


def test_approving_within_budget_from_the_committee_view(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["clerk"])
    form = soup(client.get(decide_url(world["best"])))
    assert form.select_one("input[name=granted_amount]")["value"] == "1500,00"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(world["best"]),
            {
                "granted_amount": "1.500,00",
                "conditions": "Verwendungsnachweis bis 31.03.2027.",
                "note": "",
                "notify_applicant": "on",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == committee_url(world["round"])
    assert messages_of(response) == [f"{world['best'].reference} bewilligt: 1.500,00 €."]
    application = GrantApplication.objects.get(pk=world["best"].pk)
    assert application.status == ApplicationStatus.GRANTED
    assert application.granted_amount == Decimal("1500.00")
    change = application.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "for_decision",
        "granted",
        world["clerk"],
    )
    # within budget: no warning on the committee page
    page = soup(client.get(committee_url(world["round"])))
    assert page.select_one("[data-total=granted]").get_text(strip=True) == "4.500,00 €"
    assert page.select_one("[data-warning=over-budget]") is None
    # the letter: stored as PDF in the private storage, attached to the stored, sent mail
    letter = DecisionLetter.objects.get(application=application)
    assert letter.kind == "granted" and letter.status_change == change and letter.error == ""
    assert letter.file.storage.exists(letter.file.name)
    text = pdf_text(letter.file.read())
    for expected in [
        "Bewilligungsbescheid",
        application.reference,
        "1.500,00 €",
        "Verwendungsnachweis bis 31.03.2027.",
        "Rechtsbehelfsbelehrung",
        GAP,
        "Ayşe Demir",
    ]:
        assert expected in text, expected
    delivery = MailDelivery.objects.get(application=application, kind="status")
    assert delivery.letter == letter and delivery.status == "sent"
    [message] = [m for m in mail.outbox if "ayse.demir@example.org" in m.to]
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"Bescheid-{application.reference}.pdf" and mimetype == "application/pdf"
    assert content == letter.file.open("rb").read()
    assert "Den Bescheid finden Sie als PDF im Anhang dieser E-Mail." in message.body


def test_approving_beyond_the_budget_warns(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(world["best"]), {"granted_amount": "2000", "notify_applicant": "on"})
        response = client.post(
            decide_url(world["weaker"]), {"granted_amount": "1000", "notify_applicant": ""}
        )
    assert messages_of(response)[-1] == (
        "Achtung: Die Bewilligungen der Runde (6.000,00 €) übersteigen das Budget "
        "(5.000,00 €) um 1.000,00 €."
    )
    assert GrantApplication.objects.get(pk=world["weaker"].pk).status == "granted"
    page = soup(client.get(committee_url(world["round"])))
    warning = page.select_one("[data-warning=over-budget]")
    assert "übersteigen das Budget um 1.000,00 €" in warning.get_text(" ", strip=True)
    # without notification no mail, but the letter is stored all the same
    assert not MailDelivery.objects.filter(application=world["weaker"], kind="status").exists()
    assert DecisionLetter.objects.get(application=world["weaker"]).is_rendered


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("2000,01", "darf den beantragten (2.000,00 €) nicht übersteigen"),
        ("0", "Bitte einen Betrag größer als 0 angeben."),
        ("viel", "Bitte einen Betrag in Euro angeben"),
        ("", "This field is required."),
    ],
)
def test_a_wrong_amount_is_refused_and_nothing_changes(client, world, amount, message):
    client.force_login(world["clerk"])
    response = client.post(
        decide_url(world["best"]), {"granted_amount": amount, "conditions": "Auflage A"}
    )
    assert response.status_code == 200
    with translation.override("de"):
        assert translation.gettext(message) in page_text(response)
    assert "Auflage A" in page_text(response)  # what was typed stays
    assert GrantApplication.objects.get(pk=world["best"].pk).status == "for_decision"
    assert not DecisionLetter.objects.exists()


def test_deciding_an_application_not_ready_for_decision_is_refused(client, world):
    in_review = make_application(world["round"], status=ApplicationStatus.IN_REVIEW)
    client.force_login(world["clerk"])
    response = client.post(decide_url(in_review), {"granted_amount": "100"})
    assert response.status_code == 302 and response["Location"] == committee_url(world["round"])
    assert "liegt nicht zur Beschlussfassung vor" in messages_of(response)[0]
    assert GrantApplication.objects.get(pk=in_review.pk).status == "in_review"


@pytest.mark.parametrize("role", [REDAKTION, BEGUTACHTUNG])
def test_only_clerks_reach_the_committee_and_approve(client, world, role):
    user = world["reviewer"] if role == BEGUTACHTUNG else make_role_user(role)
    client.force_login(user)
    assert client.get(committee_url(world["round"]))["Location"] == "/admin/"
    response = client.post(decide_url(world["best"]), {"granted_amount": "1500"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert GrantApplication.objects.get(pk=world["best"].pk).status == "for_decision"


def test_the_round_offers_the_committee_view_to_clerks(client, world):
    client.force_login(world["clerk"])
    html = client.get(f"{ROUNDS}inspect/{world['round'].pk}/").content.decode()
    assert committee_url(world["round"]) in html
    assert "Wirkung" in html  # the round's criteria


# --- Rejection letters, templates and failures ---------------------------------------------


def reject(client, application, **data):
    return client.post(
        f"{APPLICATIONS}edit/{application.pk}/",
        {"status": "rejected", "note": "", "notify_applicant": "on", **data},
    )


def test_rejecting_through_the_status_form_sends_the_rejection_letter(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = reject(
            client, world["weaker"], reasons="Das Vorhaben liegt außerhalb der Stadt."
        )
    assert response.status_code == 302
    letter = DecisionLetter.objects.get(application=world["weaker"])
    assert letter.kind == "rejected"
    text = pdf_text(letter.file.read())
    assert "Ablehnungsbescheid" in text and "Das Vorhaben liegt außerhalb der Stadt." in text
    [message] = mail.outbox
    assert message.attachments[0][0] == f"Bescheid-{world['weaker'].reference}.pdf"


def test_conditions_and_reasons_only_with_their_decision(client, world):
    client.force_login(world["clerk"])
    response = reject(client, world["weaker"], conditions="Auflage")
    assert response.status_code == 200
    assert "Auflagen gibt es nur bei „Bewilligt“." in page_text(response)
    response = client.post(
        f"{APPLICATIONS}edit/{world['weaker'].pk}/",
        {"status": "in_review", "reasons": "Grund"},
    )
    assert "Gründe der Ablehnung gibt es nur bei „Abgelehnt“." in page_text(response)
    assert GrantApplication.objects.get(pk=world["weaker"].pk).status == "for_decision"


def template_data(**fields):
    return {
        "kind": "granted",
        "title": "Zuwendungsbescheid der Stadt",
        "body": "Für {organisation} bewilligen wir {bewilligter_betrag}. Auflagen: {auflagen}",
        "legal_remedy": "Widerspruch binnen eines Monats beim Büro.",
        **fields,
    }


def test_a_template_edited_in_the_admin_is_used_for_the_letter(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["clerk"])
    response = client.post(f"{TEMPLATES}new/", template_data())
    assert response.status_code == 302
    assert DecisionLetterTemplate.objects.get().title == "Zuwendungsbescheid der Stadt"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(world["best"]), {"granted_amount": "1200"})
    text = pdf_text(DecisionLetter.objects.get().file.read())
    assert "Zuwendungsbescheid der Stadt" in text
    assert "Für Verein Spitze e. V. bewilligen wir 1.200,00 €. Auflagen: Keine." in text
    assert "Widerspruch binnen eines Monats beim Büro." in text


def test_an_unknown_placeholder_is_refused(client, world):
    client.force_login(world["clerk"])
    response = client.post(
        f"{TEMPLATES}new/", template_data(body="Betrag: {betrag} {aktenzeichen}")
    )
    assert response.status_code == 200
    assert "Unbekannte Platzhalter: {betrag}." in page_text(response)
    assert not DecisionLetterTemplate.objects.exists()


def test_reviewers_and_editors_cannot_edit_letter_templates(client, world):
    for user in [world["reviewer"], make_role_user(REDAKTION)]:
        client.force_login(user)
        response = client.post(f"{TEMPLATES}new/", template_data())
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not DecisionLetterTemplate.objects.exists()


def test_the_default_template_marks_the_legal_remedy_as_an_editorial_gap():
    for kind in ["granted", "rejected"]:
        template = decisions.default_template(kind)
        assert template.legal_remedy == GAP
        template.full_clean()  # its placeholders are all known


def test_a_failing_letter_keeps_the_decision_and_can_be_made_again(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("font file missing")

    monkeypatch.setattr(decisions, "render_pdf", broken)
    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decide_url(world["best"]), {"granted_amount": "1500", "notify_applicant": "on"}
        )
    assert response.status_code == 302
    assert any(
        "konnte nicht erstellt werden (OSError: font file missing)" in m
        for m in messages_of(response)
    )
    application = GrantApplication.objects.get(pk=world["best"].pk)
    assert application.status == "granted"
    assert StatusChange.objects.filter(application=application, to_status="granted").exists()
    letter = DecisionLetter.objects.get()
    assert not letter.file and letter.error == "OSError: font file missing"
    # the status mail went without the letter, stored first
    delivery = MailDelivery.objects.get(application=application, kind="status")
    assert delivery.letter is None and delivery.status == "sent"
    assert mail.outbox[-1].attachments == []
    inspect = client.get(f"{APPLICATIONS}inspect/{application.pk}/")
    assert "font file missing" in page_text(inspect)

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{APPLICATIONS}letter/{letter.pk}/reissue/")
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.is_rendered and letter.error == ""
    resent = MailDelivery.objects.get(application=application, kind="decision")
    assert resent.letter == letter and resent.status == "sent"
    assert mail.outbox[-1].attachments[0][0] == letter.filename


def test_the_letter_waits_with_its_mail_when_smtp_is_down(
    client, world, settings, django_capture_on_commit_callbacks
):
    """Stored before sending: a failed delivery keeps its letter and sends it on retry."""
    from grants.emails import send_delivery

    settings.EMAIL_BACKEND = "tests.grants.test_decisions.BrokenBackend"
    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(world["best"]), {"granted_amount": "1500", "notify_applicant": "on"})
    delivery = MailDelivery.objects.get(application=world["best"], kind="status")
    assert delivery.status == "failed" and delivery.letter.is_rendered
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_delivery(delivery.pk) == "sent"
    assert mail.outbox[-1].attachments[0][0] == delivery.letter.filename


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_letter_download_for_clerks_only(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(world["best"]), {"granted_amount": "1500"})
    letter = DecisionLetter.objects.get()
    url = f"{APPLICATIONS}letter/{letter.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{letter.filename}"'
    assert "no-store" in response["Cache-Control"]
    client.force_login(world["reviewer"])
    assert client.get(url)["Location"] == "/admin/"
    assert client.post(f"{url}reissue/")["Location"] == "/admin/"


def test_the_demo_content_brings_both_templates_and_keeps_edits(demo_site):
    from io import StringIO

    from django.core.management import call_command

    templates = {template.kind: template for template in DecisionLetterTemplate.objects.all()}
    assert set(templates) == {"granted", "rejected"}
    assert all(template.legal_remedy == GAP for template in templates.values())
    templates["granted"].legal_remedy = "Gegen diesen Bescheid ist der Widerspruch zulässig."
    templates["granted"].save()
    call_command("load_zib_content", stdout=StringIO())
    assert DecisionLetterTemplate.objects.count() == 2
    assert DecisionLetterTemplate.objects.get(kind="granted").legal_remedy.startswith("Gegen")


def test_the_file_sweep_keeps_decision_letters(client, world, django_capture_on_commit_callbacks):
    """Letters are files of the private storage that a row references: never orphans."""
    from grants import files

    client.force_login(world["clerk"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide_url(world["best"]), {"granted_amount": "1500"})
    letter = DecisionLetter.objects.get()
    files.sweep(min_age=0, now=timezone.now() + datetime.timedelta(days=1))
    assert letter.file.storage.exists(letter.file.name)
