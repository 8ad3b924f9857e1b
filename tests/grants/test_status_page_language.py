"""The status page and its mails speak the applicant's language (the language of the form they
used), with the English form page's link; the office keeps reading German."""

import re

import pytest
from django.core import mail
from django.test import Client

from grants import status_links
from grants.models import ApplicationStatus
from grants.workflow import change_status
from tests.builders import page_text

from .builders import make_application

pytestmark = pytest.mark.django_db


def test_an_english_applicant_gets_english_mail_and_status_page(
    module_demo_site, django_capture_on_commit_callbacks
):
    application = make_application(status=ApplicationStatus.IN_REVIEW, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(
            application, to_status=ApplicationStatus.QUERY, question="Who pays the room rent?"
        )
    [message] = mail.outbox
    assert message.subject == f"Your application {application.reference}: Query to applicant"
    assert "Our query:" in message.body and "Who pays the room rent?" in message.body
    assert message.reply_to and "simply reply to this e-mail" in message.body
    [path] = re.findall(r"https?://[^/\s]+(/en/[^\s]+/status/[A-Za-z0-9_-]{59}/)", message.body)

    text = page_text(Client().get(path))
    assert "Current status: Query to applicant" in text
    assert "We have a question about your application." in text
    assert "Who pays the room rent?" in text
    assert "Send answer" in text and "Withdraw application" in text

    # The same link under the German form page: the page's language, not a fallback.
    token = path.rstrip("/").rsplit("/", 1)[1]
    german = page_text(Client().get(f"/zuschuesse/antrag/status/{token}/"))
    assert "Aktueller Stand: Rückfrage" in german


def test_a_wrong_link_is_a_404_in_every_language(module_demo_site):
    application = make_application(language="en")
    status_links.issue(application)
    response = Client().get("/en/grants/application/status/" + "x" * 59 + "/")
    assert response.status_code == 404
    assert application.reference not in page_text(response)
