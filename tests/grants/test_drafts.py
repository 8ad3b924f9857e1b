"""Drafts (issue 15, part 3): „Zwischenspeichern“ keeps everything typed and uploaded, shows a
secret resume link once and mails it; the link restores every value and file on another day
and in another browser; sending turns the draft into an application; drafts expire and are
deleted with their files; a draft is never an application (no reference, not in the staff's
lists, exports or the API)."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from grants import drafts, emails
from grants.models import (
    ApplicationDraft,
    DraftFile,
    GrantApplication,
    MailDelivery,
    ReferenceCounter,
)

from .builders import SACHBEARBEITUNG, make_application, make_role_user
from .conftest import OFFICE_EMAIL, body, upload
from .form_client import declarations, draft_of, goto, press, shown_step, soup, values_of, walk

pytestmark = pytest.mark.django_db

RESUME_URL = re.compile(r"https?://[^/\s]+(/zuschuesse/antrag/entwurf/[A-Za-z0-9_-]{59}/)")


def text_of(response):
    return " ".join(soup(response).get_text(" ").split())


def resume_path(response):
    """The resume link the page shows after „Zwischenspeichern“ (a path)."""
    link = soup(response).select_one("[data-draft-link]")
    assert link is not None, "no resume link on the page"
    return RESUME_URL.match(link["href"]).group(1)


@pytest.fixture
def saved(client, form_page, django_capture_on_commit_callbacks):
    """A draft saved at the step „Anlagen“ with the plan and a further file uploaded: the
    answer to „Zwischenspeichern“."""
    documents = walk(client, until="documents")
    with django_capture_on_commit_callbacks(execute=True):
        return press(
            client,
            documents,
            "save",
            budget_plan=upload("kostenplan.pdf"),
            attachments=[upload("satzung.pdf")],
        )


# --- „Zwischenspeichern“ ----------------------------------------------------------------------


def test_saving_shows_the_resume_link_once_and_mails_it(smtp, client, saved):
    assert saved.status_code == 200
    assert saved["Cache-Control"] == "private, no-store"
    assert shown_step(saved) == "documents"  # one goes on where one was
    text = text_of(saved)
    assert "Ihr Entwurf ist gespeichert" in text
    assert "Wir haben den Link auch an ayse.demir@example.org geschickt." in text
    path = resume_path(saved)
    draft = draft_of(saved)
    assert draft.is_saved
    assert draft.expires_at - draft.saved_at == datetime.timedelta(days=30)
    # Shown this once: the next page does not show it again.
    assert path not in press(client, saved, "back").content.decode()
    # The mail: to the contact address, with the link, the office as Reply-To.
    delivery = MailDelivery.objects.get(kind=MailDelivery.Kind.DRAFT_LINK)
    assert delivery.draft == draft and delivery.application is None
    assert delivery.status == MailDelivery.Status.SENT
    [message] = smtp.to("ayse.demir@example.org")
    assert message["Reply-To"] == OFFICE_EMAIL
    assert "zwischengespeichert" in message["Subject"]
    assert RESUME_URL.search(body(message)).group(1) == path
    assert "Guten Tag Ayşe Demir," in body(message)
    # Once sent, the stored copy keeps no working link.
    assert path not in delivery.body and "/entwurf/…/" in delivery.body
    assert draft.expires_at.astimezone(timezone.get_current_timezone()).strftime(
        "%d.%m.%Y"
    ) in body(message)


def test_only_a_hash_of_the_token_is_stored(client, saved):
    token = resume_path(saved).rstrip("/").rsplit("/", 1)[1]
    draft = draft_of(saved)
    assert draft.selector == token[:16]
    assert token[16:] not in draft.verifier_hash
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM grants_applicationdraft")
        rows = cursor.fetchall()
    assert token not in repr(rows) and token[16:] not in repr(rows)


def test_without_an_address_the_link_is_only_shown(client, form_page):
    first = client.get("/zuschuesse/antrag/")
    response = press(client, first, "save", organisation_name="Verein ohne Adresse")
    assert "Geben Sie im ersten Schritt Ihre E-Mail-Adresse an" in text_of(response)
    assert resume_path(response)
    assert not MailDelivery.objects.exists()
    assert draft_of(response).data["organisation_name"] == ["Verein ohne Adresse"]


def test_saving_mails_at_most_the_limit_per_client(client, form_page, settings):
    settings.ZIB_GRANTS_DRAFT_MAIL_LIMIT = (1, 3600)
    first = client.get("/zuschuesse/antrag/")
    once = press(client, first, "save", contact_email="a@example.org")
    twice = press(client, once, "save")
    assert "Wir haben den Link auch an a@example.org geschickt." in text_of(once)
    assert "konnten wir gerade nicht per E-Mail schicken" in text_of(twice)
    assert MailDelivery.objects.filter(kind=MailDelivery.Kind.DRAFT_LINK).count() == 1


def test_saving_never_checks_or_complains(client, form_page):
    project = walk(client, until="project")
    response = press(client, project, "save", title="", start_date="kein Datum")
    assert response.status_code == 200
    assert not soup(response).select(".grants-errors")
    assert draft_of(response).data["start_date"] == ["kein Datum"]


# --- Resuming from the link -------------------------------------------------------------------


def test_the_link_restores_every_value_and_file_in_another_browser(
    saved, django_capture_on_commit_callbacks
):
    other = Client()
    resumed = other.get(resume_path(saved))
    assert resumed.status_code == 200
    assert resumed["Cache-Control"] == "private, no-store"
    assert resumed["X-Robots-Tag"] == "noindex, nofollow"
    assert shown_step(resumed) == "documents"
    assert "Willkommen zurück" in text_of(resumed)
    uploaded = [
        item.select_one(".grants-uploaded__name").get_text()
        for item in soup(resumed).select(".grants-uploaded li")
    ]
    assert uploaded == ["kostenplan.pdf", "satzung.pdf"]  # „bereits hochgeladen“
    assert "Bereits hochgeladen:" in text_of(resumed)
    # Every value of the earlier steps is there.
    finances = press(other, resumed, "back")
    assert values_of(finances)["costs-0-amount"] == ["1.200,00"]
    assert values_of(finances)["iban"] == ["DE89 3704 0044 0532 0130 00"]
    organisation = goto(other, goto(other, finances, "project"), "organisation")
    assert values_of(organisation)["organisation_name"] == [
        "Interkultureller Verein Malstatt e. V."
    ]
    # Sent from there, the draft becomes the application and is gone with its files and mail.
    review = press(other, press(other, organisation, "goto:documents"), "next")
    assert shown_step(review) == "review"
    with django_capture_on_commit_callbacks(execute=True):
        sent = press(other, review, "submit", **declarations())
    assert sent.status_code == 302
    application = GrantApplication.objects.get()
    assert sorted(application.attachments.values_list("original_name", flat=True)) == [
        "kostenplan.pdf",
        "satzung.pdf",
    ]
    assert not ApplicationDraft.objects.exists()
    assert not DraftFile.objects.exists()
    assert not MailDelivery.objects.filter(kind=MailDelivery.Kind.DRAFT_LINK).exists()
    # The link of a sent draft opens nothing any more.
    gone = other.get(resume_path(saved))
    assert gone.status_code == 404
    assert "Entwurf nicht gefunden" in text_of(gone)


def test_a_draft_file_replaced_after_resuming_is_deleted(
    saved, private_root, django_capture_on_commit_callbacks
):
    other = Client()
    resumed = other.get(resume_path(saved))
    old = DraftFile.objects.get(field_name="budget_plan")
    old_path = private_root / old.file.name
    assert old_path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = press(other, resumed, "next", budget_plan=upload("neuer-plan.pdf"))
    assert shown_step(response) == "review"
    plans = DraftFile.objects.filter(field_name="budget_plan")
    assert list(plans.values_list("original_name", flat=True)) == ["neuer-plan.pdf"]
    assert not old_path.exists()


@pytest.mark.parametrize("token", ["x" * 59, "kurz", "A" * 16 + "B" * 43])
def test_a_wrong_link_is_a_404_page(client, form_page, token):
    response = client.get(f"/zuschuesse/antrag/entwurf/{token}/")
    assert response.status_code == 404
    assert "Entwurf nicht gefunden" in text_of(response)


def test_right_selector_with_wrong_secret_is_a_404(client, saved):
    path = resume_path(saved)
    token = path.rstrip("/").rsplit("/", 1)[1]
    wrong = token[:16] + ("A" if token[16] != "A" else "B") + token[17:]
    assert client.get(path.replace(token, wrong)).status_code == 404
    assert client.get(path).status_code == 200


def test_guessing_links_is_limited_per_address(form_page, settings):
    settings.ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT = (3, 600)
    guesser = Client(REMOTE_ADDR="192.0.2.9")
    for _attempt in range(3):
        assert guesser.get("/zuschuesse/antrag/entwurf/" + "x" * 59 + "/").status_code == 404
    refused = guesser.get("/zuschuesse/antrag/entwurf/" + "y" * 59 + "/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    # Status links count apart.
    assert guesser.get("/zuschuesse/antrag/status/" + "x" * 59 + "/").status_code == 404


def test_a_draft_resumed_when_no_round_is_open_can_be_kept_but_not_sent(saved, open_round):
    from grants.models import FundingRound

    FundingRound.objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(days=2),
        opens_at=timezone.now() - datetime.timedelta(days=40),
    )
    other = Client()
    resumed = other.get(resume_path(saved))
    assert resumed.status_code == 200
    assert "Zurzeit ist keine Antragsrunde geöffnet" in text_of(resumed)
    review = press(other, resumed, "next")
    assert soup(review).select_one("#grants-submit") is None
    again = press(other, review, "save")
    assert "Ihr Entwurf ist gespeichert" in text_of(again)


def test_posting_with_an_expired_draft_keeps_what_was_typed_in_a_new_one(client, saved):
    draft = draft_of(saved)
    ApplicationDraft.objects.filter(pk=draft.pk).update(expires_at=timezone.now())
    response = press(client, saved, "back")
    assert "ist abgelaufen oder wurde schon abgesendet" in text_of(response)
    assert draft_of(response).pk != draft.pk


# --- Expiry ------------------------------------------------------------------------------------


def test_drafts_expire_and_the_purge_deletes_them_with_their_files(
    client, saved, private_root, django_capture_on_commit_callbacks
):
    draft = draft_of(saved)
    files = [private_root / stored.file.name for stored in draft.files.all()]
    assert len(files) == 2 and all(path.exists() for path in files)
    unsaved = drafts.start()[0]
    assert unsaved.expires_at - unsaved.created_at == datetime.timedelta(hours=24)
    fresh = drafts.start()[0]
    # 29 days later the saved draft is still there; the unsaved one has expired.
    later = timezone.now() + datetime.timedelta(days=29)
    assert drafts.resolve(resume_path(saved).split("/")[-2], now=later) == draft
    assert set(drafts.expired(later)) == {unsaved, fresh}
    # After 30 days the link opens nothing, and the purge deletes draft, files and mail.
    ApplicationDraft.objects.filter(pk__in=[draft.pk, unsaved.pk]).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(resume_path(saved)).status_code == 404
    out = StringIO()
    call_command("purge_grant_drafts", "--dry-run", stdout=out)
    assert "would delete 2 drafts and 2 files" in out.getvalue()
    assert ApplicationDraft.objects.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_grant_drafts", stdout=out)
    assert "Deleted 2 drafts and 2 files." in out.getvalue()
    assert list(ApplicationDraft.objects.all()) == [fresh]
    assert not DraftFile.objects.exists()
    assert not MailDelivery.objects.filter(draft__isnull=False).exists()
    assert not any(path.exists() for path in files)


# --- A draft is not an application ---------------------------------------------------------------


def test_a_draft_has_no_reference_and_is_nowhere_for_staff_or_the_api(
    client, saved, open_round, form_page
):
    assert not GrantApplication.objects.exists()
    assert not ReferenceCounter.objects.exists()  # no number used up
    make_application(open_round, organisation_name="Eingereichter Verein e. V.")
    staff = Client()
    staff.force_login(make_role_user(SACHBEARBEITUNG))
    for url in (
        "/admin/grants_applications/",
        "/admin/grants_applications/?q=Malstatt",
        f"/admin/grants_rounds/inspect/{open_round.pk}/",
        f"/admin/grants_rounds/export/{open_round.pk}/csv/",
        "/admin/",
    ):
        response = staff.get(url)
        assert response.status_code == 200, url
        content = response.content.decode("utf-8-sig")
        assert "Interkultureller Verein Malstatt" not in content, url
        assert "Ayşe Demir" not in content, url
    assert "Eingereichter Verein e. V." in staff.get(
        f"/admin/grants_rounds/export/{open_round.pk}/csv/"
    ).content.decode("utf-8-sig")
    # The API has no way to read applications, let alone drafts.
    assert client.get("/api/v1/grant-applications/").status_code == 405
    for url in ("/api/v1/changes/", "/api/v2/pages/?search=Malstatt"):
        assert "Ayşe Demir" not in client.get(url).content.decode()


def test_the_draft_mail_is_kept_apart_from_applications(saved):
    delivery = MailDelivery.objects.get(kind=MailDelivery.Kind.DRAFT_LINK)
    assert delivery.application_id is None
    assert not MailDelivery.objects.filter(application__isnull=False).exists()
    assert emails.retry_due() == (0, 0)  # sent already, nothing left to send


def test_staff_cannot_resend_a_drafts_mail(saved):
    delivery = MailDelivery.objects.get(kind=MailDelivery.Kind.DRAFT_LINK)
    staff = Client()
    staff.force_login(make_role_user(SACHBEARBEITUNG))
    response = staff.post(f"/admin/grants_applications/mail/{delivery.pk}/retry/")
    assert response.status_code == 404
