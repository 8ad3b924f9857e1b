"""Processing in the Wagtail admin: permissions per group, list, detail, downloads, status
workflow with history and e-mail, round figures, exports."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils.text import capfirst
from openpyxl import load_workbook

from grants.forms import exported_fields, stored_fieldsets
from grants.models import ApplicationStatus, GrantApplication, StatusChange

from .conftest import body, pdf_bytes, plan_for, upload

pytestmark = pytest.mark.django_db

ADMIN = "/admin/grants_applications/"
ROUNDS = "/admin/grants_rounds/"


@pytest.fixture
def application(form_page, submit):
    assert submit().status_code == 302
    return GrantApplication.objects.get()


def download_url(application):
    return f"{ADMIN}attachment/{application.attachments.get(kind='budget_plan').pk}/"


def streamed(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- Groups and permissions ---------------------------------------------------------------------


def test_groups_exist_with_their_permissions(db):
    clerks = Group.objects.get(name="Zuschüsse-Sachbearbeitung")
    assert set(clerks.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "view_grantapplication",
        "change_grantapplication",
        "view_fundinground",
        "add_fundinground",
        "change_fundinground",
        "view_decisionlettertemplate",
        "add_decisionlettertemplate",
        "change_decisionlettertemplate",
    }
    reviewers = Group.objects.get(name="Zuschüsse-Begutachtung")
    assert set(reviewers.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "review_grantapplication",
    }
    # The editorial roles' full definition is tested in tests/editors/test_roles.py.
    editors = Group.objects.get(name="Redaktion")
    assert not editors.permissions.filter(content_type__app_label="grants").exists()
    assert editors.page_permissions.exists() and editors.collection_permissions.exists()


def test_attachment_download_for_clerk(client, application, clerk):
    client.force_login(clerk)
    response = client.get(download_url(application))
    assert response.status_code == 200
    assert streamed(response) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="kostenplan.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_attachment_not_for_anonymous(client, application):
    response = client.get(download_url(application))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert pdf_bytes() not in streamed(response)


def test_redaktion_sees_no_applications_and_gets_no_bytes(client, application, redakteur):
    client.force_login(redakteur)
    assert client.get("/admin/").status_code == 200
    assert "Zuschüsse" not in client.get("/admin/").content.decode()
    for url in [
        ADMIN,
        f"{ADMIN}inspect/{application.pk}/",
        f"{ADMIN}edit/{application.pk}/",
        ROUNDS,
        f"{ROUNDS}export/{application.funding_round_id}/csv/",
    ]:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert b"Interkultureller Verein" not in response.content, url
    response = client.get(download_url(application))
    assert response.status_code in {302, 403}
    assert pdf_bytes() not in streamed(response)


def test_media_url_does_not_serve_attachments(client, application):
    name = application.attachments.first().file.name
    assert client.get(f"/media/{name}").status_code == 404


def test_nobody_adds_applications_in_the_admin(admin_client, application):
    response = admin_client.get(f"{ADMIN}new/")
    assert response.status_code == 302  # Wagtail turns PermissionDenied into a redirect
    assert response["Location"] == "/admin/"
    assert "Neuer Antrag" not in admin_client.get(ADMIN).content.decode()


# --- List and detail ----------------------------------------------------------------------------


def test_list_filters_search_and_sorting(client, form_page, submit, clerk):
    submit(organisation_name="Verein Alpha", title="Sprachcafé", kind="project")
    submit(organisation_name="Verein Beta", title="Fest")
    client.force_login(clerk)

    html = client.get(ADMIN).content.decode()
    assert "Verein Alpha" in html and "Verein Beta" in html
    assert "ZIB-2026-0001" in html

    def listed(query):
        return client.get(ADMIN + query).content.decode()

    assert "Verein Beta" not in listed("?kind=project")
    assert "Verein Alpha" not in listed("?q=Beta")
    assert "Verein Alpha" in listed("?q=ZIB-2026-0001")
    assert "Verein Beta" not in listed("?q=Sprachcaf")
    assert "Verein Alpha" not in listed("?status=in_review")
    ascending = listed("?ordering=organisation_name")
    assert ascending.index("Verein Alpha") < ascending.index("Verein Beta")
    descending = listed("?ordering=-organisation_name")
    assert descending.index("Verein Beta") < descending.index("Verein Alpha")


def test_list_filter_by_round(client, application, clerk):
    from django.utils import timezone

    from .conftest import make_round

    now = timezone.now()
    other = make_round(now.replace(year=2020), now.replace(year=2020, month=12, day=31))
    client.force_login(clerk)
    html = client.get(f"{ADMIN}?funding_round={application.funding_round_id}").content.decode()
    assert application.reference in html
    html = client.get(f"{ADMIN}?funding_round={other.pk}").content.decode()
    assert application.reference not in html


def test_detail_view_groups_the_data_as_the_form_does(client, application, clerk):
    """One section per fieldset of the form, each field once, times in the site's time zone."""
    GrantApplication.objects.filter(pk=application.pk).update(
        submitted_at=datetime.datetime(2026, 12, 2, 0, 40, tzinfo=datetime.UTC)
    )
    client.force_login(clerk)
    page = BeautifulSoup(client.get(f"{ADMIN}inspect/{application.pk}/").content, "html.parser")
    headings = [h2.get_text(strip=True) for h2 in page.select("section h2")]
    for legend, names in stored_fieldsets():
        assert str(legend) in headings
        section = next(
            h2.parent for h2 in page.select("section h2") if h2.get_text(strip=True) == legend
        )
        labels = [dt.get_text(strip=True) for dt in section.select("dt")]
        assert labels == [
            capfirst(GrantApplication._meta.get_field(name).verbose_name) for name in names
        ]
    text = page.get_text(" ", strip=True)
    assert "2. Dezember 2026 01:40" in text  # 00:40 UTC is 01:40 in Berlin
    assert "None" not in text
    granted = next(dt for dt in page.select("dt") if "Bewilligter Betrag" in dt.get_text())
    assert granted.find_next_sibling("dd").get_text(strip=True) == "–"


def test_detail_view_shows_all_data(client, application, clerk):
    client.force_login(clerk)
    html = client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    for text in [
        "ZIB-2026-0001",
        "Interkultureller Verein Malstatt e. V.",
        "Ludwigstraße 12",
        "ayse.demir@example.org",
        "Fest der Kulturen",
        "Familien im Stadtteil",
        "DE89370400440532013000",
        "Stiftung Nachbarschaft",
        "kostenplan.pdf",
        "Statusverlauf",
        "Status ändern",
    ]:
        assert text in html, text


# --- Status workflow ----------------------------------------------------------------------------


@pytest.fixture
def change(client, django_capture_on_commit_callbacks):
    """POST the status-change form; run the queued e-mail tasks after the commit."""

    def _change(client, application, **data):
        data.setdefault("note", "")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{ADMIN}edit/{application.pk}/", data)

    return _change


def test_status_workflow_records_history_and_mails(client, application, clerk, smtp, change):
    client.force_login(clerk)
    page = client.get(f"{ADMIN}edit/{application.pk}/").content.decode()
    assert 'value="in_review"' in page and 'value="granted"' not in page  # allowed steps only

    assert (
        change(client, application, status="in_review", note="Unterlagen vollständig").status_code
        == 302
    )
    response = change(
        client,
        application,
        status="query",
        question="Bitte reichen Sie die Satzung nach.",
        note="Satzung fehlt",
    )
    assert response.status_code == 302
    change(client, application, status="for_decision")
    response = change(client, application, status="granted")  # amount missing
    assert response.status_code == 200
    assert "Bitte den bewilligten Betrag angeben." in response.content.decode()
    response = change(client, application, status="granted", granted_amount="9000")
    assert "nicht übersteigen" in response.content.decode()
    assert (
        change(
            client, application, status="granted", granted_amount="1.200,00", notify_applicant="on"
        ).status_code
        == 302
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.GRANTED
    assert application.granted_amount == Decimal("1200.00")
    history = list(
        StatusChange.objects.filter(application=application).values_list(
            "from_status", "to_status", "changed_by__username", "note", "applicant_notified"
        )
    )
    assert history == [
        ("", "received", None, "", False),
        ("received", "in_review", "sachbearbeiterin", "Unterlagen vollständig", False),
        ("in_review", "query", "sachbearbeiterin", "Satzung fehlt", True),  # a query always mails
        ("query", "for_decision", "sachbearbeiterin", "", False),
        ("for_decision", "granted", "sachbearbeiterin", "", True),
    ]
    mails = smtp.to("ayse.demir@example.org")
    assert len(mails) == 2
    assert "Rückfrage" in mails[0]["Subject"]
    assert "Bitte reichen Sie die Satzung nach." in body(mails[0])
    assert "Satzung fehlt" not in body(mails[0])  # the note of a query stays internal
    assert "Bewilligt" in mails[1]["Subject"]
    assert "1.200,00 €" in body(mails[1])

    html = client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    assert "Bitte reichen Sie die Satzung nach." in html
    # Decided applications are final: the form is not reachable (test_closed_application_*).
    assert "Status ändern" not in html


def test_invalid_transition_is_refused(client, application, clerk, change):
    client.force_login(clerk)
    response = change(client, application, status="granted", granted_amount="100")
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.status_changes.count() == 1


def test_clerk_without_change_permission_cannot_change_status(
    client, application, django_user_model, change
):
    from .conftest import make_user

    viewer = make_user(django_user_model, "leser")
    viewer.user_permissions.add(
        *Group.objects.get(name="Zuschüsse-Sachbearbeitung").permissions.exclude(
            codename="change_grantapplication"
        )
    )
    client.force_login(viewer)
    assert client.get(f"{ADMIN}inspect/{application.pk}/").status_code == 200
    assert change(client, application, status="in_review").status_code in {302, 403}
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED


# --- Rounds: figures and exports -----------------------------------------------------------------


@pytest.fixture
def decided_round(client, form_page, submit, clerk):
    submit(organisation_name="Verein Alpha", requested_amount="1000", plan=plan_for("1000"))
    submit(organisation_name="Verein Beta", requested_amount="2000,50", plan=plan_for("2000,50"))
    alpha = GrantApplication.objects.get(organisation_name="Verein Alpha")
    for status in ["in_review", "for_decision"]:
        from grants.workflow import change_status

        change_status(alpha, to_status=status, user=clerk)
    change_status(alpha, to_status="granted", user=clerk, granted_amount=Decimal("800"))
    return alpha.funding_round


def test_round_figures(client, decided_round, clerk):
    assert decided_round.stats() == {
        "count": 2,
        "requested": Decimal("3000.50"),
        "granted": Decimal("800.00"),
        "budget_left": Decimal("9200.00"),
    }
    client.force_login(clerk)
    listing = client.get(ROUNDS).content.decode()
    assert "3.000,50 €" in listing and "800,00 €" in listing and "9.200,00 €" in listing
    detail = client.get(f"{ROUNDS}inspect/{decided_round.pk}/").content.decode()
    assert "9.200,00 €" in detail
    assert f"{ROUNDS}export/{decided_round.pk}/xlsx/" in detail


def test_export_csv(client, decided_round, clerk):
    client.force_login(clerk)
    response = client.get(f"{ROUNDS}export/{decided_round.pk}/csv/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Aktenzeichen", "Eingegangen am", "Status", "Name der Organisation"]
    assert rows[0][-1] == "Bewilligter Betrag (EUR)"
    assert [row[0] for row in rows[1:]] == ["ZIB-2026-0001", "ZIB-2026-0002"]
    alpha, beta = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert alpha["Status"] == "Bewilligt" and alpha["Name der Organisation"] == "Verein Alpha"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", alpha["Eingegangen am"])
    assert alpha["Beantragter Zuschuss (EUR)"] == "1000,00"
    assert alpha["Bewilligter Betrag (EUR)"] == "800,00"
    assert beta["Beantragter Zuschuss (EUR)"] == "2000,50"
    assert beta["Bewilligter Betrag (EUR)"] == ""


def test_exports_follow_the_forms_fieldsets_without_bank_details(client, decided_round, clerk):
    """The columns are derived from the form: every stored field but bank data and consents."""
    client.force_login(clerk)
    text = client.get(f"{ROUNDS}export/{decided_round.pk}/csv/").content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    labels = [
        str(GrantApplication._meta.get_field(name).verbose_name) for name in exported_fields()
    ]
    assert header[3:-1] == [*labels, "Kostenpositionen", "Finanzierungspositionen"]
    for hidden in ("IBAN", "BIC", "Kontoinhaber*in", "Einwilligung Datenschutz"):
        assert hidden not in header


def test_export_xlsx(client, decided_round, clerk):
    client.force_login(clerk)
    response = client.get(f"{ROUNDS}export/{decided_round.pk}/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Aktenzeichen"
    alpha, beta = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert alpha["Aktenzeichen"] == "ZIB-2026-0001"
    assert alpha["Beantragter Zuschuss (EUR)"] == 1000.0
    assert alpha["Bewilligter Betrag (EUR)"] == 800.0
    assert beta["Name der Organisation"] == "Verein Beta"


def test_round_admin_rejects_overlap_with_a_clear_message(client, open_round, clerk):
    client.force_login(clerk)
    response = client.post(
        f"{ROUNDS}new/",
        {
            "title": "Doppelt",
            "year": "2026",
            "opens_at": "2026-01-01 00:00",
            "closes_at": "2099-12-31 23:59",
            "budget": "1000",
        },
    )
    assert response.status_code == 200
    assert "überschneidet sich mit der Runde „Zuschüsse 2026“" in response.content.decode()


def test_attachments_listed_in_detail_with_download_links(client, form_page, submit, clerk):
    submit(attachments=[upload("satzung.pdf")])
    application = GrantApplication.objects.get()
    client.force_login(clerk)
    html = client.get(f"{ADMIN}inspect/{application.pk}/").content.decode()
    for attachment in application.attachments.all():
        assert f"{ADMIN}attachment/{attachment.pk}/" in html


# --- Closed applications ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [ApplicationStatus.GRANTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]
)
def test_closed_application_has_no_status_form(client, clerk, status, change):
    """GET and POST of /edit/ go back to the detail with a warning; nothing changes."""
    from .builders import make_application

    closed = make_application(status=status)
    history = closed.status_changes.count()
    client.force_login(clerk)
    edit_url = f"{ADMIN}edit/{closed.pk}/"
    response = client.get(edit_url, follow=True)
    assert response.redirect_chain == [(f"{ADMIN}inspect/{closed.pk}/", 302)]
    html = response.content.decode()
    assert "ist abgeschlossen" in html and "kann nicht mehr geändert werden" in html
    assert edit_url not in html  # neither header button nor row menu offers it
    assert edit_url not in client.get(ADMIN).content.decode()

    response = change(client, closed, status="in_review", note="Wieder aufnehmen")
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}inspect/{closed.pk}/"
    closed.refresh_from_db()
    assert closed.status == status
    assert closed.status_changes.count() == history


def test_closed_application_refuses_staff_without_change_permission_first(
    client, django_user_model
):
    """The permission check comes before the closed check: a viewer gets no message."""
    from .builders import make_application
    from .conftest import make_user

    closed = make_application(status=ApplicationStatus.REJECTED)
    viewer = make_user(django_user_model, "leserin")
    viewer.user_permissions.add(
        *Group.objects.get(name="Zuschüsse-Sachbearbeitung").permissions.exclude(
            codename="change_grantapplication"
        )
    )
    client.force_login(viewer)
    response = client.get(f"{ADMIN}edit/{closed.pk}/")
    assert response.status_code in {302, 403}
    assert response.get("Location") != f"{ADMIN}inspect/{closed.pk}/"
