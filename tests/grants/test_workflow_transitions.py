"""The status workflow (grants TRANSITIONS) through real POSTs to the admin's status view.

Every allowed step is taken, with and without a mail to the applicant; every other step is
refused with the form's German error and changes nothing; decided applications are final and
show no form.
"""

import datetime
from decimal import Decimal
from itertools import product
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from grants import admin_views
from grants.forms import StatusChangeForm
from grants.models import (
    TRANSITIONS,
    ApplicationStatus,
    GrantApplication,
    MailDelivery,
    StatusChange,
)
from grants.workflow import TransitionNotAllowed, change_status
from tests.builders import make_funding_round, make_home_page

from .builders import (
    SACHBEARBEITUNG,
    build_grants_tree,
    make_application,
    make_role_user,
    status_path,
)

S = ApplicationStatus
ADMIN = "/admin/grants_applications/"
ALLOWED = [(before, after) for before, following in TRANSITIONS.items() for after in following]
FORBIDDEN = [(before, after) for before, after in product(S, S) if after not in TRANSITIONS[before]]
FINAL = [status for status, following in TRANSITIONS.items() if not following]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Site, an open round and a clerk; built once, rolled back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_grants_tree(make_home_page())
        now = timezone.now()
        funding_round = make_funding_round(
            now - datetime.timedelta(days=1), now + datetime.timedelta(days=9), title="Runde"
        )
        clerk = make_role_user(SACHBEARBEITUNG, username="sachbearbeitung")
        yield SimpleNamespace(round=funding_round, clerk=clerk)
        transaction.set_rollback(True)


@pytest.fixture
def clerk_client(world, db):
    client = Client()
    client.force_login(world.clerk)
    return client


@pytest.fixture
def post_status(clerk_client, django_capture_on_commit_callbacks):
    """POST the status form like the browser does; run the mail tasks queued on commit."""

    def _post(application, **data):
        data.setdefault("note", "")
        with django_capture_on_commit_callbacks(execute=True):
            return clerk_client.post(f"{ADMIN}edit/{application.pk}/", data)

    return _post


def in_status(world, status, **fields):
    fields.setdefault("contact_email", "antrag@example.org")
    fields.setdefault("contact_name", "Mira Haddad")
    return make_application(world.round, status=status, **fields)


def german(text, **params):
    with translation.override("de"):
        return translation.gettext(text) % params


def form_errors(response):
    return response.context["form"].errors


def state(application):
    """The application's status, amount, history and mails: all a status POST may change."""
    application = GrantApplication.objects.get(pk=application.pk)
    return (
        application.status,
        application.granted_amount,
        list(application.status_changes.values_list("from_status", "to_status")),
        list(application.mail_deliveries.values_list("kind", "status")),
    )


def test_the_workflow_table_is_what_the_committee_agreed():
    """Guards the table the tests below walk: 15 steps, three final statuses."""
    assert len(ALLOWED) == 15
    assert set(FINAL) == {S.GRANTED, S.REJECTED, S.WITHDRAWN}
    assert len(FORBIDDEN) == 7 * 7 - 15
    # Every status can be reached from „Eingegangen“, and every open one can be left.
    for status in S:
        assert status_path(status)[0] == S.RECEIVED


# --- Allowed steps -----------------------------------------------------------------------------


@pytest.mark.parametrize("notify", [False, True], ids=["quiet", "with mail"])
@pytest.mark.parametrize(("before", "after"), ALLOWED, ids=[f"{b}→{a}" for b, a in ALLOWED])
def test_allowed_step(world, post_status, before, after, notify):
    application = in_status(world, before)
    history_before = application.status_changes.count()
    data = {"status": after, "note": f"Schritt nach {after}"}
    if after == S.GRANTED:
        data["granted_amount"] = "1.250,50"
    if after == S.QUERY:
        data["question"] = "Wer trägt die Raummiete?"
    if notify:
        data["notify_applicant"] = "on"
    notify = notify or after == S.QUERY  # a query always reaches the applicant

    response = post_status(application, **data)

    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}inspect/{application.pk}/"
    application.refresh_from_db()
    assert application.status == after
    assert application.granted_amount == (Decimal("1250.50") if after == S.GRANTED else None)
    assert application.status_changes.count() == history_before + 1
    change = application.status_changes.last()
    assert (change.from_status, change.to_status) == (before, after)
    assert change.changed_by == world.clerk
    assert change.note == f"Schritt nach {after}"
    assert change.applicant_notified is notify

    deliveries = list(application.mail_deliveries.all())
    if not notify:
        assert deliveries == []
        assert mail.outbox == []
        return
    [delivery] = deliveries
    label = str(S(after).label)
    assert delivery.kind == MailDelivery.Kind.STATUS
    assert delivery.recipients == ["antrag@example.org"]
    assert delivery.subject == f"Ihr Antrag {application.reference}: {label}"
    assert delivery.status == MailDelivery.Status.SENT  # locmem backend, task run on commit
    assert "Guten Tag Mira Haddad," in delivery.body
    assert f"Neuer Status: {label}" in delivery.body
    # The note goes with the mail, except for a query: there the question does.
    assert (f"Schritt nach {after}" in delivery.body) is (after != S.QUERY)
    assert ("Wer trägt die Raummiete?" in delivery.body) is (after == S.QUERY)
    assert ("Bewilligter Betrag: 1.250,50 €" in delivery.body) is (after == S.GRANTED)
    [message] = mail.outbox
    assert message.to == ["antrag@example.org"]
    assert message.subject == delivery.subject


def test_success_message_names_reference_and_new_status(world, clerk_client, post_status):
    application = in_status(world, S.RECEIVED)
    post_status(application, status=S.IN_REVIEW)
    html = clerk_client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    assert f"Status von {application.reference}: In Prüfung." in html


def test_a_whole_path_to_the_grant_is_recorded_in_order(world, post_status):
    application = in_status(world, S.RECEIVED)
    for status in [S.IN_REVIEW, S.QUERY, S.IN_REVIEW, S.FOR_DECISION]:
        question = "Wie viele kommen?" if status == S.QUERY else ""
        assert post_status(application, status=status, question=question).status_code == 302
    assert post_status(application, status=S.GRANTED, granted_amount="900").status_code == 302
    history = list(
        StatusChange.objects.filter(application=application).values_list("from_status", "to_status")
    )
    assert history == [
        ("", "received"),
        ("received", "in_review"),
        ("in_review", "query"),
        ("query", "in_review"),
        ("in_review", "for_decision"),
        ("for_decision", "granted"),
    ]


# --- The form offers only the allowed steps ----------------------------------------------------


@pytest.mark.parametrize("status", [s for s in S if s not in FINAL])
def test_form_offers_exactly_the_next_statuses(world, clerk_client, status):
    application = in_status(world, status)
    page = BeautifulSoup(clerk_client.get(f"{ADMIN}edit/{application.pk}/").content, "html.parser")
    offered = [option["value"] for option in page.select("select[name=status] option")]
    assert offered == [str(following) for following in TRANSITIONS[status]]
    assert page.select_one("main .nice-padding strong").get_text(strip=True) == S(status).label


# --- Forbidden steps ---------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after"), FORBIDDEN, ids=[f"{b}→{a}" for b, a in FORBIDDEN])
def test_forbidden_step_is_refused_and_changes_nothing(world, post_status, before, after):
    application = in_status(world, before)
    unchanged = state(application)
    data = {"status": after, "note": "Versuch", "notify_applicant": "on"}
    if after == S.GRANTED:
        data["granted_amount"] = "100"

    response = post_status(application, **data)

    assert state(application) == unchanged
    assert mail.outbox == []
    if before in FINAL:
        # Closed, as Wagtail treats a locked object: back to the detail, which says why.
        assert response.status_code == 302
        assert response.url == f"{ADMIN}inspect/{application.pk}/"
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            f"{application.reference} ist abgeschlossen ({S(before).label}); der Status kann "
            "nicht mehr geändert werden."
        ]
    else:
        assert response.status_code == 200
        expected = german(
            "Select a valid choice. %(value)s is not one of the available choices.",
            value=after,
        )
        assert form_errors(response)["status"] == [expected]
        assert expected in response.content.decode()


def test_unknown_status_is_refused(world, post_status):
    application = in_status(world, S.RECEIVED)
    unchanged = state(application)
    response = post_status(application, status="archived")
    assert form_errors(response)["status"] == [
        german(
            "Select a valid choice. %(value)s is not one of the available choices.",
            value="archived",
        )
    ]
    assert state(application) == unchanged


def test_missing_status_is_refused(world, post_status):
    application = in_status(world, S.RECEIVED)
    unchanged = state(application)
    response = post_status(application)
    assert form_errors(response)["status"] == [german("This field is required.")]
    assert state(application) == unchanged


# --- The granted amount ------------------------------------------------------------------------

AMOUNT_CASES = [
    # (status, amount, field error)
    (S.GRANTED, "", "Bitte den bewilligten Betrag angeben."),
    (S.GRANTED, "0", "Bitte einen Betrag größer als 0 angeben."),
    (S.GRANTED, "-5", "Bitte einen Betrag größer als 0 angeben."),
    (S.GRANTED, "viel", "Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
    (S.GRANTED, "10,001", "Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
    (
        S.GRANTED,
        "2.000,01",
        "Der bewilligte Betrag darf den beantragten (2.000,00 €) nicht übersteigen.",
    ),
    (S.REJECTED, "500", "Ein Betrag wird nur bei „Bewilligt“ gespeichert."),
    (S.IN_REVIEW, "500", "Ein Betrag wird nur bei „Bewilligt“ gespeichert."),
    (S.WITHDRAWN, "1,00", "Ein Betrag wird nur bei „Bewilligt“ gespeichert."),
]


@pytest.mark.parametrize(("status", "amount", "message"), AMOUNT_CASES)
def test_granted_amount_rules(world, post_status, status, amount, message):
    application = in_status(world, S.FOR_DECISION, requested_amount=Decimal("2000.00"))
    unchanged = state(application)
    response = post_status(application, status=status, granted_amount=amount)
    assert response.status_code == 200
    assert form_errors(response) == {"granted_amount": [message]}
    assert message in response.content.decode()
    assert state(application) == unchanged


@pytest.mark.parametrize(
    ("amount", "stored"),
    [("2000", "2000.00"), ("2.000,00", "2000.00"), ("1500,5", "1500.50"), ("0,01", "0.01")],
)
def test_granted_amount_up_to_the_requested_one_is_stored(world, post_status, amount, stored):
    application = in_status(world, S.FOR_DECISION, requested_amount=Decimal("2000.00"))
    assert post_status(application, status=S.GRANTED, granted_amount=amount).status_code == 302
    application.refresh_from_db()
    assert application.granted_amount == Decimal(stored)


# --- Final statuses ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", FINAL)
def test_final_status_shows_no_status_form(world, clerk_client, status):
    application = in_status(world, status)
    response = clerk_client.get(f"{ADMIN}edit/{application.pk}/", follow=True)
    assert response.redirect_chain == [(f"{ADMIN}inspect/{application.pk}/", 302)]
    page = BeautifulSoup(response.content, "html.parser")
    main = page.select_one("main")
    assert main.select("form#w-editor-form") == []
    assert main.select("select[name=status]") == []
    text = page.get_text(" ", strip=True)
    assert "ist abgeschlossen" in text and "der Status kann nicht mehr geändert werden" in text
    assert str(S(status).label) in text


@pytest.mark.parametrize("status", FINAL)
def test_final_status_offers_no_change_in_detail_and_listing(world, clerk_client, status):
    application = in_status(world, status)
    edit_url = f"{ADMIN}edit/{application.pk}/"
    assert edit_url not in clerk_client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    assert edit_url not in clerk_client.get(ADMIN).content.decode()
    open_one = in_status(world, S.RECEIVED)
    assert f"{ADMIN}edit/{open_one.pk}/" in clerk_client.get(ADMIN).content.decode()


def test_form_for_a_final_application_offers_nothing():
    application = GrantApplication(status=S.WITHDRAWN)
    form = StatusChangeForm({"status": "received"}, application=application)
    assert form.fields["status"].choices == []
    assert not form.is_valid()


# --- The workflow function itself --------------------------------------------------------------


def test_change_status_refuses_a_step_from_a_stale_copy(world, db):
    """Two clerks at once: the second one's step is judged on the stored status."""
    application = in_status(world, S.IN_REVIEW)
    stale = GrantApplication.objects.get(pk=application.pk)
    change_status(application, to_status=S.REJECTED, user=world.clerk)
    with pytest.raises(TransitionNotAllowed) as refused:
        change_status(stale, to_status=S.FOR_DECISION, user=world.clerk)
    assert (
        str(refused.value)
        == "Von „Abgelehnt“ kann nicht zu „Zur Beschlussfassung“ gewechselt werden."
    )
    assert application.status_changes.count() == 3


def test_change_status_refuses_a_grant_without_amount(world, db):
    application = in_status(world, S.FOR_DECISION)
    with pytest.raises(TransitionNotAllowed, match="Eine Bewilligung braucht einen Betrag."):
        change_status(application, to_status=S.GRANTED, user=world.clerk)
    application.refresh_from_db()
    assert application.status == S.FOR_DECISION


def test_view_reports_a_concurrent_change_on_the_status_field(world, post_status, monkeypatch):
    """Another clerk rejects the application between the form check and the save."""
    application = in_status(world, S.RECEIVED)
    real_change_status = admin_views.change_status

    def racing(target, **kwargs):
        GrantApplication.objects.filter(pk=target.pk).update(status=S.REJECTED)
        return real_change_status(target, **kwargs)

    monkeypatch.setattr(admin_views, "change_status", racing)
    response = post_status(application, status=S.IN_REVIEW, notify_applicant="on")

    assert response.status_code == 200
    assert form_errors(response) == {
        "status": ["Von „Abgelehnt“ kann nicht zu „In Prüfung“ gewechselt werden."]
    }
    assert application.status_changes.count() == 1
    assert not application.mail_deliveries.exists()


def test_status_change_is_one_transaction(world, db, monkeypatch):
    """When the mail cannot be written, neither the status nor the history change."""
    application = in_status(world, S.RECEIVED)

    def broken(*args, **kwargs):
        raise RuntimeError("Vorlage kaputt")

    monkeypatch.setattr("grants.emails.create_status_mail", broken)
    with pytest.raises(RuntimeError):
        change_status(application, to_status=S.IN_REVIEW, user=world.clerk, notify=True)
    application.refresh_from_db()
    assert application.status == S.RECEIVED
    assert application.status_changes.count() == 1
