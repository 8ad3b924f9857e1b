"""The grants clerks' admin pages fit a 1280 px screen: the applications listing („Zuschüsse“ →
„Anträge“, with every column of the clerk's view including the review figures) and the detail
view of an application whose texts are long in the ways real ones are.

Wagtail's admin clips what its content area cannot show (the area hides horizontal overflow), so
a table wider than 1080 px beside the open sidebar would lose its last columns without a scroll
bar. The tests check, in Debian's Chromium, that the page never scrolls sideways, that every
column of the listing is on screen or reached by scrolling the listing itself (with the
reference column staying in place), and that the detail view's tables and lists stay inside the
content area (grants/static/grants/admin/applications.css).
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

from grants.models import ApplicationMessage, GrantAttachment, MailDelivery, StatusChange
long_one = GrantApplication.objects.get(organisation_name=APPLICATIONS[0][0])
if not long_one.status_changes.filter(note__startswith="Rücksprache").exists():
    word = "Rücksprachevereinbarungsprotokollnachforderungsunterlagen" * 2
    address = (
        "geschaeftsstelle.arbeitsgemeinschaft-migrantinnenorganisationen@beispiel-verein.example"
    )
    StatusChange.objects.create(
        application=long_one, changed_by=clerk, from_status="in_review",
        to_status="for_decision", note="Rücksprache: " + word,
    )
    ApplicationMessage.objects.create(application=long_one, author="applicant", text=word)
    GrantAttachment.objects.create(
        application=long_one, kind="other", file="2026/none.pdf", content_type="application/pdf",
        original_name="Satzung_und_Freistellungsbescheid_des_Finanzamts_Saarbruecken_2026_final.pdf",
        size=123456,
    )
    MailDelivery.objects.create(
        application=long_one, kind="status", recipients=[address, "zib@example.org"],
        subject="Ihr Antrag: " + word, body="…", status="failed", attempts=3,
        last_error="SMTPRecipientsRefused: {{'" + address + "': (550, b'5.1.1 " + word + "')}}",
    )
print(long_one.pk)
print(GrantApplication.objects.count())
"""


@pytest.fixture(scope="module")
def applications(site_manage):
    """(number of applications, pk of the one with long texts)."""
    site_manage("zib_setup_roles")
    *_, long_pk, count = site_manage("shell", "-c", CREATE).stdout.strip().splitlines()
    return int(count), int(long_pk)


@pytest.fixture
def clerk_tab(browser, site_url, applications):
    context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", "sachbearbeiterin")
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url("**/admin/")
    yield tab
    context.close()


def page_sizes(tab):
    return tab.evaluate(
        """() => ({
            page: document.scrollingElement.scrollWidth,
            window: window.innerWidth,
            content: document.querySelector("main").getBoundingClientRect().right,
        })"""
    )


#: Is the middle of the element the element itself (not covered by the sticky first column)?
UNCOVERED = """(element) => {
    const box = element.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return element.contains(hit);
}"""


def test_the_applications_listing_fits_1280_pixels(clerk_tab, applications):
    tab = clerk_tab
    tab.goto("/admin/grants_applications/")
    table = tab.locator("#listing-results table.listing")
    expect(table.locator("tbody tr")).to_have_count(applications[0])
    expect(table).to_contain_text("Migrantenorganisationen")
    headers = table.locator("thead th")
    for label in ("Eingegangen am", "Bewertungen", "Bewilligter Betrag (EUR)"):
        expect(headers.filter(has_text=label)).to_have_count(1)
    assert headers.count() >= 12  # the clerk's view: every column, the review figures too

    sizes = page_sizes(tab)
    assert sizes["window"] == VIEWPORT["width"]
    assert sizes["page"] <= sizes["window"], sizes  # the page never scrolls sideways
    listing = tab.locator("#listing-results")
    assert listing.evaluate("e => e.getBoundingClientRect().right") <= sizes["content"] + 0.5

    first_cell = table.locator("tbody tr").first.locator("td").first
    for index in range(headers.count()):
        header = headers.nth(index)
        # On screen, or brought there by scrolling the listing (never the page) …
        header.evaluate("e => e.scrollIntoView({block: 'nearest', inline: 'nearest'})")
        expect(header).to_be_in_viewport(ratio=1)
        # … inside the content area, not under the reference column …
        assert header.evaluate("e => e.getBoundingClientRect().right") <= sizes["content"] + 0.5
        assert header.evaluate(UNCOVERED), header.inner_text()
        # … and the reference stays in view while the listing is scrolled.
        expect(first_cell).to_be_in_viewport(ratio=1)
        assert page_sizes(tab)["page"] <= VIEWPORT["width"]


def test_the_detail_view_fits_1280_pixels(clerk_tab, applications):
    """Long notes, addresses, file names and mail errors wrap; nothing leaves the content area."""
    tab = clerk_tab
    tab.goto(f"/admin/grants_applications/inspect/{applications[1]}/")
    expect(tab.locator("main")).to_contain_text("Rücksprachevereinbarungsprotokoll")
    expect(tab.locator("main")).to_contain_text("Satzung_und_Freistellungsbescheid")
    sizes = page_sizes(tab)
    assert sizes["page"] <= sizes["window"], sizes
    overflowing = tab.evaluate(
        """(right) => [...document.querySelectorAll("main table, main dl, main section")]
            .filter((e) => e.getBoundingClientRect().right > right + 0.5)
            .map((e) => e.tagName + ": " + e.textContent.trim().slice(0, 60))""",
        sizes["content"],
    )
    assert overflowing == []
    clipped = tab.evaluate(
        """() => [...document.querySelectorAll("main section")]
            .filter((e) => e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.querySelector("h2")?.textContent)"""
    )
    assert clipped == []  # no section needs its scroll bar: the long words wrap
