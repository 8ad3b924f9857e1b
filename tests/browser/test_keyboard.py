"""The grant application works with the keyboard alone, with a visible focus at every step."""

import datetime

import pytest

# A minimal PDF: the upload check sniffs the file's content, not its name.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

FOCUS_IS_VISIBLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== "none";
}"""


def active(page, expression="el => el.id"):
    return page.evaluate(f"({expression})(document.activeElement)")


def tab_to(page, element_id, max_steps=80):
    """Press Tab until the element with this id has the focus; every stop shows its focus."""
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), f"focus not visible on #{active(page)}"
        if active(page) == element_id:
            return
    pytest.fail(f"#{element_id} not reached with the Tab key")


def type_into(page, element_id, text):
    tab_to(page, element_id)
    page.keyboard.type(text)


@pytest.fixture
def form_page(browser, site_url):
    context = browser.new_context(
        base_url=site_url, viewport={"width": 1280, "height": 800}, locale="en-US"
    )
    tab = context.new_page()
    tab.goto("/zuschuesse/antrag/")
    yield tab
    context.close()


def press_enter_on(page, element_id):
    """Tab to the button and press Enter: the next page of the form."""
    tab_to(page, element_id)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_error_summary_takes_the_focus_and_its_links_lead_to_the_fields(form_page):
    page = form_page
    tab_to(page, "id_organisation_name")
    page.keyboard.type("Kulturverein Beispiel")
    press_enter_on(page, "grants-next")

    assert active(page, "el => el.hasAttribute('data-error-summary')")
    # The first link goes to the first field with an error, and moves the focus there.
    page.keyboard.press("Tab")
    assert active(page, "el => el.getAttribute('href')") == "#id_legal_form"
    assert page.evaluate(FOCUS_IS_VISIBLE)
    page.keyboard.press("Enter")
    assert active(page) == "id_legal_form"
    # A radio group's link (at the step „Vorhaben“) focuses its first radio button.
    fill_organisation(page)
    press_enter_on(page, "grants-next")
    press_enter_on(page, "grants-next")
    page.locator("[data-error-summary]").focus()
    for _ in range(20):
        page.keyboard.press("Tab")
        if active(page, "el => el.getAttribute('href')") == "#id_kind":
            break
    page.keyboard.press("Enter")
    assert active(page) == "id_kind_0"


def fill_organisation(page):
    """The rest of the first step, from the field before „Rechtsform“ on (or from it)."""
    if active(page) != "id_legal_form":
        tab_to(page, "id_legal_form")
    page.keyboard.press("ArrowDown")
    type_into(page, "id_street", "Beispielweg 1")
    type_into(page, "id_postcode", "66111")
    type_into(page, "id_city", "Saarbrücken")
    type_into(page, "id_contact_name", "Alex Beispiel")
    type_into(page, "id_contact_email", "alex@example.org")
    type_into(page, "id_contact_phone", "0681 123456")


def test_application_is_filled_in_and_sent_with_the_keyboard_only(form_page):
    page = form_page
    type_into(page, "id_organisation_name", "Kulturverein Beispiel")
    fill_organisation(page)
    press_enter_on(page, "grants-next")
    tab_to(page, "id_kind_0")
    page.keyboard.press("Space")
    type_into(page, "id_title", "Sprachcafé")
    type_into(page, "id_description", "Ein Treffen zum Sprechen und Kennenlernen.")
    type_into(page, "id_target_group", "Neu zugewanderte Menschen")
    type_into(page, "id_place", "Gemeindezentrum")
    year = datetime.date.today().year  # the demo round's funding period is its year
    type_into(page, "id_start_date", f"0601{year}")
    type_into(page, "id_end_date", f"0630{year}")
    type_into(page, "id_expected_participants", "30")
    # Enter in a field goes on („Weiter“ is the step's first button).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "id_costs-0-description", "Saalmiete")
    type_into(page, "id_costs-0-amount", "1.000,00")
    type_into(page, "id_requested_amount", "1000")
    type_into(page, "id_account_holder", "Kulturverein Beispiel")
    type_into(page, "id_iban", "DE89 3704 0044 0532 0130 00")
    press_enter_on(page, "grants-next")
    # Choosing a file needs the system's file dialog; the focused input gets the file directly.
    tab_to(page, "id_budget_plan")
    page.locator("#id_budget_plan").set_input_files(
        {"name": "kostenplan.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press_enter_on(page, "grants-next")
    tab_to(page, "id_privacy_consent")
    page.keyboard.press("Space")
    tab_to(page, "id_truth_declaration")
    page.keyboard.press("Space")
    press_enter_on(page, "grants-submit")

    errors = page.locator("[data-error-summary]")
    assert errors.count() == 0, errors.inner_text()
    assert "Vielen Dank, Ihr Antrag ist eingegangen" in page.locator("main").inner_text()
    assert page.locator("main").inner_text().count("ZIB-") >= 1


def reach_finances(page):
    """The first two steps filled in (not by keyboard: that is tested above)."""
    year = datetime.date.today().year
    for selector, value in {
        "#id_organisation_name": "Kulturverein Beispiel",
        "#id_street": "Beispielweg 1",
        "#id_postcode": "66111",
        "#id_city": "Saarbrücken",
        "#id_contact_name": "Alex Beispiel",
        "#id_contact_email": "alex@example.org",
        "#id_contact_phone": "0681 123456",
    }.items():
        page.fill(selector, value)
    page.select_option("#id_legal_form", "ev")
    with page.expect_navigation():
        page.locator("#grants-next").click()
    page.check("#id_kind_0")
    for selector, value in {
        "#id_title": "Sprachcafé",
        "#id_description": "Ein Treffen zum Sprechen.",
        "#id_target_group": "Neu zugewanderte Menschen",
        "#id_place": "Gemeindezentrum",
        "#id_start_date": f"{year}-06-01",
        "#id_end_date": f"{year}-06-30",
        "#id_expected_participants": "30",
    }.items():
        page.fill(selector, value)
    with page.expect_navigation():
        page.locator("#grants-next").click()
    assert page.locator("#grants-step-title").inner_text() == "Schritt 3 von 5: Finanzen"


def test_a_row_of_the_plan_is_added_with_the_keyboard_and_the_sums_follow(form_page):
    page = form_page
    reach_finances(page)  # the plan is at the third step
    rows = page.locator("[data-plan-table='costs'] [data-plan-row]")
    assert rows.count() == 5  # the empty rows the form offers without JavaScript
    tab_to(page, "id_costs-4-amount")
    page.keyboard.press("Tab")
    assert active(page, "el => el.textContent.trim()") == "Weitere Zeile: Kosten"
    page.keyboard.press("Enter")
    assert rows.count() == 6
    assert active(page) == "id_costs-5-category"  # the new row's first input
    assert page.locator("#id_costs-TOTAL_FORMS").input_value() == "6"
    type_into(page, "id_costs-5-amount", "1.234,50")
    type_into(page, "id_own_funds-0-amount", "234,50")
    summary = page.locator("[data-plan-summary]")
    assert summary.is_visible()
    assert summary.locator("[data-plan-sum='costs']").inner_text() == "1.234,50 €"
    assert summary.locator("[data-plan-sum='difference']").inner_text() == "1.000,00 €"
    type_into(page, "id_requested_amount", "1000")
    assert summary.locator("[data-plan-sum='difference']").inner_text() == "0,00 €"
