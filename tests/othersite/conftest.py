"""The other site's page tree, built through the ORM as its editors would build it.

Copied in shape from the main suite (tests/builders.py, tests/grants/conftest.py), which this
site cannot import: it tests the installed wheel, not the repository.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from cityhome.models import HomePage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from grants.models import FundingRound, GrantApplicationPage, GrantsPage
from projects.models import ProjectIndexPage, ProjectPage
from zib_wagtail.core.models import OfficeSettings, StandardPage

OFFICE_EMAIL = "integration@othercity.example"


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    """Attachments and media of each test in a fresh folder, the attachments outside media."""
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.ZIB_GRANTS_PRIVATE_ROOT


def publish(page):
    """Publish through a revision, as the editor's „Publish“ button does (signals included)."""
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


@pytest.fixture
def tree(db):
    """Othercity's home page (its own model) with the zib-wagtail page types below it."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children().exact_type(Page):
        placeholder.delete()
    home = HomePage(title="Othercity", slug="othercity", locale=Locale.get_default())
    root.add_child(instance=home)
    # Deleting Wagtail's placeholder page took its Site along; the home page is the new root.
    site = Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)

    office = OfficeSettings.for_site(site)
    office.name = "Integrationsamt Othercity"
    office.email = OFFICE_EMAIL
    office.save()

    standard = home.add_child(instance=StandardPage(title="Über uns", slug="ueber-uns", live=False))
    index = home.add_child(instance=ProjectIndexPage(title="Projekte", slug="projekte"))
    project = index.add_child(
        instance=ProjectPage(
            title="Nachbarschaftsgarten Weststadt",
            slug="nachbarschaftsgarten",
            summary="Ein Gemeinschaftsgarten für alle Nachbarinnen und Nachbarn.",
            live=False,
        )
    )
    grants = home.add_child(
        instance=GrantsPage(title="Zuschüsse", slug="zuschuesse", intro="Für Vereine.")
    )
    form = grants.add_child(
        instance=GrantApplicationPage(
            title="Antrag stellen",
            slug="antrag",
            intro="<p>Hier stellen Sie Ihren Antrag.</p>",
            privacy_notice="<p>Wir verarbeiten Ihre Angaben nur für den Antrag.</p>",
            thank_you_text="<p>Wir melden uns.</p>",
        )
    )
    now = timezone.now()
    funding_round = FundingRound.objects.create(
        title="Zuschüsse 2026",
        year=2026,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        budget=Decimal("10000.00"),
        max_amount_per_application=Decimal("5000.00"),
    )
    return SimpleNamespace(
        home=home,
        standard=publish(standard),
        index=index,
        project=publish(project),
        grants=grants,
        form=form,
        round=funding_round,
    )


def pdf_bytes(text="Kostenplan"):
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\ntrailer\n%%EOF\n"
    )


def valid_application(**overrides):
    """A complete, valid application as the browser posts it (with a budget plan PDF)."""
    data = {
        "organisation_name": "Kulturverein Weststadt e. V.",
        "legal_form": "ev",
        "register_number": "VR 4711",
        "street": "Marktstraße 3",
        "postcode": "12345",
        "city": "Othercity",
        "contact_name": "Mira Kovač",
        "contact_email": "mira.kovac@example.org",
        "contact_phone": "0123 456789",
        "kind": "event",
        "title": "Fest der Nachbarschaft",
        "description": "Ein Straßenfest mit Musik und Essen aus vielen Ländern.",
        "target_group": "Familien im Stadtteil",
        "district": "",
        "place": "Marktplatz",
        "start_date": "2026-06-01",
        "end_date": "2026-06-02",
        "expected_participants": "150",
        "requested_amount": "1500",
        # The financing plan: costs 2.500,00 = own funds 500 + third party 500 + requested 1500.
        "costs-TOTAL_FORMS": "1",
        "costs-INITIAL_FORMS": "0",
        "costs-0-description": "Bühne und Technik",
        "costs-0-amount": "2.500,00",
        "own_funds-TOTAL_FORMS": "1",
        "own_funds-INITIAL_FORMS": "0",
        "own_funds-0-description": "Mitgliedsbeiträge",
        "own_funds-0-amount": "500,00",
        "third_party-TOTAL_FORMS": "1",
        "third_party-INITIAL_FORMS": "0",
        "third_party-0-description": "Stiftung Nachbarschaft",
        "third_party-0-status": "applied",
        "third_party-0-amount": "500",
        "account_holder": "Kulturverein Weststadt e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "COBADEFFXXX",
        "privacy_consent": "on",
        "truth_declaration": "on",
        "website": "",
        "budget_plan": SimpleUploadedFile("kostenplan.pdf", pdf_bytes(), "application/pdf"),
    }
    data.update(overrides)
    return data
