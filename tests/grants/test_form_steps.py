"""The online form in steps (issue 15, part 3): organisation → project → finances → documents →
review and submit, each step checked on its own, „Zurück“ and „Ändern“ keeping every value,
the review showing everything, all of it through the test client as a browser without
JavaScript uses it (tests/grants/form_client.py)."""

import pytest
from django.test import Client

from grants.models import ApplicationDraft, DraftFile, GrantApplication, RoundQuestion

from .conftest import CONFIRMATION_URL, FORM_URL, upload, valid_data
from .form_client import (
    STEP_KEYS,
    declarations,
    draft_of,
    goto,
    names_of_step,
    press,
    shown_step,
    soup,
    values_of,
    walk,
)

pytestmark = pytest.mark.django_db

TITLES = ["Organisation", "Vorhaben", "Finanzen", "Anlagen", "Prüfen und absenden"]


def text_of(response):
    return " ".join(soup(response).get_text(" ").split())


def step_errors(response):
    return sorted(response.context["form"].step_errors(response.context["step"]))


def legends(response):
    return [
        legend.get_text(strip=True)
        for legend in soup(response).select("fieldset.grants-fieldset > legend")
    ]


# --- The steps and their indicator --------------------------------------------------------------


def test_the_form_begins_at_the_first_of_five_steps(client, form_page):
    response = client.get(FORM_URL)
    page = soup(response)
    assert shown_step(response) == "organisation"
    indicator = page.select("nav.grants-steps li")
    assert [item.select_one(".grants-steps__title").get_text() for item in indicator] == TITLES
    assert [item.get("aria-current") for item in indicator] == ["step", None, None, None, None]
    assert page.select_one("h2#grants-step-title").get_text() == "Schritt 1 von 5: Organisation"
    assert page.title.get_text().startswith("Antrag stellen – Schritt 1 von 5: Organisation")
    assert legends(response) == ["Ihre Organisation", "Ansprechperson"]
    # No „Zurück“ on the first step; „Weiter“ is the first button (the one Enter presses).
    buttons = [(b["name"], b["value"]) for b in page.select("form.grants-form button")]
    assert buttons == [("action", "next"), ("action", "save")]


def test_each_step_shows_its_own_fieldsets_and_the_indicator_follows(client, form_page):
    expected = {
        "organisation": ["Ihre Organisation", "Ansprechperson"],
        "project": ["Ihr Vorhaben"],
        "finances": ["Kosten und Finanzierung", "Bankverbindung"],
        "documents": ["Anlagen"],
        "review": ["Erklärungen"],
    }
    for number, key in enumerate(STEP_KEYS, start=1):
        response = walk(client, until=key)
        assert legends(response) == expected[key], key
        indicator = soup(response).select("nav.grants-steps li")
        assert [item.get("aria-current") for item in indicator].index("step") == number - 1
        done = [item for item in indicator if "grants-steps__step--done" in item["class"]]
        assert len(done) == number - 1
        assert all("(erledigt)" in item.get_text() for item in done)
        # A step one comes to shows no mistakes yet.
        assert not soup(response).select(".grants-errors"), key


# --- Each step checks only its own inputs ------------------------------------------------------

EMPTY_STEP = {
    "organisation": (
        {"organisation_name": "", "street": ""},
        ["legal_form", "organisation_name", "street"],
    ),
    "project": ({"title": "", "start_date": "31.02.2026"}, ["start_date", "title"]),
    "finances": (
        {"requested_amount": "1499,99", "iban": "DE00"},
        ["financing_plan", "iban"],
    ),
    "documents": ({}, ["budget_plan"]),
}


@pytest.mark.parametrize("key", EMPTY_STEP)
def test_a_step_with_mistakes_stays_with_its_own_errors_only(client, form_page, key):
    changes, expected = EMPTY_STEP[key]
    page = walk(client, until=key)
    typed = {**names_of_step(key, valid_data()), **changes}
    if key == "organisation":
        typed["legal_form"] = ""
    if key == "documents":
        typed.pop("budget_plan")
    response = press(client, page, "next", **typed)
    assert response.status_code == 200
    assert shown_step(response) == key
    assert step_errors(response) == expected
    assert soup(response).select_one("[data-error-summary]") is not None
    assert GrantApplication.objects.count() == 0
    # What was typed in the step is kept, mistakes and all.
    if "title" in changes:
        assert draft_of(response).data["start_date"] == ["31.02.2026"]


def test_the_first_step_alone_passes_although_the_rest_is_empty(client, form_page):
    first = client.get(FORM_URL)
    response = press(client, first, "next", **names_of_step("organisation", valid_data()))
    assert shown_step(response) == "project"
    draft = draft_of(response)
    assert draft.data["organisation_name"] == ["Interkultureller Verein Malstatt e. V."]
    assert draft.step == "project"
    assert not draft.is_saved


def test_the_review_needs_the_declarations(client, form_page):
    review = walk(client)
    response = press(client, review, "submit", privacy_consent=None, truth_declaration=None)
    assert response.status_code == 200
    assert shown_step(response) == "review"
    assert step_errors(response) == ["privacy_consent", "truth_declaration"]
    assert "Bitte stimmen Sie den Datenschutzhinweisen zu." in text_of(response)
    assert GrantApplication.objects.count() == 0


# --- Back and „Ändern“ keep every value ---------------------------------------------------------


def test_back_keeps_the_values_of_both_steps(client, form_page):
    project = walk(client, until="project")
    # Half of the step typed, with a mistake: „Zurück“ keeps it anyway.
    organisation = press(client, project, "back", title="Sprachcafé", expected_participants="x")
    assert shown_step(organisation) == "organisation"
    values = values_of(organisation)
    assert values["organisation_name"] == ["Interkultureller Verein Malstatt e. V."]
    assert values["legal_form"] == ["ev"]
    assert not soup(organisation).select(".grants-errors")  # going back checks nothing
    again = press(client, organisation, "next")
    assert shown_step(again) == "project"
    assert values_of(again)["title"] == ["Sprachcafé"]
    assert values_of(again)["expected_participants"] == ["x"]


def test_back_from_the_documents_keeps_the_financing_plans_rows(client, form_page):
    documents = walk(client, until="documents")
    finances = press(client, documents, "back")
    values = values_of(finances)
    assert values["costs-TOTAL_FORMS"] == ["3"]
    assert values["costs-0-amount"] == ["1.200,00"]
    assert values["costs-1-description"] == ["Essen und Getränke"]
    assert values["third_party-0-status"] == ["confirmed"]
    assert values["iban"] == ["DE89 3704 0044 0532 0130 00"]
    summary = soup(finances).select_one("[data-plan-summary]")
    assert "0,00 €" in summary.get_text()  # the sums, from the server


def test_a_new_finances_step_offers_its_empty_rows(client, form_page):
    finances = walk(client, until="finances")
    values = values_of(finances)
    assert (values["costs-TOTAL_FORMS"], values["own_funds-TOTAL_FORMS"]) == (["5"], ["2"])


def test_the_review_shows_everything_and_each_step_can_be_changed(client, form_page, open_round):
    RoundQuestion.objects.create(funding_round=open_round, label="Schwerpunkt", required=True)
    data = valid_data(question_schwerpunkt="Sprache", attachments=[upload("satzung.pdf")])
    review = walk(client, data)
    text = text_of(review)
    for shown in (
        "Interkultureller Verein Malstatt e. V.",
        "Eingetragener Verein (e. V.)",
        "Ayşe Demir",
        "Veranstaltung",
        "Fest der Kulturen",
        "1. Juni 2026",
        "Schwerpunkt Sprache",  # the round's question with its answer
        "Musik und Technik",  # a cost line …
        "Honorare",  # … with its category
        "Stiftung Nachbarschaft",  # a third party …
        "Bewilligt",  # … and how far its funding is
        "Summe der Kosten 2.500,00 €",
        "Summe der Finanzierung 2.500,00 €",
        "DE89370400440532013000",  # in full: it is the applicant's own check
        "kostenplan.pdf",
        "satzung.pdf",
    ):
        assert shown in text, shown
    buttons = soup(review).select("button[form=grants-review-goto]")
    assert [button["value"] for button in buttons] == [
        "goto:organisation",
        "goto:project",
        "goto:finances",
        "goto:documents",
    ]
    # Enter in the form sends it: „Antrag verbindlich absenden“ is its first own button.
    first = soup(review).select("form.grants-form button:not([form])")[0]
    assert (first["id"], first["value"]) == ("grants-submit", "submit")
    # „Ändern“ leads to the step with its values; „Weiter“ through the steps comes back.
    project = goto(client, review, "project")
    assert shown_step(project) == "project"
    assert values_of(project)["question_schwerpunkt"] == ["Sprache"]
    changed = press(client, project, "next", title="Fest der Nachbarn")
    documents = press(client, changed, "next")
    back_at_review = press(client, documents, "next")
    assert shown_step(back_at_review) == "review"
    assert "Fest der Nachbarn" in text_of(back_at_review)


def test_the_review_marks_a_step_that_still_has_mistakes(client, form_page):
    review = walk(client)
    # Jump to the review from a step with a mistake (a resumed draft can be like this too).
    project = goto(client, review, "project")
    jumped = press(client, project, "goto:review", title="")
    marked = soup(jumped).select(".grants-review__step.grants-field--error h3")
    assert [heading.get_text() for heading in marked] == ["Schritt 2: Vorhaben"]
    response = press(client, jumped, "submit", **declarations())
    # Sending it shows the step with the mistake.
    assert shown_step(response) == "project"
    assert step_errors(response) == ["title"]
    assert GrantApplication.objects.count() == 0


# --- The whole way without JavaScript -----------------------------------------------------------


def test_a_complete_application_through_all_steps(
    client, form_page, private_root, django_capture_on_commit_callbacks
):
    data = valid_data(attachments=[upload("satzung.pdf")])
    review = walk(client, data)
    draft = draft_of(review)
    draft_files = [stored.file.name for stored in draft.files.all()]
    assert len(draft_files) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, review, "submit", **declarations())
    assert response.status_code == 302
    assert response["Location"] == CONFIRMATION_URL
    application = GrantApplication.objects.get()
    assert application.reference == "ZIB-2026-0001"
    assert application.title == "Fest der Kulturen"
    assert application.iban == "DE89370400440532013000"
    assert application.cost_lines.count() == 3
    assert sorted(application.attachments.values_list("original_name", flat=True)) == [
        "kostenplan.pdf",
        "satzung.pdf",
    ]
    # The draft became the application: it is gone, with its files.
    assert not ApplicationDraft.objects.exists()
    assert not DraftFile.objects.exists()
    for name in draft_files:
        assert not (private_root / name).exists()
    for attachment in application.attachments.all():
        assert (private_root / attachment.file.name).read_bytes().startswith(b"%PDF")


def test_sending_the_review_twice_stores_one_application(
    client, form_page, django_capture_on_commit_callbacks
):
    """Two tabs, or back and resubmit: every page of a draft carries the same submission
    token, so the second POST gets the first confirmation even though its draft is gone."""
    review = walk(client)
    token = values_of(review)["submission_token"]
    assert values_of(walk(client, until="organisation"))["submission_token"] != token
    with django_capture_on_commit_callbacks(execute=True):
        first = press(client, review, "submit", **declarations())
        second = press(client, review, "submit", **declarations())
    assert first.status_code == second.status_code == 302
    assert GrantApplication.objects.count() == 1
    assert "mehrfach abgesendet" in text_of(client.get(CONFIRMATION_URL))
    other = Client()  # another browser with the same page: the same answer, no second one
    assert press(other, review, "submit", **declarations()).status_code == 302
    assert GrantApplication.objects.count() == 1


def test_every_page_of_a_draft_carries_the_first_token(client, form_page):
    first = client.get(FORM_URL)
    token = values_of(first)["submission_token"]
    project = press(client, first, "next", **names_of_step("organisation", valid_data()))
    assert values_of(project)["submission_token"] == token
    assert draft_of(project).submission_token == token[0]


# --- Files at their step -------------------------------------------------------------------------


def test_uploaded_files_are_kept_shown_and_can_be_replaced_or_removed(client, form_page):
    documents = walk(client, until="documents")
    review = press(
        client,
        documents,
        "next",
        budget_plan=upload("plan-alt.pdf"),
        attachments=[upload("satzung.pdf"), upload("flyer.pdf")],
    )
    assert shown_step(review) == "review"
    documents = goto(client, review, "documents")
    uploaded = [
        item.get_text(" ", strip=True) for item in soup(documents).select(".grants-uploaded li")
    ]
    # At their inputs, in the order they were uploaded, each with a box to remove it.
    assert [entry.split(" (")[0] for entry in uploaded] == [
        "plan-alt.pdf",
        "satzung.pdf",
        "flyer.pdf",
    ]
    assert all("entfernen" in entry for entry in uploaded)
    assert "Bereits hochgeladen:" in text_of(documents)
    label = soup(documents).select_one("label[for=id_budget_plan]").get_text()
    assert label == "Kosten- und Finanzierungsplan: durch eine andere Datei ersetzen"
    # Replace the plan, remove the flyer, add another attachment; nothing else changes.
    flyer = DraftFile.objects.get(original_name="flyer.pdf")
    response = press(
        client,
        documents,
        "next",
        budget_plan=upload("plan-neu.pdf"),
        attachments=[upload("foerderzusage.pdf")],
        remove_file=str(flyer.pk),
    )
    assert shown_step(response) == "review"
    kept = draft_of(response).files.order_by("field_name", "original_name")
    assert [(f.field_name, f.original_name) for f in kept] == [
        ("attachments", "foerderzusage.pdf"),
        ("attachments", "satzung.pdf"),
        ("budget_plan", "plan-neu.pdf"),
    ]


def test_removing_the_only_plan_makes_it_missing_again(client, form_page):
    review = walk(client)
    documents = goto(client, review, "documents")
    plan = DraftFile.objects.get(field_name="budget_plan")
    response = press(client, documents, "next", remove_file=str(plan.pk))
    assert shown_step(response) == "documents"
    assert step_errors(response) == ["budget_plan"]
    assert not DraftFile.objects.exists()


def test_a_refused_file_is_not_kept_and_the_earlier_one_stays(client, form_page):
    review = walk(client)
    documents = goto(client, review, "documents")
    bad = upload("plan.pdf", b"nur Text, kein PDF", "application/pdf")
    response = press(client, documents, "next", budget_plan=bad)
    assert shown_step(response) == "documents"
    assert "kein erlaubtes Format" in text_of(response)
    assert "Aus Sicherheitsgründen müssen Sie die Dateien erneut auswählen." in text_of(response)
    assert list(draft_of(response).files.values_list("original_name", flat=True)) == [
        "kostenplan.pdf"
    ]


def test_a_file_too_large_at_its_step_answers_413(client, form_page, settings):
    documents = walk(client, until="documents")
    settings.ZIB_GRANTS_MAX_FILE_SIZE = 2000
    response = press(
        client, documents, "next", budget_plan=upload("gross.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    )
    assert response.status_code == 413
    assert shown_step(response) == "documents"
    assert "Die Datei „gross.pdf“ ist zu groß" in text_of(response)
    assert not DraftFile.objects.exists()


def test_a_step_post_too_large_to_read_gets_the_refusal_page(client, form_page, settings):
    documents = walk(client, until="documents")
    settings.ZIB_GRANTS_MAX_REQUEST_SIZE = 1000
    response = press(
        client, documents, "next", budget_plan=upload("gross.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    )
    assert response.status_code == 413
    assert "Die Dateien sind zu groß" in text_of(response)
    assert draft_of(documents).files.count() == 0


# --- The review and the receipt show the same -------------------------------------------------


def test_the_status_pages_copy_shows_the_plans_lines_and_the_answers(
    client, form_page, open_round, django_capture_on_commit_callbacks
):
    """Part 3: the applicant's receipt (…/kopie/) has the financing plan's lines and the
    answers to the round's questions, like the review before sending."""
    RoundQuestion.objects.create(funding_round=open_round, label="Schwerpunkt", required=True)
    RoundQuestion.objects.create(
        funding_round=open_round, label="Mitglieder", question_type="number", required=False
    )
    data = valid_data(question_schwerpunkt="Sprache", question_mitglieder="1.250")
    with django_capture_on_commit_callbacks(execute=True):
        assert press(client, walk(client, data), "submit", **declarations()).status_code == 302
    status_url = soup(client.get(CONFIRMATION_URL)).find("a", rel="noreferrer")["href"]
    receipt = text_of(client.get(status_url + "kopie/"))
    for shown in (
        "Fragen zu dieser Antragsrunde",
        "Schwerpunkt Sprache",
        "Mitglieder 1.250",
        "Musik und Technik Honorare 1.200,00 €",
        "Essen und Getränke Verpflegung 800,00 €",
        "Miete Gemeindezentrum – 500,00 €",
        "Mitgliedsbeiträge Eigenmittel – 500,00 €",
        "Stiftung Nachbarschaft Drittmittel Bewilligt 500,00 €",
        "Beantragter Zuschuss – – 1.500,00 €",
        "Summe der Finanzierung 2.500,00 €",
        "DE89 **** **** **** **30 00",  # masked on the receipt
    ):
        assert shown in receipt, shown
