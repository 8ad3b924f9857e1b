"""Data-protection requests (DSGVO) through the admin as the office's staff make them: „Auskunft“
as JSON and PDF, „Anonymisieren“, „Löschen“ with four eyes (two real users POSTing), the access
log for the office lead only, retention per outcome on the privacy page. Every refusal too."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Page

from grants import privacy, status_links
from grants.models import (
    AccessLog,
    ApplicationMessage,
    ApplicationStatus,
    DecisionLetter,
    DeletionRequest,
    GrantApplication,
    GrantAttachment,
    InternalComment,
    MailDelivery,
    StatusChange,
)
from grants.permissions import ApplicationPermissionPolicy

from .builders import (
    BEGUTACHTUNG,
    LEITUNG,
    PASSWORD,
    PDF,
    REDAKTION,
    SACHBEARBEITUNG,
    add_attachment,
    make_application,
    make_role_user,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/grants_applications/"
LOG = "/admin/grants_access_log/"
DELETIONS = "/admin/grants_deletions/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def users(db):
    return {
        "clerk": make_role_user(SACHBEARBEITUNG, "sachbearbeiterin"),
        "clerk2": make_role_user(SACHBEARBEITUNG, "sachbearbeiter"),
        "lead": make_role_user(LEITUNG, "leitung"),
        "lead2": make_role_user(LEITUNG, "stellvertretung"),
        "reviewer": make_role_user(BEGUTACHTUNG, "gutachter"),
        "editor": make_role_user(REDAKTION, "redakteurin"),
    }


@pytest.fixture
def application(db, users):
    """A rejected application with a file, a conversation, an internal note, a status note
    sent to the applicant, a mail to the applicant, a status link and an internal comment."""
    application = make_application(
        status=ApplicationStatus.REJECTED,
        contact_name="Ayşe Demir",
        contact_email="ayse.demir@example.org",
        iban="DE89370400440532013000",
        round_questions=[
            {"key": "ziel", "label": "Ziel", "type": "text"},
            {"key": "mitglieder", "label": "Mitglieder", "type": "number"},
        ],
        round_answers={"ziel": "Familie Demir und Nachbarn", "mitglieder": 12},
    )
    add_attachment(application, "satzung-demir.pdf")
    application.cost_lines.create(description="Honorar Frau Demir", amount=Decimal("3000.00"))
    ApplicationMessage.objects.create(
        application=application, author="applicant", text="Hier die Satzung, Ayşe Demir"
    )
    StatusChange.objects.filter(application=application, to_status="rejected").update(
        note="Leider reicht das Budget nicht.", applicant_notified=True
    )
    StatusChange.objects.create(
        application=application,
        from_status="rejected",
        to_status="rejected",
        note="Intern: Frau Demir hat angerufen",
    )
    MailDelivery.objects.create(
        application=application,
        kind="status",
        recipients=["ayse.demir@example.org"],
        subject="Ihr Antrag: Abgelehnt",
        body="Guten Tag Ayşe Demir,\n…",
        status="sent",
    )
    InternalComment.objects.create(
        application=application, author=users["clerk"], text="Frau Demir kennt den Beirat"
    )
    status_links.issue(application)
    letter = DecisionLetter(application=application, kind="rejection", reasons="Budget")
    letter.file.save("bescheid.pdf", ContentFile(PDF))
    return application


# --- Auskunft ----------------------------------------------------------------------------------


def test_disclosure_as_json_has_everything_about_the_applicant(client, application, users):
    response = login(client, users["clerk"]).get(f"{ADMIN}disclosure/{application.pk}/json/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["reference"] == application.reference
    values = {row["field"]: row["value"] for row in data["application"]}
    assert values["contact_name"] == "Ayşe Demir"
    assert values["iban"] == "DE89370400440532013000"
    assert values["requested_amount"] == "2000.00"
    assert data["cost_lines"][0]["description"] == "Honorar Frau Demir"
    assert {"question": "Ziel", "answer": "Familie Demir und Nachbarn"} in data["round_answers"]
    assert data["attachments"][0]["name"] == "satzung-demir.pdf"
    assert data["messages"][0]["text"] == "Hier die Satzung, Ayşe Demir"
    assert "Leider reicht das Budget nicht." in [
        row["note_sent_to_applicant"] for row in data["status_history"]
    ]
    assert data["mails"][0]["subject"] == "Ihr Antrag: Abgelehnt"
    text = response.content.decode()
    assert "Intern: Frau Demir hat angerufen" not in text  # internal notes stay out
    assert "kennt den Beirat" not in text
    [entry] = AccessLog.objects.filter(action=AccessLog.Action.DISCLOSURE)
    assert (entry.user, entry.application, entry.detail) == (users["clerk"], application, "json")


def test_disclosure_as_pdf(client, application, users):
    response = login(client, users["clerk"]).get(f"{ADMIN}disclosure/{application.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Art. 15 DSGVO" in text
    assert application.reference in text
    assert "Ayşe Demir" in text
    assert "satzung-demir.pdf" in text
    assert "Intern: Frau Demir" not in text
    assert AccessLog.objects.filter(action="disclosure", detail="pdf").count() == 1


def test_disclosure_is_offered_in_the_detail_menu(client, application, users):
    html = login(client, users["clerk"]).get(f"{ADMIN}inspect/{application.pk}/").content
    html = html.decode()
    assert f"{ADMIN}disclosure/{application.pk}/json/" in html
    assert f"{ADMIN}disclosure/{application.pk}/pdf/" in html
    assert f"{ADMIN}delete/{application.pk}/" in html  # „Löschen …“ asks for a deletion
    assert f"{ADMIN}anonymise/{application.pk}/" not in html  # the lead's


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_disclosure_refused_without_the_change_permission(client, application, users, role):
    response = login(client, users[role]).get(f"{ADMIN}disclosure/{application.pk}/json/")
    assert response.status_code in {302, 403}
    assert b"Demir" not in response.content
    assert not AccessLog.objects.filter(action="disclosure").exists()


def test_disclosure_refused_for_a_viewer_and_anonymous(client, application, django_user_model):
    from django.contrib.auth.models import Group

    viewer = django_user_model.objects.create_user("leserin", password=PASSWORD)
    viewer.user_permissions.add(
        *Group.objects.get(name=SACHBEARBEITUNG).permissions.exclude(
            codename="change_grantapplication"
        )
    )
    assert client.get(f"{ADMIN}disclosure/{application.pk}/json/").status_code == 302
    response = login(client, viewer).get(f"{ADMIN}disclosure/{application.pk}/json/")
    assert response.status_code in {302, 403}
    assert b"Demir" not in response.content


def test_unknown_disclosure_format_is_404(client, application, users):
    assert (
        login(client, users["clerk"]).get(f"{ADMIN}disclosure/{application.pk}/xml/").status_code
        == 404
    )


# --- Anonymisieren -----------------------------------------------------------------------------


def test_lead_anonymises_a_closed_application(
    client, application, users, django_capture_on_commit_callbacks
):
    file = Path(application.attachments.get().file.path)
    letter = Path(application.decision_letters.get().file.path)
    assert letter.is_file()
    stats_before = application.funding_round.stats()
    login(client, users["lead"])
    page = client.get(f"{ADMIN}anonymise/{application.pk}/")
    assert page.status_code == 200
    assert "nicht rückgängig" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN}anonymise/{application.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}inspect/{application.pk}/"

    application.refresh_from_db()
    assert application.is_anonymised
    for name in ("organisation_name", "contact_name", "contact_email", "street", "title"):
        assert getattr(application, name) == privacy.MARKER, name
    assert (application.iban, application.postcode, application.bic) == (
        privacy.MARKER,
        "",
        "",
    )
    assert application.round_answers == {"ziel": privacy.MARKER, "mitglieder": 12}
    # Kept: amounts, status, round, kind, reference: the round's figures do not change.
    assert application.status == ApplicationStatus.REJECTED
    assert application.requested_amount == Decimal("2000.00")
    assert application.funding_round.stats() == stats_before
    # Files and everything written by or about the applicant.
    assert not file.exists() and not letter.exists()
    assert not GrantAttachment.objects.filter(application=application).exists()
    assert not application.decision_letters.exists()
    assert not application.status_links.exists()
    assert set(application.messages.values_list("text", flat=True)) == {privacy.MARKER}
    mail = application.mail_deliveries.get()
    assert (mail.recipients, mail.subject, mail.body) == ([], privacy.MARKER, privacy.MARKER)
    assert application.cost_lines.get().description == privacy.MARKER
    assert application.internal_comments.get().text == privacy.MARKER
    dump = json.dumps(privacy.disclosure(application), ensure_ascii=False)
    assert "Demir" not in dump
    # The history says who did it and when.
    last = application.status_changes.latest("changed_at")
    assert last.changed_by == users["lead"]
    assert "anonymisiert" in last.note
    html = client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    assert "Anonymisiert am" in html and "Demir" not in html


def test_anonymising_twice_or_an_open_application_is_refused(client, users):
    open_one = make_application(status=ApplicationStatus.IN_REVIEW, contact_name="Ayşe Demir")
    login(client, users["lead"])
    response = client.post(f"{ADMIN}anonymise/{open_one.pk}/")
    assert response.status_code == 302
    assert any("Nur abgeschlossene Anträge" in text for text in messages_of(response))
    open_one.refresh_from_db()
    assert open_one.contact_name == "Ayşe Demir" and not open_one.is_anonymised

    closed = make_application(status=ApplicationStatus.WITHDRAWN)
    client.post(f"{ADMIN}anonymise/{closed.pk}/")
    response = client.post(f"{ADMIN}anonymise/{closed.pk}/")
    assert any("bereits anonymisiert" in text for text in messages_of(response))
    assert closed.status_changes.filter(note__startswith="Personenbezogene").count() == 1


@pytest.mark.parametrize("role", ["clerk", "reviewer", "editor"])
def test_anonymising_refused_without_the_delete_permission(client, application, users, role):
    login(client, users[role])
    assert client.get(f"{ADMIN}anonymise/{application.pk}/").status_code in {302, 403}
    assert client.post(f"{ADMIN}anonymise/{application.pk}/").status_code in {302, 403}
    application.refresh_from_db()
    assert not application.is_anonymised
    assert application.contact_name == "Ayşe Demir"


def test_every_kind_of_row_of_an_application_is_decided_on():
    """A new model pointing to GrantApplication must say what anonymising does to it."""
    related = {
        relation.related_model
        for relation in GrantApplication._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete
    }
    assert related == set(privacy.RELATED)


def test_every_text_field_of_the_form_is_anonymised():
    names = {field.name for field in privacy.personal_fields()}
    assert {
        "organisation_name",
        "register_number",
        "street",
        "postcode",
        "city",
        "contact_name",
        "contact_email",
        "contact_phone",
        "title",
        "description",
        "target_group",
        "place",
        "account_holder",
        "iban",
        "bic",
    } <= names
    assert not names & {"legal_form", "kind", "status", "reference"}


# --- Löschen mit vier Augen --------------------------------------------------------------------


def delete_url(application):
    return f"{ADMIN}delete/{application.pk}/"


def test_four_eyes_clerk_asks_lead_confirms(application, users, django_capture_on_commit_callbacks):
    """Two real users, two clients: the clerk asks, nothing is deleted; the lead confirms."""
    from django.test import Client

    clerk, lead = Client(), Client()
    clerk.force_login(users["clerk"])
    lead.force_login(users["lead"])
    file = Path(application.attachments.get().file.path)
    letter = Path(application.decision_letters.get().file.path)
    reference = application.reference

    form = clerk.get(delete_url(application))
    assert form.status_code == 200
    assert "Vier-Augen-Prinzip" in form.content.decode()
    response = clerk.post(delete_url(application), {"action": "request", "reason": "Art. 17"})
    assert response.status_code == 302
    assert any("Gelöscht wird erst" in text for text in messages_of(response))
    request = DeletionRequest.objects.get()
    assert (request.state, request.requested_by, request.reference) == (
        "pending",
        users["clerk"],
        reference,
    )
    assert GrantApplication.objects.filter(pk=application.pk).exists()
    assert file.is_file()
    detail = clerk.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    assert "wartet auf die Bestätigung" in detail

    # The clerk has no right to confirm, not even someone else's request.
    response = clerk.post(delete_url(application), {"action": "confirm"})
    assert response.status_code in {302, 403}
    assert GrantApplication.objects.filter(pk=application.pk).exists()

    # The lead sees the request in the list and on the page, and confirms it.
    assert reference in lead.get(DELETIONS).content.decode()
    page = lead.get(delete_url(application)).content.decode()
    assert 'value="confirm"' in page and "Art. 17" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(delete_url(application), {"action": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == ADMIN
    assert not GrantApplication.objects.filter(pk=application.pk).exists()
    assert not GrantAttachment.objects.filter(application_id=application.pk).exists()
    assert not MailDelivery.objects.filter(application_id=application.pk).exists()
    assert not file.exists() and not letter.exists()
    request.refresh_from_db()
    assert (request.state, request.decided_by, request.reference) == (
        "done",
        users["lead"],
        reference,
    )
    assert request.application is None


def test_the_requester_cannot_confirm_their_own_deletion(application, users, client):
    login(client, users["lead"])
    client.post(delete_url(application), {"action": "request", "reason": "Art. 17"})
    page = client.get(delete_url(application)).content.decode()
    assert 'value="confirm"' not in page
    assert "Sie selbst können das nicht" in page
    response = client.post(delete_url(application), {"action": "confirm"})
    assert response.status_code == 302
    assert any("zweite Person" in text for text in messages_of(response))
    assert GrantApplication.objects.filter(pk=application.pk).exists()
    assert DeletionRequest.objects.get().state == "pending"


def test_the_database_refuses_a_self_confirmed_deletion(application, users):
    from django.db import IntegrityError, transaction

    request = privacy.request_deletion(application, users["lead"], "Art. 17")
    with pytest.raises(privacy.SameReviewer):
        privacy.confirm_deletion(request, users["lead"])
    request.state, request.decided_by = "done", users["lead"]
    with pytest.raises(IntegrityError), transaction.atomic():
        request.save()


def test_a_deletion_needs_a_reason_and_only_one_is_pending(application, users, client):
    login(client, users["clerk"])
    response = client.post(delete_url(application), {"action": "request", "reason": " "})
    assert response.status_code == 200
    assert "Dieses Feld muss ausgefüllt werden." in response.content.decode()
    assert not DeletionRequest.objects.exists()
    client.post(delete_url(application), {"action": "request", "reason": "Art. 17"})
    client.force_login(users["clerk2"])
    client.post(delete_url(application), {"action": "request", "reason": "noch einmal"})
    assert DeletionRequest.objects.get().reason == "Art. 17"


def test_a_deletion_request_can_be_withdrawn(application, users, client):
    login(client, users["clerk"])
    client.post(delete_url(application), {"action": "request", "reason": "Irrtum"})
    response = client.post(delete_url(application), {"action": "cancel"})
    assert response.status_code == 302
    request = DeletionRequest.objects.get()
    assert (request.state, request.decided_by) == ("cancelled", users["clerk"])
    client.force_login(users["lead"])
    client.post(delete_url(application), {"action": "confirm"})
    assert GrantApplication.objects.filter(pk=application.pk).exists()


@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_deletion_refused_to_those_without_rights(application, users, client, role):
    login(client, users[role])
    assert client.get(delete_url(application)).status_code in {302, 403}
    response = client.post(delete_url(application), {"action": "request", "reason": "x"})
    assert response.status_code in {302, 403}
    assert not DeletionRequest.objects.exists()
    assert client.get(DELETIONS).status_code in {302, 403}


def test_superuser_too_needs_a_second_person(application, client, django_user_model):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", PASSWORD)
    login(client, admin)
    client.post(delete_url(application), {"action": "request", "reason": "Art. 17"})
    client.post(delete_url(application), {"action": "confirm"})
    assert GrantApplication.objects.filter(pk=application.pk).exists()


# --- Zugriffsprotokoll -------------------------------------------------------------------------


def test_views_and_downloads_are_logged_and_the_lead_reads_the_log(client, application, users):
    login(client, users["clerk"])
    client.get(f"{ADMIN}inspect/{application.pk}/")
    attachment = application.attachments.get()
    assert client.get(f"{ADMIN}attachment/{attachment.pk}/").status_code == 200
    letter = application.decision_letters.get()
    assert client.get(f"{ADMIN}letter/{letter.pk}/").status_code == 200
    round_pk = application.funding_round_id
    assert client.get(f"/admin/grants_rounds/export/{round_pk}/xlsx/").status_code == 200
    entries = list(AccessLog.objects.order_by("pk").values_list("username", "action", "detail"))
    assert entries == [
        ("sachbearbeiterin", "view", ""),
        ("sachbearbeiterin", "attachment", "satzung-demir.pdf"),
        ("sachbearbeiterin", "letter", f"Bescheid-{application.reference}.pdf"),
        ("sachbearbeiterin", "export", "XLSX"),
    ]
    assert AccessLog.objects.filter(reference=application.reference).count() == 3

    login(client, users["lead"])
    page = client.get(LOG)
    assert page.status_code == 200
    html = page.content.decode()
    assert "satzung-demir.pdf" in html and "Anlage heruntergeladen" in html
    assert application.reference in html
    assert LOG in client.get("/admin/").content.decode()  # in the lead's menu
    # Read-only: no adding, editing or deleting of log entries, not even by the lead.
    entry = AccessLog.objects.first()
    assert client.get(f"{LOG}new/").status_code in {302, 403}
    assert client.post(f"{LOG}edit/{entry.pk}/", {}).status_code in {302, 403, 404}
    assert client.post(f"{LOG}delete/{entry.pk}/").status_code in {302, 403, 404}
    assert AccessLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", ["clerk", "reviewer", "editor"])
def test_only_the_lead_sees_the_access_log(client, application, users, role):
    privacy.log_access(users["clerk"], AccessLog.Action.VIEW, application=application)
    login(client, users[role])
    response = client.get(LOG)
    assert response.status_code in {302, 403}
    assert application.reference.encode() not in response.content
    assert LOG not in client.get("/admin/").content.decode()


def test_the_log_outlives_the_application(application, users):
    privacy.log_access(users["clerk"], AccessLog.Action.VIEW, application=application)
    application.delete()
    entry = AccessLog.objects.get()
    assert entry.application is None and entry.reference.startswith("ZIB-")


def test_groups_and_policy(users):
    policy = ApplicationPermissionPolicy(GrantApplication)
    assert policy.user_has_permission(users["lead"], "delete")
    assert not policy.user_has_permission(users["clerk"], "delete")
    assert users["lead"].has_perm("grants.view_accesslog")
    assert not users["clerk"].has_perm("grants.view_accesslog")


# --- Aufbewahrung auf der Datenschutzseite -----------------------------------------------------


def test_privacy_page_states_the_retention_periods_from_the_settings(client, settings, db):
    settings.ZIB_GRANTS_RETENTION_YEARS = 8
    settings.ZIB_GRANTS_RETENTION_YEARS_REJECTED = 2
    settings.ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN = 1
    call_command("load_zib_content", stdout=io.StringIO())
    page = Page.objects.get(slug="datenschutz", locale__language_code="de")
    html = client.get(page.url).content.decode()
    assert "Anträge auf Zuschüsse" in html
    assert "bewilligte Anträge 8 Jahre, abgelehnte 2 Jahre, zurückgezogene 1 Jahr" in html
