"""A deletion after the four-eyes principle, clicked through in Debian's Chromium by two people:
the clerk asks for it from the detail view's „…“ menu, the office lead finds it under
Zuschüsse → Löschanträge and confirms it; the requester is never offered the confirmation."""

import re

import pytest
from playwright.sync_api import expect

VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "Datenschutz-Passwort-2026"

CREATE = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from tests.grants.builders import make_application

for username, first, group in [
    ("dsgvo-sachbearbeitung", "Sam", "Zuschüsse-Sachbearbeitung"),
    ("dsgvo-leitung", "Lea", "Zuschüsse-Leitung"),
]:
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name = first, "Muster"
    user.set_password("{PASSWORD}")
    user.save()
    user.groups.set([Group.objects.get(name=group)])
application = make_application(
    organisation_name="Verein Löschprobe e. V.", contact_name="Ayşe Demir", status="rejected"
)
print(application.pk, application.reference)
"""


@pytest.fixture(scope="module")
def application(site_manage):
    site_manage("zib_setup_roles")
    pk, reference = site_manage("shell", "-c", CREATE).stdout.strip().splitlines()[-1].split()
    return int(pk), reference


def logged_in(browser, site_url, username):
    context = browser.new_context(base_url=site_url, viewport=VIEWPORT, locale="de-DE")
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url("**/admin/")
    return context, tab


def test_clerk_asks_lead_confirms(browser, site_url, application):
    pk, reference = application
    clerk_context, clerk = logged_in(browser, site_url, "dsgvo-sachbearbeitung")
    lead_context, lead = logged_in(browser, site_url, "dsgvo-leitung")
    try:
        clerk.goto(f"/admin/grants_applications/inspect/{pk}/")
        clerk.get_by_role("button", name="Aktionen").click()
        clerk.get_by_role("link", name="Löschen …").click()
        expect(clerk.locator("main")).to_contain_text("Vier-Augen-Prinzip")
        clerk.get_by_label("Grund der Löschung").fill("Bitte vom 3. Dezember (Art. 17 DSGVO)")
        clerk.get_by_role("button", name="Löschung beantragen").click()
        expect(clerk.get_by_text("Gelöscht wird erst")).to_be_visible()
        expect(clerk.locator("main")).to_contain_text("wartet auf die Bestätigung")
        # The requester is not offered to confirm.
        clerk.get_by_role("link", name="Zum Löschantrag").click()
        expect(clerk.locator("main")).to_contain_text("Sie selbst können das nicht")
        expect(clerk.get_by_role("button", name="Löschung bestätigen")).to_have_count(0)

        lead.goto("/admin/grants_deletions/")
        lead.get_by_role("link", name=reference).click()
        expect(lead.locator("main")).to_contain_text("Art. 17 DSGVO")
        expect(lead.locator("main")).to_contain_text("Sam Muster")
        lead.get_by_role("button", name="Löschung bestätigen").click()
        lead.wait_for_url(re.compile(r".*/admin/grants_applications/$"))
        expect(lead.get_by_text(f"{reference} ist gelöscht")).to_be_visible()
        expect(lead.locator("#listing-results")).not_to_contain_text("Löschprobe")

        lead.goto("/admin/grants_deletions/")
        row = lead.locator("#listing-results tbody tr", has_text=reference)
        expect(row).to_contain_text("Gelöscht")
        response = clerk.goto(f"/admin/grants_applications/inspect/{pk}/")
        assert response.status == 404
    finally:
        clerk_context.close()
        lead_context.close()
