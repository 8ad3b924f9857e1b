"""The grants clerks' applications listing („Zuschüsse“ → „Anträge“) fits a 1280 px screen.

Wagtail's admin clips what its content area cannot show (the area hides horizontal overflow), so
a table wider than 1080 px beside the open sidebar loses its last columns without a scroll bar.
The test fills the listing with applications whose texts are long in the ways real ones are and
checks, in Debian's Chromium, that the page does not scroll sideways and that every column is on
screen (grants/static/grants/admin/applications.css).
"""

import pytest
from playwright.sync_api import expect

VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "Sachbearbeitung-Passwort-2026"

CREATE = f"""
import datetime
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from grants.models import FundingRound, GrantApplication
from grants.reference import next_reference
from zib_wagtail.core.models import District

clerk, _ = get_user_model().objects.get_or_create(username="sachbearbeiterin")
clerk.first_name, clerk.last_name = "Sascha", "Sachbearbeiterin"
clerk.set_password("{PASSWORD}")
clerk.save()
clerk.groups.set([Group.objects.get(name="Zuschüsse-Sachbearbeitung")])

funding_round = FundingRound.objects.order_by("-closes_at").first()
district = District.objects.filter(locale__language_code="de").order_by("-name").first()
APPLICATIONS = [
    ("Arbeitsgemeinschaft der Migrantinnen- und Migrantenorganisationen Saarbrücken e. V.",
     "Mehrsprachige Erstorientierungsberatung für neu zugewanderte Familien", "project",
     "for_decision", Decimal("124500.00"), Decimal("98000.00")),
    ("Interkultureller Verein Malstatt e. V.",
     "Fest der Kulturen im Stadtteil Malstatt mit Musik, Essen und Tanz", "event",
     "in_review", Decimal("10500.00"), None),
    ("Deutsch-Ukrainische Gesellschaft Saar e. V.", "Sprachcafé", "event",
     "withdrawn", Decimal("800.00"), None),
]
if not GrantApplication.objects.filter(organisation_name=APPLICATIONS[0][0]).exists():
    for organisation, title, kind, status, requested, granted in APPLICATIONS:
        with transaction.atomic():
            reference, number = next_reference(funding_round.year)
            GrantApplication.objects.create(
                funding_round=funding_round, reference=reference,
                reference_year=funding_round.year, reference_number=number, status=status,
                organisation_name=organisation, legal_form="ev", street="Ludwigstraße 12",
                postcode="66115", city="Saarbrücken", contact_name="Ayşe Demir",
                contact_email="ayse.demir@example.org", kind=kind, title=title,
                description="Ein Vorhaben im Stadtteil.", target_group="Familien",
                district=district, place="Gemeindezentrum", start_date=datetime.date(2030, 6, 1),
                end_date=datetime.date(2030, 6, 2), expected_participants=150,
                total_costs=requested * 2, requested_amount=requested, granted_amount=granted,
                own_contribution=Decimal("500.00"), account_holder=organisation[:200],
                iban="DE89370400440532013000", privacy_consent=True, truth_declaration=True,
            )
print(GrantApplication.objects.count())
"""


@pytest.fixture(scope="module")
def applications(site_manage):
    site_manage("zib_setup_roles")
    return int(site_manage("shell", "-c", CREATE).stdout.strip().splitlines()[-1])


def test_the_applications_listing_fits_1280_pixels(browser, site_url, applications):
    context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
    tab = context.new_page()
    try:
        tab.goto("/admin/login/")
        tab.fill("#id_username", "sachbearbeiterin")
        tab.fill("#id_password", PASSWORD)
        tab.locator("form button[type=submit]").first.click()
        tab.wait_for_url("**/admin/")
        tab.goto("/admin/grants_applications/")

        table = tab.locator("#listing-results table.listing")
        expect(table.locator("tbody tr")).to_have_count(applications)
        expect(table).to_contain_text("Migrantenorganisationen")
        headers = table.locator("thead th")
        expect(headers.filter(has_text="Eingegangen am")).to_have_count(1)
        for index in range(headers.count()):
            # Wholly visible: not beyond the window, not clipped by the content area.
            expect(headers.nth(index)).to_be_in_viewport(ratio=1)

        sizes = tab.evaluate(
            """() => ({
                page: document.scrollingElement.scrollWidth,
                window: window.innerWidth,
                table: document.querySelector("#listing-results table.listing")
                    .getBoundingClientRect().right,
                content: document.querySelector("main").getBoundingClientRect().right,
            })"""
        )
        assert sizes["window"] == VIEWPORT["width"]
        assert sizes["page"] <= sizes["window"], sizes
        assert sizes["table"] <= sizes["content"] + 0.5, sizes
    finally:
        context.close()
