"""The applicant's status page behind a secret link (issue 15, part 4): status and history,
the receipt, answering a staff „Rückfrage“ with uploads, withdrawal, the link in every mail
with the office as Reply-To, and what keeps the link secret (hash only, 404, rate limit, no
cache, staff rotation, purge)."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from grants import status_links
from grants.models import (
    ApplicationMessage,
    ApplicationStatus,
    GrantApplication,
    MailDelivery,
    StatusChange,
    StatusLink,
)
from tests.builders import form_post_data, page_text, soup

from .builders import add_attachment, make_application
from .conftest import CONFIRMATION_URL, OFFICE_EMAIL, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

S = ApplicationStatus
ADMIN = "/admin/grants_applications/"
STATUS_URL = re.compile(r"https?://[^/\s]+(/zuschuesse/antrag/status/[A-Za-z0-9_-]{59}/)")


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    """Run the mail tasks a request queues on commit, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def link_path(application, token):
    return f"/zuschuesse/antrag/status/{token}/"


@pytest.fixture
def applicant(form_page):
    """An application in review and a working status link to it: (application, path)."""
    application = make_application(status=S.IN_REVIEW, attachments=["kostenplan.pdf"])
    token = status_links.issue(application)
    return application, link_path(application, token)


def in_status(status, **fields):
    application = make_application(status=status, **fields)
    return application, link_path(application, status_links.issue(application))


def paths_in(text):
    return STATUS_URL.findall(text)


# --- The link after submission -----------------------------------------------------------------


def test_submission_shows_and_mails_one_status_link(client, form_page, submit):
    assert submit().status_code == 302
    application = GrantApplication.objects.get()

    confirmation = client.get(CONFIRMATION_URL)
    assert confirmation["Cache-Control"] == "private, no-store"
    [path] = set(paths_in(page_text(confirmation)))
    [receipt_mail] = [m for m in mail.outbox if m.to == ["ayse.demir@example.org"]]
    assert paths_in(receipt_mail.body) == [path]
    assert receipt_mail.reply_to == [OFFICE_EMAIL]
    assert "antworten Sie einfach auf diese E-Mail" in receipt_mail.body

    response = Client().get(path)  # another browser: only the link counts
    assert response.status_code == 200
    text = page_text(response)
    assert f"Ihr Antrag {application.reference}" in text
    assert "Aktueller Stand: Eingegangen" in text
    assert "Sie müssen im Moment nichts tun." in text


def test_only_a_hash_of_the_secret_is_kept(client, form_page, submit):
    assert submit().status_code == 302
    [path] = set(paths_in(page_text(client.get(CONFIRMATION_URL))))
    token = path.rstrip("/").rsplit("/", 1)[1]
    [link] = StatusLink.objects.all()
    secret = token[status_links.SELECTOR_LENGTH :]
    assert link.selector == token[: status_links.SELECTOR_LENGTH]
    assert secret not in link.verifier_hash and len(link.verifier_hash) == 64
    # The sent mail's stored copy no longer holds the secret either.
    stored = MailDelivery.objects.get(kind=MailDelivery.Kind.CONFIRMATION)
    assert stored.status == MailDelivery.Status.SENT
    assert secret not in stored.body and "/status/…/" in stored.body


def test_tokens_are_long_random_and_distinct(db):
    tokens = {status_links.generate() for _ in range(200)}
    assert len(tokens) == 200
    assert all(status_links.TOKEN_PATTERN.fullmatch(token) for token in tokens)


# --- The status page -----------------------------------------------------------------------------


def test_status_page_shows_status_history_and_is_private(client, applicant):
    application, path = applicant
    StatusChange.objects.filter(application=application, to_status=S.IN_REVIEW).update(
        note="Intern: Satzung fehlt noch"
    )
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    page = soup(response)
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert page.find("link", rel="canonical") is None
    history = [li.get_text(" ", strip=True) for li in page.select(".grants-history li")]
    assert [entry.split(" – ")[1] for entry in history] == ["Eingegangen", "In Prüfung"]
    text = page_text(response)
    assert "Aktueller Stand: In Prüfung" in text
    assert "Intern: Satzung fehlt noch" not in text  # a note never mailed stays internal
    assert "Kopie Ihres Antrags ansehen und drucken" in text
    assert "Antrag zurückziehen" in text


def test_a_note_that_was_mailed_is_shown(client, applicant):
    application, path = applicant
    StatusChange.objects.filter(application=application, to_status=S.IN_REVIEW).update(
        note="Wir melden uns bis Ende des Monats.", applicant_notified=True
    )
    assert "Wir melden uns bis Ende des Monats." in page_text(client.get(path))


@pytest.mark.parametrize(
    "token",
    [
        "kurz",
        "x" * 59,  # well-formed, never issued
        "x" * 60,
        "../" + "x" * 56,
    ],
)
def test_wrong_tokens_are_a_plain_404(client, applicant, token):
    application, _path = applicant
    response = client.get(f"/zuschuesse/antrag/status/{token}/")
    assert response.status_code == 404
    assert application.reference not in page_text(response)


def test_right_selector_with_wrong_secret_is_a_404(client, applicant):
    application, path = applicant
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[: status_links.SELECTOR_LENGTH] + "A" * 43
    response = client.get(f"/zuschuesse/antrag/status/{forged}/")
    assert response.status_code == 404
    assert application.reference not in page_text(response)


def test_token_guesses_are_limited_per_address(applicant, settings):
    settings.ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT = (3, 600)
    application, path = applicant
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for attempt in range(3):
        assert guesser.get(f"/zuschuesse/antrag/status/{'g' * 58}{attempt}/").status_code == 404
    blocked = guesser.get(path)  # even a right link: no oracle once blocked
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "600"
    assert application.reference not in page_text(blocked)
    assert "Zu viele ungültige Links" in page_text(blocked)
    # Right links do not count, and other addresses are not affected.
    other = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(5):
        assert other.get(path).status_code == 200


def test_status_page_is_never_stored_by_the_response_cache(applicant, settings):
    settings.ZIB_PAGE_CACHE = True
    _application, path = applicant
    first, second = Client().get(path), Client().get(path)
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in first and "X-Cache" not in second
    from zib_wagtail.caching.middleware import may_store

    assert not may_store(first.wsgi_request, first)


def test_status_page_is_not_in_the_sitemap(client, applicant):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "/status/" not in response.content.decode()


def test_an_application_sees_only_itself(client, form_page):
    mine, path = in_status(S.RECEIVED, organisation_name="Verein Eins", title="Sprachcafé Eins")
    make_application(
        organisation_name="Verein Zwei", title="Fest Zwei", iban="DE02120300000000202051"
    )
    for url in [path, path + "kopie/"]:
        text = page_text(client.get(url))
        assert "Verein Eins" in text
        assert "Verein Zwei" not in text and "Fest Zwei" not in text


# --- Receipt -----------------------------------------------------------------------------------


def test_receipt_shows_what_was_submitted(client, applicant):
    application, path = applicant
    response = client.get(path + "kopie/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = page_text(response)
    for expected in [
        f"Kopie Ihres Antrags {application.reference}",
        "Ihre Organisation",
        "Nachbarschaftsverein Burbach e. V.",
        "Sprachcafé Burbach",
        "Bürgerhaus Burbach",
        "2.000,00 €",  # requested amount, as Germans write it
        "kostenplan.pdf",
        "DE89 **** **** **** **30 00",  # the IBAN masked
    ]:
        assert expected in text, expected
    assert "DE89370400440532013000" not in text


# --- Staff query and the applicant's answer ---------------------------------------------------


@pytest.fixture
def clerk_client(clerk):
    client = Client()
    client.force_login(clerk)
    return client


def ask(clerk_client, application, run_tasks, **changes):
    """The clerk's status form as rendered, POSTed with `changes`."""
    form = clerk_client.get(f"{ADMIN}edit/{application.pk}/").context["form"]
    with run_tasks():
        return clerk_client.post(
            f"{ADMIN}edit/{application.pk}/", {**form_post_data(form), **changes}
        )


def test_staff_query_through_the_admin(client, clerk_client, applicant, run_tasks):
    application, old_path = applicant
    response = ask(
        clerk_client,
        application,
        run_tasks,
        status="query",
        question="Bitte reichen Sie die Satzung nach.",
        note="Intern: Satzung fehlt",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.QUERY
    [question] = application.messages.all()
    assert (question.author, question.text) == ("office", "Bitte reichen Sie die Satzung nach.")
    assert question.written_by.username == "sachbearbeiterin"

    [message] = mail.outbox  # a query always reaches the applicant
    assert message.to == ["jonas.keller@example.org"]
    assert message.reply_to == [OFFICE_EMAIL]
    assert "Bitte reichen Sie die Satzung nach." in message.body
    assert "Intern: Satzung fehlt" not in message.body
    [path] = paths_in(message.body)
    assert path != old_path  # a new link per mail; the old one works as well
    for url in [path, old_path]:
        page = client.get(url)
        assert page.status_code == 200
        text = page_text(page)
        assert "Unsere Rückfrage" in text and text.count("Bitte reichen Sie die Satzung nach.") == 1
        assert "Intern: Satzung fehlt" not in text
        assert soup(page).select("form textarea[name=text]")


def test_query_needs_the_question(clerk_client, applicant, run_tasks):
    application, _path = applicant
    response = ask(clerk_client, application, run_tasks, status="query", question="")
    assert response.status_code == 200
    assert response.context["form"].errors == {"question": ["Bitte schreiben Sie die Rückfrage."]}
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and not application.messages.exists()
    assert mail.outbox == []


@pytest.fixture
def queried(form_page, clerk):
    """An application with an open query asked through the workflow: (application, path)."""
    from grants.workflow import change_status

    application = make_application(status=S.IN_REVIEW)
    change_status(
        application, to_status=S.QUERY, user=clerk, question="Wie viele Ehrenamtliche helfen?"
    )
    mail.outbox.clear()
    return application, link_path(application, status_links.issue(application))


def test_answer_with_text_and_upload(client, clerk_client, queried, run_tasks):
    application, path = queried
    with run_tasks():
        response = client.post(
            path,
            {
                "text": "Zwölf Ehrenamtliche helfen mit.",
                "attachments": [
                    upload("satzung.pdf"),
                    upload("foto.png", image_bytes("PNG"), "image/png"),
                ],
            },
        )
    assert response.status_code == 302 and response["Location"] == path
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW  # the office's turn again
    answer = application.messages.get(author="applicant")
    assert answer.text == "Zwölf Ehrenamtliche helfen mit."
    assert sorted(answer.attachments.values_list("original_name", "content_type")) == [
        ("foto.png", "image/png"),
        ("satzung.pdf", "application/pdf"),
    ]
    step = application.status_changes.last()
    assert (step.from_status, step.to_status, step.by_applicant, step.changed_by) == (
        "query",
        "in_review",
        True,
        None,
    )
    [notice] = mail.outbox
    assert notice.to == [OFFICE_EMAIL] and notice.reply_to == ["jonas.keller@example.org"]
    assert notice.subject.startswith(f"Antwort auf Rückfrage zu {application.reference}")
    assert "Zwölf Ehrenamtliche helfen mit." in notice.body and "satzung.pdf" in notice.body

    page = client.get(path)
    text = page_text(page)
    assert "Vielen Dank, Ihre Antwort ist bei uns eingegangen." in text
    assert "Zwölf Ehrenamtliche helfen mit." in text and "satzung.pdf" in text
    assert not soup(page).select("textarea[name=text]")  # nothing open to answer any more

    html = page_text(clerk_client.get(f"{ADMIN}inspect/{application.pk}/"))
    assert "Rückfragen und Antworten" in html
    assert "Wie viele Ehrenamtliche helfen?" in html and "Zwölf Ehrenamtliche helfen mit." in html
    assert "Antragsteller*in (Statusseite)" in html
    attachment = answer.attachments.get(original_name="satzung.pdf")
    assert f"{ADMIN}attachment/{attachment.pk}/" in html
    download = clerk_client.get(f"{ADMIN}attachment/{attachment.pk}/")
    assert b"".join(download.streaming_content) == pdf_bytes()


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ([upload("programm.exe", b"MZ\x90\x00binary", "application/pdf")], "kein erlaubtes Format"),
        ([upload("leer.pdf", b"")], "ist leer"),
    ],
)
def test_answer_with_an_invalid_file_stores_nothing(client, queried, private_root, files, error):
    application, path = queried
    response = client.post(path, {"text": "Anbei die Unterlagen.", "attachments": files})
    assert response.status_code == 200
    assert error in page_text(response)
    assert "Bitte prüfen Sie Ihre Antwort" in page_text(response)
    application.refresh_from_db()
    assert application.status == S.QUERY
    assert not application.messages.filter(author="applicant").exists()
    assert not application.attachments.exists()
    assert not any(path.is_file() for path in private_root.rglob("*"))
    assert mail.outbox == []


def test_empty_answer_is_refused(client, queried):
    application, path = queried
    response = client.post(path, {"text": "  "})
    assert response.status_code == 200
    assert (
        "Bitte schreiben Sie eine Antwort oder laden Sie mindestens eine Datei hoch."
        in page_text(response)
    )
    assert application.messages.count() == 1


def test_answer_too_large_is_refused_before_reading(client, queried, settings):
    settings.ZIB_GRANTS_MAX_REQUEST_SIZE = 1000
    application, path = queried
    response = client.post(
        path, {"text": "x", "attachments": [upload("gross.pdf", pdf_bytes("x" * 2000))]}
    )
    assert response.status_code == 413
    assert "Die Dateien sind zu groß" in page_text(response)
    assert application.messages.count() == 1


def test_without_open_query_a_post_answers_nothing(client, applicant):
    application, path = applicant
    response = client.post(path, {"text": "Hallo"})
    assert response.status_code == 302
    assert not application.messages.exists()
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW


# --- Withdrawal --------------------------------------------------------------------------------


def test_withdrawal_asks_first_then_withdraws(applicant, run_tasks, clerk_client):
    application, path = applicant
    browser = Client(enforce_csrf_checks=True)
    question = browser.get(path + "zurueckziehen/")
    assert question.status_code == 200
    assert question["Cache-Control"] == "private, no-store"
    assert "wirklich zurückziehen" in page_text(question)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW  # GET changes nothing

    assert browser.post(path + "zurueckziehen/", {}).status_code == 403  # no CSRF token
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW

    csrf = soup(question).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    with run_tasks():
        response = browser.post(
            path + "zurueckziehen/",
            {"csrfmiddlewaretoken": csrf, "reason": "Das Fest fällt aus."},
        )
    assert response.status_code == 302 and response["Location"] == path
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    step = application.status_changes.last()
    assert (step.to_status, step.by_applicant, step.note) == (
        "withdrawn",
        True,
        "Das Fest fällt aus.",
    )

    to_office = [m for m in mail.outbox if m.to == [OFFICE_EMAIL]]
    to_applicant = [m for m in mail.outbox if m.to == ["jonas.keller@example.org"]]
    assert len(to_office) == 1 and "Das Fest fällt aus." in to_office[0].body
    assert to_office[0].subject.startswith(f"Antrag zurückgezogen: {application.reference}")
    assert len(to_applicant) == 1
    assert "Wenn Sie das nicht waren" in to_applicant[0].body
    assert to_applicant[0].reply_to == [OFFICE_EMAIL]

    page = browser.get(path)
    text = page_text(page)
    assert "Aktueller Stand: Zurückgezogen" in text
    assert "Sie haben Ihren Antrag zurückgezogen." in text
    assert "zurueckziehen/" not in page.content.decode()
    assert "(durch Sie)" in text
    admin_html = page_text(clerk_client.get(f"{ADMIN}inspect/{application.pk}/"))
    assert "Antragsteller*in (Statusseite)" in admin_html


@pytest.mark.parametrize("status", [S.GRANTED, S.REJECTED, S.WITHDRAWN])
def test_withdrawal_refused_once_final(client, form_page, status):
    application, path = in_status(status)
    asked = client.get(path + "zurueckziehen/")
    assert asked.status_code == 409
    assert "kann nicht mehr zurückgezogen werden" in page_text(asked)
    assert client.post(path + "zurueckziehen/", {"reason": "x"}).status_code == 409
    application.refresh_from_db()
    assert application.status == status
    assert "zurueckziehen/" not in client.get(path).content.decode()
    assert mail.outbox == []


# --- Status mails, rotation, purge --------------------------------------------------------------


def test_status_mail_has_reply_to_link_and_true_wording(client, clerk_client, applicant, run_tasks):
    application, _path = applicant
    response = ask(
        clerk_client,
        application,
        run_tasks,
        status="for_decision",
        note="Ihr Antrag ist vollständig.",
        notify_applicant="on",
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.reply_to == [OFFICE_EMAIL]
    assert "Ihr Antrag ist vollständig." in message.body
    assert "Bei Fragen antworten Sie einfach auf diese E-Mail; Ihre Antwort erreicht das Büro." in (
        message.body
    )
    [path] = paths_in(message.body)
    assert "Zur Beschlussfassung" in page_text(client.get(path))


def test_without_an_office_address_the_mail_does_not_ask_for_a_reply(applicant, run_tasks):
    from grants.workflow import change_status
    from zib_wagtail.core.models import OfficeSettings

    application, _path = applicant
    OfficeSettings.objects.update(email="")
    with run_tasks():
        change_status(application, to_status=S.FOR_DECISION, notify=True)
    [message] = mail.outbox
    assert message.reply_to == []
    assert "antworten Sie" not in message.body
    assert "wenden Sie sich bitte an das Büro" in message.body


def test_staff_send_a_new_link_and_the_old_ones_stop(client, clerk_client, applicant, run_tasks):
    application, old_path = applicant
    url = f"{ADMIN}status-link/{application.pk}/"
    assert url in clerk_client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    confirm = clerk_client.get(url)
    assert confirm.status_code == 200
    assert "Alle bisherigen Links" in page_text(confirm)
    assert client.get(old_path).status_code == 200  # GET changed nothing

    with run_tasks():
        response = clerk_client.post(url)
    assert response.status_code == 302
    assert client.get(old_path).status_code == 404
    [message] = mail.outbox
    assert message.to == ["jonas.keller@example.org"] and message.reply_to == [OFFICE_EMAIL]
    assert message.subject == f"Neuer Link zu Ihrem Antrag {application.reference}"
    [new_path] = paths_in(message.body)
    assert client.get(new_path).status_code == 200


def test_new_link_needs_the_change_permission(client, applicant, redakteur):
    application, path = applicant
    client.force_login(redakteur)
    response = client.post(f"{ADMIN}status-link/{application.pk}/")
    assert response.status_code in {302, 403}
    assert Client().get(path).status_code == 200


def test_links_of_purged_applications_stop_working(client, form_page):
    from tests.builders import make_funding_round

    now = timezone.now()
    old_round = make_funding_round(
        now.replace(year=now.year - 12),
        now.replace(year=now.year - 12) + datetime.timedelta(days=30),
    )
    _application, path = in_status(S.GRANTED, funding_round=old_round)
    assert client.get(path).status_code == 200
    call_command("purge_grant_applications", stdout=StringIO())
    assert not StatusLink.objects.exists()
    assert client.get(path).status_code == 404


def test_conversation_shows_no_internal_notes(client, queried):
    application, path = queried
    StatusChange.objects.filter(application=application).update(note="Nur für uns")
    ApplicationMessage.objects.filter(application=application).update(text="Frage an Sie")
    text = page_text(client.get(path))
    assert "Frage an Sie" in text and "Nur für uns" not in text


def test_attachment_from_the_form_is_not_marked_as_later(client, applicant):
    application, path = applicant
    add_attachment(application, "flyer.pdf")
    text = page_text(client.get(path + "kopie/"))
    assert "flyer.pdf" in text and "nachgereicht" not in text
