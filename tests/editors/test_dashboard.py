"""The dashboard: each role sees the panels of its work, with the right contents."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from grants.models import FundingRound, GrantApplication
from tests import builders

from .conftest import project_form_data

pytestmark = pytest.mark.django_db

APPLICATIONS = "Anträge in Bearbeitung"
ROUNDS = "Antragsrunden, die bald enden"
AUDIT = "Seiten ohne Überprüfung seit einem Jahr"


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return " ".join(builders.soup(response).get_text(" ").split())


def make_round(days_open_left, title):
    now = timezone.now()
    return FundingRound.objects.create(
        title=title,
        year=now.year,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=days_open_left),
    )


def make_application(funding_round, number, status="received", organisation="Verein Alpha"):
    today = timezone.localdate()
    return GrantApplication.objects.create(
        funding_round=funding_round,
        reference=f"ZIB-{today.year}-{number:04d}",
        reference_year=today.year,
        reference_number=number,
        status=status,
        organisation_name=organisation,
        legal_form="ev",
        street="Rathausplatz 1",
        postcode="66111",
        city="Saarbrücken",
        contact_name="Erika Muster",
        contact_email="erika@example.org",
        kind="event",
        title="Sommerfest",
        description="Ein Fest für alle.",
        target_group="Nachbarschaft",
        expected_participants=50,
        place="Gemeindezentrum",
        start_date=today,
        end_date=today,
        total_costs=Decimal("1000"),
        requested_amount=Decimal("500"),
        account_holder="Verein Alpha",
        iban="DE89370400440532013000",
    )


def test_grants_staff_see_applications_in_progress_and_rounds_closing_soon(client, sachbearbeiter):
    closing = make_round(5, "Zuschüsse – Frist bald")
    make_application(closing, 1, "received", "Verein Alpha")
    make_application(closing, 2, "in_review", "Verein Beta")
    make_application(closing, 3, "granted", "Verein Gamma")

    text = dashboard(client, sachbearbeiter)
    assert APPLICATIONS in text
    assert "2 Anträge warten auf Bearbeitung: Eingegangen 1, In Prüfung 1" in text
    assert "Verein Alpha" in text and "Verein Beta" in text
    assert "Verein Gamma" not in text, "decided applications need no processing"
    assert ROUNDS in text and "Zuschüsse – Frist bald" in text
    assert AUDIT not in text, "grants staff edit no pages"


def test_rounds_closing_later_are_not_listed(client, sachbearbeiter):
    make_round(30, "Zuschüsse – Frist später")
    text = dashboard(client, sachbearbeiter)
    assert ROUNDS not in text
    assert "Keine Anträge in Bearbeitung." in text


def test_editors_see_no_grants_panels(client, redakteurin, freigeber, uebersetzerin):
    make_application(make_round(5, "Zuschüsse – Frist bald"), 1)
    for user in (redakteurin, freigeber, uebersetzerin):
        text = dashboard(client, user)
        assert APPLICATIONS not in text and ROUNDS not in text
        assert "ZIB-" not in text


def test_approvers_see_the_pages_awaiting_their_approval(
    client, redakteurin, freigeber, project_index
):
    client.force_login(redakteurin)
    add_url = reverse("wagtailadmin_pages:add", args=["projects", "projectpage", project_index.pk])
    response = client.post(add_url, project_form_data("Sprachcafé Malstatt", "action-submit"))
    assert response.status_code == 302
    page = Page.objects.get(slug="sprachcafe-malstatt")

    approver_view = builders.soup(client.get(reverse("wagtailadmin_home")))
    # The author sees her page among her pages in moderation …
    assert approver_view.find(string=lambda s: s and "Sprachcafé Malstatt" in s)

    client.force_login(freigeber)
    soup = builders.soup(client.get(reverse("wagtailadmin_home")))
    panel = soup.select_one("#awaiting-review-section")
    assert panel is not None
    assert "Sprachcafé Malstatt" in panel.get_text()
    approve_url = f"/admin/pages/workflow/action/{page.pk}/approve/"
    assert approve_url in str(panel)


def test_content_audit_lists_pages_not_published_for_a_year(
    client, redakteurin, sachbearbeiter, project_index
):
    now = timezone.now()
    stale = builders.make_project(project_index, "Alter Stand")
    fresh = builders.make_project(project_index, "Frisch geprüft")
    Page.objects.filter(pk=stale.pk).update(last_published_at=now - datetime.timedelta(days=400))
    Page.objects.filter(pk__in=[fresh.pk, project_index.pk, project_index.get_parent().pk]).update(
        last_published_at=now - datetime.timedelta(days=10)
    )

    client.force_login(redakteurin)
    soup = builders.soup(client.get(reverse("wagtailadmin_home")))
    panel = soup.select_one("#zib-content-audit-section")
    assert panel is not None
    text = panel.get_text()
    assert "Alter Stand" in text and "Frisch geprüft" not in text
    assert "1 veröffentlichte Seite wurde seit mehr als 365 Tagen nicht mehr geändert." in " ".join(
        text.split()
    )
    assert reverse("wagtailadmin_pages:edit", args=[stale.pk]) in str(panel)

    assert AUDIT not in dashboard(client, sachbearbeiter)


def test_content_audit_respects_the_setting(client, redakteurin, project_index, settings):
    stale = builders.make_project(project_index, "Vor drei Monaten")
    Page.objects.update(last_published_at=timezone.now() - datetime.timedelta(days=90))
    assert AUDIT not in dashboard(client, redakteurin)
    settings.ZIB_CONTENT_AUDIT_DAYS = 60
    assert stale.title in dashboard(client, redakteurin)
