"""Every role's real request on every URL of the „Zuschüsse“ admin, with the exact answer.

What Wagtail 8 answers to a refusal (wagtail.admin.auth.require_admin_access):

- anonymous: a redirect to the admin login with `?next=`;
- logged in without `wagtailadmin.access_admin` (no group): the same redirect, with the
  message „You do not have permission to access the admin.“;
- in the admin but without the grants permission (Redaktion, Übersetzung, Freigabe), or an
  action nobody may do (adding applications): PermissionDenied becomes a redirect to the admin
  home with „Sorry, you do not have permission to access this area.“ — never a 403 page;
- the same requests sent by JavaScript (X-Requested-With: XMLHttpRequest) get a plain 403.

Only „Zuschüsse-Sachbearbeitung“ and superusers get in. A refused request changes nothing and
its answer carries none of the applicant's data.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone, translation

from grants.models import (
    FundingRound,
    GrantApplication,
    GrantAttachment,
    MailDelivery,
    StatusChange,
)
from tests.builders import (
    make_funding_round,
    make_home_page,
    round_criteria_form_data,
    round_questions_form_data,
    round_translations_form_data,
)

from .builders import (
    ANONYMOUS,
    FREIGABE,
    NO_GROUP,
    PDF,
    REDAKTION,
    ROLES,
    SACHBEARBEITUNG,
    SUPERUSER,
    UEBERSETZUNG,
    build_grants_tree,
    make_application,
    make_role_user,
)

APPLICATIONS = "/admin/grants_applications/"
ROUNDS = "/admin/grants_rounds/"
LOGIN = "/admin/login/"
ADMIN_HOME = "/admin/"

#: What no refused answer may contain: the applicant's data and the attachment's bytes.
APPLICANT_DATA = [
    "Verein Geheim e. V.",
    "geheim@example.org",
    "DE89370400440532013000",
    "0681 555000",
    "Stillschweigen",
]


# --- One data set for the whole module -----------------------------------------------------------


@pytest.fixture(scope="module")
def module_private_root(tmp_path_factory):
    return tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def private_root(settings, module_private_root):
    """Overrides the per-test folder of conftest: the module's attachments live here."""
    settings.ZIB_GRANTS_PRIVATE_ROOT = module_private_root
    return module_private_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, module_private_root):
    """Page tree, an open round with one application (attachment, failed mail), a closed round
    and one user per role; built once, rolled back at the end of the module."""
    with (
        django_db_blocker.unblock(),
        override_settings(ZIB_GRANTS_PRIVATE_ROOT=module_private_root),
        transaction.atomic(),
    ):
        build_grants_tree(make_home_page())
        now = timezone.now()
        funding_round = make_funding_round(
            now - datetime.timedelta(days=2), now + datetime.timedelta(days=20), title="Offen"
        )
        application = make_application(
            funding_round,
            organisation_name="Verein Geheim e. V.",
            contact_email="geheim@example.org",
            contact_phone="0681 555000",
            title="Projekt Stillschweigen",
            attachments=["kostenplan.pdf"],
        )
        delivery = MailDelivery.objects.create(
            application=application,
            kind=MailDelivery.Kind.CONFIRMATION,
            recipients=[application.contact_email],
            subject=f"Ihr Antrag {application.reference}",
            body="Danke.\n",
            status=MailDelivery.Status.FAILED,
            attempts=1,
            last_error="SMTPServerDisconnected: down",
        )
        users = {
            role: make_role_user(role, username=f"role-{index}") for index, role in enumerate(ROLES)
        }
        yield SimpleNamespace(
            round=funding_round,
            application=application,
            attachment=application.attachments.get(),
            delivery=delivery,
            users=users,
        )
        transaction.set_rollback(True)


def snapshot(root):
    """Everything a grants admin request could change, files on disk included."""
    return {
        "applications": list(
            GrantApplication.objects.order_by("pk").values_list("pk", "status", "granted_amount")
        ),
        "history": list(StatusChange.objects.order_by("pk").values_list("pk", "to_status")),
        "rounds": list(FundingRound.objects.order_by("pk").values()),
        "mails": list(
            MailDelivery.objects.order_by("pk").values_list("pk", "status", "attempts", "sent_at")
        ),
        "attachments": list(GrantAttachment.objects.order_by("pk").values_list("pk", "file")),
        "files": sorted(str(path) for path in root.rglob("*") if path.is_file()),
    }


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def round_form_data(world, **fields):
    funding_round = world.round
    data = {
        "title": funding_round.title,
        "year": str(funding_round.year),
        "opens_at": local(funding_round.opens_at),
        "closes_at": local(funding_round.closes_at),
        "budget": "10000.00",
        "max_amount_per_application": "",
        "committee_meeting_date": "",
        "description": "",
        **round_translations_form_data(),
        **round_questions_form_data(),
        **round_criteria_form_data(),
    }
    data.update(fields)
    return data


# --- The URLs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: object  # world -> str
    data: object = field(default=None)  # world -> dict, for POST
    effect: object = field(default=None)  # (world, user) -> None, asserts an allowed POST's effect

    def request(self, client, world, **headers):
        path = self.path(world)
        if self.method == "GET":
            return client.get(path, headers=headers)
        return client.post(path, self.data(world) if self.data else {}, headers=headers)


def status_changed(world, user):
    application = GrantApplication.objects.get(pk=world.application.pk)
    assert application.status == "in_review"
    assert application.status_changes.last().changed_by == user


def mail_sent(world, user):
    delivery = MailDelivery.objects.get(pk=world.delivery.pk)
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def round_added(world, user):
    assert FundingRound.objects.get(title="Zuschüsse 2031").budget == Decimal("5000.00")


def round_renamed(world, user):
    assert FundingRound.objects.get(pk=world.round.pk).title == "Offen (umbenannt)"


def deletion_requested(world, user):
    """Four eyes: one POST only asks for the deletion; the application stays."""
    from grants.models import DeletionRequest

    assert GrantApplication.objects.filter(pk=world.application.pk).exists()
    request = DeletionRequest.objects.get(application=world.application)
    assert (request.state, request.requested_by) == ("pending", user)


def application_pk(world):
    return world.application.pk


ENDPOINTS = {
    "applications index": Endpoint("GET", lambda w: APPLICATIONS),
    "applications results": Endpoint("GET", lambda w: f"{APPLICATIONS}results/"),
    "applications search": Endpoint("GET", lambda w: f"{APPLICATIONS}?q=Geheim"),
    "application inspect": Endpoint("GET", lambda w: f"{APPLICATIONS}inspect/{application_pk(w)}/"),
    "status edit GET": Endpoint("GET", lambda w: f"{APPLICATIONS}edit/{application_pk(w)}/"),
    "status edit POST": Endpoint(
        "POST",
        lambda w: f"{APPLICATIONS}edit/{application_pk(w)}/",
        lambda w: {"status": "in_review", "note": "Unterlagen vollständig"},
        status_changed,
    ),
    "application add GET": Endpoint("GET", lambda w: f"{APPLICATIONS}new/"),
    "application add POST": Endpoint(
        "POST", lambda w: f"{APPLICATIONS}new/", lambda w: {"status": "received"}
    ),
    "application delete GET": Endpoint(
        "GET", lambda w: f"{APPLICATIONS}delete/{application_pk(w)}/"
    ),
    "application delete POST": Endpoint(
        "POST",
        lambda w: f"{APPLICATIONS}delete/{application_pk(w)}/",
        lambda w: {"action": "request", "reason": "Art. 17 DSGVO"},
        deletion_requested,
    ),
    "disclosure JSON": Endpoint(
        "GET", lambda w: f"{APPLICATIONS}disclosure/{application_pk(w)}/json/"
    ),
    "anonymise GET": Endpoint("GET", lambda w: f"{APPLICATIONS}anonymise/{application_pk(w)}/"),
    "access log": Endpoint("GET", lambda w: "/admin/grants_access_log/"),
    "deletion requests": Endpoint("GET", lambda w: "/admin/grants_deletions/"),
    "application history": Endpoint("GET", lambda w: f"{APPLICATIONS}history/{application_pk(w)}/"),
    "application usage": Endpoint("GET", lambda w: f"{APPLICATIONS}usage/{application_pk(w)}/"),
    "attachment download": Endpoint(
        "GET", lambda w: f"{APPLICATIONS}attachment/{w.attachment.pk}/"
    ),
    "attachment missing": Endpoint("GET", lambda w: f"{APPLICATIONS}attachment/999999/"),
    "mail retry POST": Endpoint(
        "POST", lambda w: f"{APPLICATIONS}mail/{w.delivery.pk}/retry/", None, mail_sent
    ),
    "mail retry GET": Endpoint("GET", lambda w: f"{APPLICATIONS}mail/{w.delivery.pk}/retry/"),
    "rounds index": Endpoint("GET", lambda w: ROUNDS),
    "rounds results": Endpoint("GET", lambda w: f"{ROUNDS}results/"),
    "round inspect": Endpoint("GET", lambda w: f"{ROUNDS}inspect/{w.round.pk}/"),
    "round add GET": Endpoint("GET", lambda w: f"{ROUNDS}new/"),
    "round add POST": Endpoint(
        "POST",
        lambda w: f"{ROUNDS}new/",
        lambda w: round_form_data(
            w,
            title="Zuschüsse 2031",
            year="2031",
            opens_at="2031-01-01 00:00",
            closes_at="2031-03-31 23:59",
            budget="5000",
        ),
        round_added,
    ),
    "round edit GET": Endpoint("GET", lambda w: f"{ROUNDS}edit/{w.round.pk}/"),
    "round edit POST": Endpoint(
        "POST",
        lambda w: f"{ROUNDS}edit/{w.round.pk}/",
        lambda w: round_form_data(w, title="Offen (umbenannt)"),
        round_renamed,
    ),
    "round delete GET": Endpoint("GET", lambda w: f"{ROUNDS}delete/{w.round.pk}/"),
    "round delete POST": Endpoint("POST", lambda w: f"{ROUNDS}delete/{w.round.pk}/"),
    "round history": Endpoint("GET", lambda w: f"{ROUNDS}history/{w.round.pk}/"),
    "round usage": Endpoint("GET", lambda w: f"{ROUNDS}usage/{w.round.pk}/"),
    "export CSV": Endpoint("GET", lambda w: f"{ROUNDS}export/{w.round.pk}/csv/"),
    "export XLSX": Endpoint("GET", lambda w: f"{ROUNDS}export/{w.round.pk}/xlsx/"),
    "export other format": Endpoint("GET", lambda w: f"{ROUNDS}export/{w.round.pk}/pdf/"),
}

# Outcomes. LOGIN/NO_ADMIN/DENIED are refusals; a path is the redirect of an allowed POST.
LOGIN_REDIRECT = "login"
NO_ADMIN = "no admin"
DENIED = "denied"
OK = 200
NOT_FOUND = 404
NOT_ALLOWED = 405
INSPECT = "→ inspect"
ROUNDS_INDEX = "→ rounds"
APPLICATIONS_INDEX = "→ applications"

R = (LOGIN_REDIRECT, NO_ADMIN, DENIED, DENIED, DENIED)  # the five refused roles
# fmt: off
#: endpoint: (anonymous, no group, Redaktion, Übersetzung, Freigabe, Sachbearbeitung, superuser)
MATRIX = {
    "applications index":       (*R, OK, OK),
    "applications results":     (*R, OK, OK),
    "applications search":      (*R, OK, OK),
    "application inspect":      (*R, OK, OK),
    "status edit GET":          (*R, OK, OK),
    "status edit POST":         (*R, INSPECT, INSPECT),
    "application add GET":      (*R, DENIED, DENIED),
    "application add POST":     (*R, DENIED, DENIED),
    # Four eyes (grants.privacy): the delete URL asks for a deletion; a second person of
    # „Zuschüsse-Leitung“ confirms it there (tests/grants/test_privacy.py).
    "application delete GET":   (*R, OK, OK),
    "application delete POST":  (*R, INSPECT, INSPECT),
    "disclosure JSON":          (*R, OK, OK),
    "anonymise GET":            (*R, DENIED, OK),
    "access log":               (*R, DENIED, OK),
    "deletion requests":        (*R, OK, OK),
    "application history":      (*R, OK, OK),
    "application usage":        (*R, OK, OK),
    "attachment download":      (*R, OK, OK),
    "attachment missing":       (*R, NOT_FOUND, NOT_FOUND),
    "mail retry POST":          (*R, INSPECT, INSPECT),
    # require_POST answers before the permission check; the answer is empty either way.
    "mail retry GET":           (LOGIN_REDIRECT, NO_ADMIN, NOT_ALLOWED, NOT_ALLOWED,
                                 NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),
    "rounds index":             (*R, OK, OK),
    "rounds results":           (*R, OK, OK),
    "round inspect":            (*R, OK, OK),
    "round add GET":            (*R, OK, OK),
    "round add POST":           (*R, ROUNDS_INDEX, ROUNDS_INDEX),
    "round edit GET":           (*R, OK, OK),
    "round edit POST":          (*R, ROUNDS_INDEX, ROUNDS_INDEX),
    "round delete GET":         (*R, DENIED, OK),
    # A round with applications is protected (on_delete=PROTECT): Wagtail refuses even the
    # superuser, with the same redirect; its GET explains why.
    "round delete POST":        (*R, DENIED, DENIED),
    "round history":            (*R, OK, OK),
    "round usage":              (*R, OK, OK),
    "export CSV":               (*R, OK, OK),
    "export XLSX":              (*R, OK, OK),
    "export other format":      (*R, NOT_FOUND, NOT_FOUND),
}
# fmt: on
assert set(MATRIX) == set(ENDPOINTS)

CASES = [
    pytest.param(name, role, MATRIX[name][index], id=f"{name} | {role}")
    for name in ENDPOINTS
    for index, role in enumerate(ROLES)
]
REFUSALS = {LOGIN_REDIRECT, NO_ADMIN, DENIED}


def message_texts(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def german(text):
    with translation.override("de"):
        return translation.gettext(text)


def client_for(world, role):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_refused(response, outcome, path):
    if outcome == LOGIN_REDIRECT:
        assert response.status_code == 302
        assert (
            response["Location"] == f"{LOGIN}?next={path.replace('?', '%3F').replace('=', '%3D')}"
        )
        assert message_texts(response) == []
    elif outcome == NO_ADMIN:
        assert response.status_code == 302
        assert response["Location"].startswith(f"{LOGIN}?next=")
        assert message_texts(response) == [
            german("You do not have permission to access the admin.")
        ]
    else:
        assert response.status_code == 302
        assert response["Location"] == ADMIN_HOME
        assert message_texts(response) == [
            german("Sorry, you do not have permission to access this area.")
        ]


@pytest.mark.parametrize(("name", "role", "outcome"), CASES)
def test_role_on_grants_admin_url(world, private_root, db, name, role, outcome):
    endpoint = ENDPOINTS[name]
    client = client_for(world, role)
    before = snapshot(private_root)

    response = endpoint.request(client, world)

    body = body_of(response)
    path = endpoint.path(world)
    if outcome in REFUSALS or outcome in {NOT_ALLOWED, NOT_FOUND}:
        if outcome in REFUSALS:
            assert_refused(response, outcome, path)
        else:
            assert response.status_code == outcome
        assert snapshot(private_root) == before, "a refused request changed data"
        for text in APPLICANT_DATA:
            assert text.encode() not in body
        assert PDF not in body
        return

    if outcome == OK:
        assert response.status_code == 200, response.get("Location")
    else:
        expected = {
            INSPECT: f"{APPLICATIONS}inspect/{world.application.pk}/",
            ROUNDS_INDEX: ROUNDS,
            APPLICATIONS_INDEX: APPLICATIONS,
        }[outcome]
        assert response.status_code == 302
        assert response["Location"] == expected
        endpoint.effect(world, world.users[role])
    if endpoint.method == "GET" and endpoint.effect is None:
        assert snapshot(private_root) == before, "a GET changed data"


@pytest.mark.parametrize("name", list(ENDPOINTS))
@pytest.mark.parametrize("role", [ANONYMOUS, NO_GROUP, REDAKTION, UEBERSETZUNG, FREIGABE])
def test_refusal_of_a_script_request_is_a_plain_403(world, private_root, db, name, role):
    """JavaScript (X-Requested-With) gets 403 instead of a redirect, for every refusal."""
    endpoint = ENDPOINTS[name]
    before = snapshot(private_root)
    response = endpoint.request(client_for(world, role), world, x_requested_with="XMLHttpRequest")
    expected = 405 if name == "mail retry GET" and role not in {ANONYMOUS, NO_GROUP} else 403
    assert response.status_code == expected
    assert snapshot(private_root) == before
    for text in APPLICANT_DATA:
        assert text.encode() not in response.content


# --- What the allowed roles receive ------------------------------------------------------------


@pytest.mark.parametrize("role", [SACHBEARBEITUNG, SUPERUSER])
def test_allowed_roles_see_the_data_they_asked_for(world, db, role):
    client = client_for(world, role)
    application = world.application
    listing = client.get(APPLICATIONS).content.decode()
    assert application.reference in listing and "Verein Geheim e. V." in listing
    detail = client.get(f"{APPLICATIONS}inspect/{application.pk}/").content.decode()
    for text in APPLICANT_DATA:
        assert text in detail
    download = client.get(f"{APPLICATIONS}attachment/{world.attachment.pk}/")
    assert body_of(download) == PDF
    assert {"private", "no-store"} <= set(download["Cache-Control"].split(", "))
    assert download["X-Content-Type-Options"] == "nosniff"
    export = client.get(f"{ROUNDS}export/{world.round.pk}/csv/")
    text = export.content.decode("utf-8-sig")
    assert "Verein Geheim e. V." in text
    assert "DE89370400440532013000" not in text  # no bank details in the committee's export
    assert {"private", "no-store"} <= set(export["Cache-Control"].split(", "))
    assert export["Content-Disposition"] == 'attachment; filename="zuschuesse-offen.csv"'
    xlsx = client.get(f"{ROUNDS}export/{world.round.pk}/xlsx/")
    assert xlsx["Content-Disposition"] == 'attachment; filename="zuschuesse-offen.xlsx"'
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize("role", [REDAKTION, UEBERSETZUNG, FREIGABE])
def test_refused_staff_land_on_a_dashboard_without_grants(world, db, role):
    """Following the refusal: the admin home with the message, no grants menu, no panel."""
    client = client_for(world, role)
    response = client.get(f"{APPLICATIONS}inspect/{world.application.pk}/", follow=True)
    assert response.redirect_chain == [(ADMIN_HOME, 302)]
    html = response.content.decode()
    assert german("Sorry, you do not have permission to access this area.") in html
    assert "grants_applications" not in html and "grants_rounds" not in html
    for text in [*APPLICANT_DATA, world.application.reference]:
        assert text not in html


@pytest.mark.parametrize("role", [ANONYMOUS, NO_GROUP])
def test_outsiders_land_on_the_login_page_without_data(world, db, role):
    client = client_for(world, role)
    response = client.get(f"{ROUNDS}export/{world.round.pk}/csv/", follow=True)
    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    for text in [*APPLICANT_DATA, world.application.reference]:
        assert text not in html


def test_the_grants_menu_only_for_the_allowed_roles(world, db):
    shown = {}
    for role in [REDAKTION, UEBERSETZUNG, FREIGABE, SACHBEARBEITUNG, SUPERUSER]:
        html = client_for(world, role).get(ADMIN_HOME).content.decode()
        shown[role] = APPLICATIONS in html and ROUNDS in html
    assert shown == {
        REDAKTION: False,
        UEBERSETZUNG: False,
        FREIGABE: False,
        SACHBEARBEITUNG: True,
        SUPERUSER: True,
    }


def test_nobody_is_offered_to_add_or_copy_an_application(world, db):
    for role in [SACHBEARBEITUNG, SUPERUSER]:
        html = client_for(world, role).get(APPLICATIONS).content.decode()
        assert f'href="{APPLICATIONS}new/"' not in html
        assert "/copy/" not in html


def test_clerk_is_offered_no_round_deletion_the_superuser_is(world, db):
    delete = f"{ROUNDS}delete/{world.round.pk}/"
    clerk = client_for(world, SACHBEARBEITUNG).get(f"{ROUNDS}edit/{world.round.pk}/")
    superuser = client_for(world, SUPERUSER).get(f"{ROUNDS}edit/{world.round.pk}/")
    assert delete not in clerk.content.decode()
    assert delete in superuser.content.decode()


def test_superuser_is_told_why_a_round_with_applications_cannot_go(world, db):
    response = client_for(world, SUPERUSER).get(f"{ROUNDS}delete/{world.round.pk}/")
    assert response.status_code == 200
    text = " ".join(
        BeautifulSoup(response.content, "html.parser").select_one("main").stripped_strings
    )
    assert "verhindern, dass es gelöscht wird" in text
    assert not BeautifulSoup(response.content, "html.parser").select(
        f'main form[action="{ROUNDS}delete/{world.round.pk}/"]'
    )


def test_deleting_an_application_in_the_admin_removes_its_files(
    world, private_root, db, django_capture_on_commit_callbacks
):
    """A deletion (asked for by the clerk, confirmed by the superuser: four eyes) leaves no
    attachment of the applicant in the private folder."""
    path = private_root / world.attachment.file.name
    assert path.is_file()
    url = f"{APPLICATIONS}delete/{world.application.pk}/"
    client_for(world, SACHBEARBEITUNG).post(url, {"action": "request", "reason": "Art. 17"})
    client = client_for(world, SUPERUSER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    assert not GrantAttachment.objects.filter(pk=world.attachment.pk).exists()
    assert not path.exists()
