"""An applicant's whole way in a real browser (issue 15): the form in its steps, „Zwischen-
speichern“, the resume link from the mail opened on another device, „Prüfen und absenden“,
the answer to a staff „Rückfrage“ on the status page, and „Antrag zurückziehen“."""

import datetime
import re
from urllib.parse import urlsplit

from .axe import axe_violations, describe
from .test_keyboard import PDF

RESUME_URL = re.compile(r"http://[^/\s]+(/zuschuesse/antrag/entwurf/[A-Za-z0-9_-]{59}/)")
ADDRESS = "journey@example.org"

#: The staff's query, as a clerk asks it (grants.workflow, as the admin's status change does).
ASK = """
from grants.models import GrantApplication
from grants.workflow import change_status
application = GrantApplication.objects.get(reference="{reference}")
change_status(application, to_status="in_review")
change_status(application, to_status="query", question="Bitte nennen Sie die Zahl der Helfenden.")
"""
STATE = """
from grants.models import ApplicationDraft, GrantApplication
application = GrantApplication.objects.get(reference="{reference}")
answer = application.messages.get(author="applicant")
print(application.status, answer.text, answer.attachments.get().original_name,
      ApplicationDraft.objects.filter(data__contact_email=["{address}"]).count())
"""


def body_of(message):
    return message.get_body(("plain",)).get_content()


def assert_accessible(page, what):
    violations = axe_violations(page)
    assert violations == [], f"{what}:\n{describe(violations)}"


def next_step(page, heading):
    with page.expect_navigation():
        page.locator("#grants-next").click()
    assert page.locator("#grants-step-title").inner_text() == heading, page.locator(
        "main"
    ).inner_text()


def test_an_application_from_the_first_step_to_its_withdrawal(
    browser, site_url, site_mail, site_manage
):
    year = datetime.date.today().year  # the demo round's funding period is its year
    laptop = browser.new_context(base_url=site_url, viewport={"width": 1280, "height": 800})
    page = laptop.new_page()
    page.goto("/zuschuesse/antrag/")
    steps = page.locator("nav.grants-steps li")
    assert steps.count() == 5
    assert (
        page.locator("nav.grants-steps li[aria-current=step]").inner_text().endswith("Organisation")
    )

    # 1. Organisation
    page.fill("#id_organisation_name", "Reiseverein Beispiel e. V.")
    page.select_option("#id_legal_form", "ev")
    page.fill("#id_street", "Beispielweg 1")
    page.fill("#id_postcode", "66111")
    page.fill("#id_city", "Saarbrücken")
    page.fill("#id_contact_name", "Alex Beispiel")
    page.fill("#id_contact_email", ADDRESS)
    page.fill("#id_contact_phone", "0681 123456")
    next_step(page, "Schritt 2 von 5: Vorhaben")

    # 2. Vorhaben — a mistake first: the step comes back with it, the rest kept.
    page.check("#id_kind_0")
    page.fill("#id_title", "Sprachcafé am Markt")
    page.fill("#id_description", "Ein wöchentliches Treffen zum Deutschsprechen.")
    page.fill("#id_target_group", "Neu zugewanderte Menschen")
    page.fill("#id_place", "Gemeindezentrum")
    page.fill("#id_start_date", f"{year}-06-01")
    page.fill("#id_end_date", f"{year}-06-30")
    with page.expect_navigation():
        page.locator("#grants-next").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible() and "Erwartete Teilnehmende" in summary.inner_text()
    assert page.locator("#id_title").input_value() == "Sprachcafé am Markt"
    page.fill("#id_expected_participants", "30")
    next_step(page, "Schritt 3 von 5: Finanzen")

    # 3. Finanzen (the sums follow as one types)
    page.fill("#id_costs-0-description", "Saalmiete")
    page.fill("#id_costs-0-amount", "1.000,00")
    page.fill("#id_requested_amount", "1000")
    assert page.locator("[data-plan-sum='difference']").inner_text() == "0,00 €"
    page.fill("#id_account_holder", "Reiseverein Beispiel e. V.")
    page.fill("#id_iban", "DE89 3704 0044 0532 0130 00")
    next_step(page, "Schritt 4 von 5: Anlagen")

    # 4. Anlagen, then „Zwischenspeichern“: the link on the page and in the mail.
    page.locator("#id_budget_plan").set_input_files(
        {"name": "kostenplan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        page.locator("#grants-save").click()
    assert_accessible(page, "saved draft")
    saved = page.locator("#grants-draft-saved")
    assert "Ihr Entwurf ist gespeichert" in saved.inner_text()
    assert ADDRESS in saved.inner_text()
    [message] = site_mail.to(ADDRESS)
    resume = RESUME_URL.search(body_of(message)).group(1)
    assert saved.locator("[data-draft-link]").get_attribute("href").endswith(resume)
    laptop.close()

    # Another day, another device: the link from the mail restores everything.
    phone = browser.new_context(base_url=site_url, viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(resume)
    assert page.locator("#grants-step-title").inner_text() == "Schritt 4 von 5: Anlagen"
    assert "kostenplan.pdf" in page.locator(".grants-uploaded").inner_text()
    assert_accessible(page, "resumed draft with its file")
    next_step(page, "Schritt 5 von 5: Prüfen und absenden")
    review = page.locator(".grants-review").inner_text()
    for typed in (
        "Reiseverein Beispiel e. V.",
        "Sprachcafé am Markt",
        "Saalmiete",
        "kostenplan.pdf",
    ):
        assert typed in review, typed
    assert_accessible(page, "review")
    page.check("#id_privacy_consent")
    page.check("#id_truth_declaration")
    with page.expect_navigation():
        page.locator("#grants-submit").click()
    main = page.locator("main").inner_text()
    assert "Vielen Dank, Ihr Antrag ist eingegangen" in main
    reference = re.search(r"ZIB-\d{4}-\d{4}", main).group(0)
    # The link on the page and in the mail (absolute, with the site's host: its path here).
    status_url = urlsplit(page.locator("a[rel=noreferrer]").get_attribute("href")).path
    assert "/status/" in status_url
    # The resume link of a sent draft opens nothing.
    assert page.goto(resume).status == 404

    # The office asks back; the applicant answers on the status page with a document.
    site_manage("shell", "-c", ASK.format(reference=reference))
    page.goto(status_url)
    assert "Bitte nennen Sie die Zahl der Helfenden." in page.locator("main").inner_text()
    page.get_by_label("Ihre Antwort").fill("Zwölf Ehrenamtliche helfen mit.")
    page.get_by_label("Unterlagen nachreichen").set_input_files(
        {"name": "helferliste.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Antwort senden").click()
    assert "Vielen Dank, Ihre Antwort ist bei uns eingegangen." in page.locator("main").inner_text()
    assert "In Prüfung" in page.locator("#grants-current").inner_text()

    # … and withdraws it, after the confirmation question.
    with page.expect_navigation():
        page.get_by_role("link", name="Antrag zurückziehen").click()
    page.get_by_label("Grund (freiwillig)").fill("Der Saal ist nicht mehr frei.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ja, Antrag zurückziehen").click()
    assert "Sie haben Ihren Antrag zurückgezogen." in page.locator("main").inner_text()
    assert "Zurückgezogen" in page.locator("#grants-current").inner_text()
    phone.close()

    state = site_manage("shell", "-c", STATE.format(reference=reference, address=ADDRESS))
    # Withdrawn, with the answer and its file; the draft went when it was sent.
    assert " ".join(state.stdout.split()).endswith(
        "withdrawn Zwölf Ehrenamtliche helfen mit. helferliste.pdf 0"
    )
