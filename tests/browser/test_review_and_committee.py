"""A reviewer scores an application and a clerk approves it within the budget, in Debian's
Chromium against the demo site (issue 16, item 5).

The data: a closed round of 2020 with a budget of 10.000 € and one criterion, one application
ready for decision (2.000 € requested) assigned to the reviewer.
"""

import pytest
from playwright.sync_api import expect

VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "Begutachtung-Passwort-2026"

CREATE = f"""
import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from grants.models import FundingRound, GrantApplication, ReviewAssignment, ReviewCriterion
from grants.models import StatusChange
from grants.reference import next_reference

users = {{}}
for username, group in [("gutachterin-browser", "Zuschüsse-Begutachtung"),
                        ("sachbearbeiter-browser", "Zuschüsse-Sachbearbeitung")]:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password("{PASSWORD}")
    user.save()
    user.groups.set([Group.objects.get(name=group)])
    users[group] = user

berlin = ZoneInfo("Europe/Berlin")
funding_round, _ = FundingRound.objects.get_or_create(
    title="Zuschüsse 2020", year=2020,
    defaults=dict(opens_at=datetime.datetime(2020, 1, 1, tzinfo=berlin),
                  closes_at=datetime.datetime(2020, 3, 31, 23, 59, tzinfo=berlin),
                  budget=Decimal("10000.00")),
)
ReviewCriterion.objects.get_or_create(funding_round=funding_round, name="Wirkung im Stadtteil")
with transaction.atomic():
    reference, number = next_reference(2020)
    application = GrantApplication.objects.create(
        funding_round=funding_round, reference=reference, reference_year=2020,
        reference_number=number, status="for_decision",
        organisation_name="Nachbarschaftshilfe Burbach e. V.", legal_form="ev",
        street="Bergstraße 3", postcode="66115", city="Saarbrücken", contact_name="Jonas Keller",
        contact_email="jonas.keller@example.org", contact_phone="0681 987654", kind="project",
        title="Sprachcafé am Markt", description="Ein Treffen.", target_group="Nachbarn",
        place="Bürgerhaus", start_date=datetime.date(2020, 6, 1),
        end_date=datetime.date(2020, 6, 30), expected_participants=30,
        total_costs=Decimal("3000.00"), requested_amount=Decimal("2000.00"),
        own_contribution=Decimal("1000.00"), account_holder="Nachbarschaftshilfe Burbach e. V.",
        iban="DE89370400440532013000", privacy_consent=True, truth_declaration=True,
    )
    StatusChange.objects.create(application=application, to_status="for_decision")
    ReviewAssignment.objects.create(
        application=application, reviewer=users["Zuschüsse-Begutachtung"],
        assigned_by=users["Zuschüsse-Sachbearbeitung"],
    )
print(application.reference)
print(funding_round.pk)
"""

RESULT = """
from grants.models import GrantApplication
application = GrantApplication.objects.get(reference="{reference}")
letter = application.decision_letters.get()
print(application.status, application.granted_amount, bool(letter.file), letter.error or "-")
"""


@pytest.fixture(scope="module")
def case(site_manage):
    site_manage("zib_setup_roles")
    reference, round_pk = site_manage("shell", "-c", CREATE).stdout.strip().splitlines()[-2:]
    return {"reference": reference, "round": int(round_pk)}


def log_in(browser, site_url, username):
    context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url("**/admin/")
    return context, tab


def test_a_reviewer_scores_and_a_clerk_approves_within_budget(browser, site_url, site_manage, case):
    reference = case["reference"]

    context, tab = log_in(browser, site_url, "gutachterin-browser")
    try:
        tab.goto("/admin/grants_applications/")
        rows = tab.locator("#listing-results tbody tr")
        expect(rows).to_have_count(1)  # only what is assigned
        expect(rows.first).to_contain_text("Erklärung ausstehend")
        rows.first.get_by_role("link", name=reference).click()
        expect(tab.get_by_text("DE89370400440532013000")).to_have_count(0)
        tab.get_by_role("link", name="Begutachten").first.click()

        tab.get_by_label("kein Interessenkonflikt besteht", exact=False).check()
        tab.get_by_role("button", name="Erklärung abgeben und bewerten").click()
        expect(tab.get_by_text("Ihre Erklärung ist gespeichert.")).to_be_visible()

        tab.locator("input[name^=criterion_][value='4']").check()
        tab.get_by_label("Begründung").fill("Gut erreichbar, klare Zielgruppe.")
        tab.get_by_label("Empfohlener Betrag (EUR)").fill("1.800,00")
        tab.get_by_role("button", name="Bewertung speichern").click()
        expect(tab.get_by_text(f"Ihre Bewertung von {reference} ist gespeichert.")).to_be_visible()
        expect(tab.locator("#reviews")).to_contain_text("4,00 von 5")
    finally:
        context.close()

    context, tab = log_in(browser, site_url, "sachbearbeiter-browser")
    try:
        tab.goto(f"/admin/grants_rounds/inspect/{case['round']}/")
        tab.get_by_role("link", name="Ausschussansicht").click()
        row = tab.locator(f"tr[data-reference='{reference}']")
        expect(row).to_contain_text("2.000,00 €")  # requested
        expect(row).to_contain_text("1.800,00 €")  # recommended, and the running total
        expect(row).not_to_contain_text("über Budget")
        row.get_by_role("link", name="Bewilligen …").click()
        expect(tab.get_by_label("Bewilligter Betrag (EUR)")).to_have_value("1800,00")
        tab.get_by_label("Auflagen und Bedingungen (für den Bescheid)").fill(
            "Verwendungsnachweis bis zum 31. März 2021."
        )
        tab.get_by_role("button", name="Bewilligen").click()
        expect(tab.get_by_text(f"{reference} bewilligt: 1.800,00 €.")).to_be_visible()
        expect(tab.locator("[data-total=granted]")).to_have_text("1.800,00 €")
        expect(tab.locator("[data-total=left]")).to_have_text("8.200,00 €")
        expect(tab.locator("[data-warning=over-budget]")).to_have_count(0)
    finally:
        context.close()

    result = site_manage("shell", "-c", RESULT.format(reference=reference)).stdout.split()
    assert result[-4:] == ["granted", "1800.00", "True", "-"]
