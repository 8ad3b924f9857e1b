"""The financing plan (Kosten- und Finanzierungsplan) of the application form: cost lines, own
and third-party funds as rows that work without JavaScript, the balance to the cent, the round's
maximum and funding period, and the plan's way into storage, the admin and the exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from grants import exports
from grants.models import CostLine, FundingRound, GrantApplication, IncomeLine
from tests.builders import soup

from .conftest import FORM_URL, PLAN, plan_data, upload, valid_data
from .form_client import declarations, names_of_step, press, shown_step, walk

pytestmark = pytest.mark.django_db

ADMIN = "/admin/grants_applications/"


def post(client, **overrides):
    return client.post(FORM_URL, valid_data(**overrides))


def errors(response):
    assert response.status_code == 200, response.status_code
    assert not GrantApplication.objects.exists()
    return response.context["form"].errors


# --- A balanced plan is stored line by line --------------------------------------------------


def test_a_balanced_plan_is_stored_with_its_lines_and_sums(client, form_page, submit):
    assert submit().status_code == 302
    application = GrantApplication.objects.get()
    costs = list(
        application.cost_lines.values_list("position", "category", "description", "amount")
    )
    assert costs == [
        (0, "fees", "Musik und Technik", Decimal("1200.00")),
        (1, "catering", "Essen und Getränke", Decimal("800.00")),
        (2, "", "Miete Gemeindezentrum", Decimal("500.00")),
    ]
    income = list(
        application.income_lines.values_list("position", "kind", "description", "status", "amount")
    )
    assert income == [
        (0, "own", "Mitgliedsbeiträge", "", Decimal("500.00")),
        (1, "third_party", "Stiftung Nachbarschaft", "confirmed", Decimal("500.00")),
    ]
    # The application's figures are the sums of its lines (lists, statistics, exports, API).
    assert application.total_costs == Decimal("2500.00")
    assert application.own_contribution == Decimal("500.00")
    assert application.other_funding_amount == Decimal("500.00")
    assert application.other_funding_source == "Stiftung Nachbarschaft"
    assert application.requested_amount == Decimal("1500.00")


def test_untouched_empty_rows_are_ignored(client, form_page, submit):
    assert client.post(FORM_URL, {**valid_data(), **plan_data(empty_rows=3)}).status_code == 302
    application = GrantApplication.objects.get()
    assert application.cost_lines.count() == 3
    assert application.income_lines.count() == 2


def test_several_third_parties_are_summed_and_named(client, form_page, submit):
    plan = {
        "costs": [{"description": "Bühne", "amount": "4.000"}],
        "third_party": [
            {"description": "Landesstiftung", "status": "confirmed", "amount": "1.000,00"},
            {"description": "Bürgerstiftung", "status": "applied", "amount": "1000,5"},
        ],
    }
    assert submit(plan=plan, requested_amount="1.999,50").status_code == 302
    application = GrantApplication.objects.get()
    assert application.own_contribution == Decimal("0")
    assert application.other_funding_amount == Decimal("2000.50")
    assert application.other_funding_source == "Landesstiftung; Bürgerstiftung"


# --- The plan must balance, to the cent --------------------------------------------------------

UNBALANCED = [
    (
        "costs covered by a small grant and nothing else",
        {"costs": [{"description": "Saalmiete", "amount": "2.500,00"}]},
        "100",
        "Der Finanzierungsplan ist nicht ausgeglichen: Den Kosten von 2.500,00 € steht eine "
        "Finanzierung von 100,00 € gegenüber (Eigenmittel, Drittmittel und beantragter "
        "Zuschuss). Es fehlen 2.400,00 €.",
    ),
    (
        "over-financed",
        {
            "costs": [{"description": "Saalmiete", "amount": "1000"}],
            "own_funds": [{"description": "Mitgliedsbeiträge", "amount": "900"}],
        },
        "900",
        "Der Finanzierungsplan ist nicht ausgeglichen: Die Finanzierung von 1.800,00 € "
        "(Eigenmittel, Drittmittel und beantragter Zuschuss) übersteigt die Kosten von "
        "1.000,00 € um 800,00 €. Bitte verringern Sie den beantragten Zuschuss.",
    ),
    ("a cent missing", PLAN, "1.499,99", "Es fehlen 0,01 €."),
    ("a cent too much", PLAN, "1500,01", "übersteigt die Kosten von 2.500,00 € um 0,01 €"),
]


@pytest.mark.parametrize(
    ("plan", "requested", "message"),
    [case[1:] for case in UNBALANCED],
    ids=[c[0] for c in UNBALANCED],
)
def test_an_unbalanced_plan_is_refused_with_both_sums(client, form_page, plan, requested, message):
    response = post(client, plan=plan, requested_amount=requested)
    assert list(errors(response)) == ["financing_plan"]
    [error] = errors(response)["financing_plan"]
    assert message in error
    page = soup(response)
    # In the summary at the top, linked to the plan's sums, and next to them.
    link = page.select_one('[data-error-summary] a[href="#id_financing_plan"]')
    assert link is not None and message in link.get_text()
    box = page.select_one("#id_financing_plan")
    assert message in box.select_one("#id_financing_plan_error").get_text()
    assert not box.has_attr("hidden")


def test_the_sums_are_shown_after_sending(client, form_page):
    response = post(client, requested_amount="1000")
    sums = {
        dd["data-plan-sum"]: dd.get_text(strip=True)
        for dd in soup(response).select("#id_financing_plan [data-plan-sum]")
    }
    assert sums == {"costs": "2.500,00 €", "financing": "2.000,00 €", "difference": "500,00 €"}


def test_the_plan_needs_a_cost_line(client, form_page):
    response = post(client, plan={**PLAN, "costs": []}, requested_amount="1000")
    assert errors(response) == {"costs": ["Bitte geben Sie mindestens eine Kostenposition an."]}
    assert soup(response).select_one('[data-error-summary] a[href="#id_costs"]') is not None


def test_a_row_begun_must_be_complete_and_its_error_names_table_and_row(client, form_page):
    response = post(client, **{"costs-1-amount": "", "third_party-0-status": ""})
    assert errors(response) == {
        "costs-1-amount": ["Bitte einen Betrag angeben."],
        "third_party-0-status": ["Bitte wählen Sie, ob die Mittel bewilligt oder beantragt sind."],
    }
    links = [a.get_text(" ", strip=True) for a in soup(response).select("[data-error-summary] a")]
    assert links == [
        "Kosten, Zeile 2: Betrag (EUR): Bitte einen Betrag angeben.",
        "Drittmittel, Zeile 1: Stand: Bitte wählen Sie, ob die Mittel bewilligt oder "
        "beantragt sind.",
    ]
    cell = soup(response).select_one("#id_costs-1-amount")
    assert cell["aria-invalid"] == "true"
    assert "id_costs-1-amount_error" in cell["aria-describedby"]
    # What was typed stays.
    assert soup(response).select_one("#id_costs-0-amount")["value"] == "1.200,00"
    assert soup(response).select_one("#id_costs-1-description")["value"] == "Essen und Getränke"


def test_at_most_thirty_cost_lines(client, form_page):
    rows = [{"description": f"Posten {n}", "amount": "1"} for n in range(31)]
    response = post(client, plan={"costs": rows}, requested_amount="31")
    assert errors(response) == {"costs": ["Bitte höchstens 30 Zeilen angeben."]}


def test_a_tampered_management_form_is_an_error_not_a_crash(client, form_page):
    data = valid_data()
    del data["own_funds-TOTAL_FORMS"], data["own_funds-INITIAL_FORMS"]
    response = client.post(FORM_URL, data)
    # Treated as an empty table, so the plan no longer balances: nothing is stored.
    assert list(errors(response)) == ["financing_plan"]


# --- Without JavaScript ------------------------------------------------------------------------


def test_the_form_offers_empty_rows_and_works_without_javascript(
    client, form_page, django_capture_on_commit_callbacks
):
    """What the browser gets at the step „Finanzen“: each table with its management form and a
    few empty rows. Sent back with some rows filled in and the others untouched, it is
    accepted."""
    finances = walk(client, until="finances")
    page = soup(finances)
    form = page.select_one("form.grants-form")
    management = {
        tag["name"]: tag["value"] for tag in form.select("input[type=hidden][name$=_FORMS]")
    }
    assert management == {
        "costs-TOTAL_FORMS": "5",
        "costs-INITIAL_FORMS": "0",
        "costs-MIN_NUM_FORMS": "0",
        "costs-MAX_NUM_FORMS": "30",
        "own_funds-TOTAL_FORMS": "2",
        "own_funds-INITIAL_FORMS": "0",
        "own_funds-MIN_NUM_FORMS": "0",
        "own_funds-MAX_NUM_FORMS": "10",
        "third_party-TOTAL_FORMS": "2",
        "third_party-INITIAL_FORMS": "0",
        "third_party-MIN_NUM_FORMS": "0",
        "third_party-MAX_NUM_FORMS": "10",
    }
    assert len(form.select("[data-plan-table=costs] tbody [data-plan-row]")) == 5
    # Every input of a row is labelled with its table, row and column.
    label = form.select_one('label[for="id_costs-2-amount"]').get_text(strip=True)
    assert label == "Kosten, Zeile 3: Betrag (EUR)"
    # The "add a row" button is for JavaScript only: hidden until the script shows it.
    assert form.select_one("[data-plan-table=costs] .grants-plan__add").has_attr("hidden")
    assert form.select_one("#id_financing_plan").has_attr("hidden")

    filled = names_of_step("finances", valid_data())
    filled = {key: value for key, value in filled.items() if not key.endswith("_FORMS")}
    documents = press(client, finances, "next", **filled)
    assert shown_step(documents) == "documents", documents.context["form"].errors
    review = press(client, documents, "next", budget_plan=upload())
    with django_capture_on_commit_callbacks(execute=True):
        response = press(client, review, "submit", **declarations())
    assert response.status_code == 302
    assert GrantApplication.objects.get().cost_lines.count() == 3


# --- The round's maximum and funding period ------------------------------------------------------


def test_the_rounds_maximum_holds_exactly(client, form_page, open_round, submit):
    plan = {"costs": [{"description": "Saalmiete", "amount": "5.000,01"}]}
    response = post(client, plan=plan, requested_amount="5.000,01")
    assert errors(response) == {
        "requested_amount": ["In dieser Antragsrunde sind höchstens 5.000,00 € je Antrag möglich."]
    }
    plan = {"costs": [{"description": "Saalmiete", "amount": "5.000"}]}
    assert submit(plan=plan, requested_amount="5000").status_code == 302


@pytest.fixture
def summer_period(open_round):
    open_round.funding_period_start = datetime.date(2026, 5, 1)
    open_round.funding_period_end = datetime.date(2026, 9, 30)
    open_round.save()
    return open_round


def test_the_funding_period_is_a_hint_on_the_dates(client, form_page, summer_period):
    page = soup(walk(client, until="project"))
    hint = "Im Förderzeitraum der Antragsrunde: 1. Mai 2026 bis 30. September 2026."
    for name in ("start_date", "end_date"):
        assert page.select_one(f"#id_{name}_helptext").get_text(strip=True) == hint
        date_input = page.select_one(f"#id_{name}")
        assert (date_input["min"], date_input["max"]) == ("2026-05-01", "2026-09-30")


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        ("2026-05-01", "2026-09-30", []),
        ("2026-04-30", "2026-06-02", ["start_date"]),
        ("2026-06-01", "2026-10-01", ["end_date"]),
        ("2020-06-01", "2099-06-02", ["start_date", "end_date"]),
    ],
)
def test_the_project_lies_within_the_funding_period(
    client, form_page, summer_period, submit, start, end, refused
):
    response = submit(start_date=start, end_date=end)
    if not refused:
        assert response.status_code == 302
        return
    form_errors = errors(response)
    assert list(form_errors) == refused
    for name in refused:
        assert form_errors[name] == [
            "Das Vorhaben muss im Förderzeitraum der Antragsrunde liegen: 1. Mai 2026 bis "
            "30. September 2026."
        ]


def test_without_a_period_of_its_own_the_round_funds_its_year(open_round):
    assert open_round.funding_period == {
        "start": datetime.date(2026, 1, 1),
        "end": datetime.date(2026, 12, 31),
    }


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (datetime.date(2026, 5, 1), None, "funding_period_end", "Beginn und Ende"),
        (None, datetime.date(2026, 5, 1), "funding_period_start", "Beginn und Ende"),
        (datetime.date(2026, 5, 2), datetime.date(2026, 5, 1), "funding_period_end", "nach"),
    ],
)
def test_a_funding_period_has_both_ends_in_order(open_round, start, end, field, message):
    open_round.funding_period_start, open_round.funding_period_end = start, end
    with pytest.raises(ValidationError) as refused:
        open_round.full_clean()
    assert message in " ".join(refused.value.message_dict[field])


def test_the_database_refuses_a_period_ending_before_it_starts(open_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingRound.objects.filter(pk=open_round.pk).update(
            funding_period_start=datetime.date(2026, 5, 2),
            funding_period_end=datetime.date(2026, 5, 1),
        )


def test_the_database_refuses_a_status_for_own_funds(client, form_page, submit):
    submit()
    line = IncomeLine.objects.get(kind="own")
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomeLine.objects.filter(pk=line.pk).update(status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        CostLine.objects.filter(application=line.application).update(amount=Decimal("-1"))


# --- Staff see the plan -------------------------------------------------------------------------


@pytest.fixture
def stored(form_page, submit):
    submit(attachments=[upload("satzung.pdf")])
    return GrantApplication.objects.get()


def test_the_admin_detail_shows_the_lines_and_sums(client, stored, clerk):
    client.force_login(clerk)
    page = soup(client.get(f"{ADMIN}inspect/{stored.pk}/"))
    costs, income = page.select("#kosten-und-finanzierungsplan ~ table.listing")[:2]
    assert [
        [cell.get_text(strip=True) for cell in row.select("td")] for row in costs.select("tbody tr")
    ] == [
        ["Musik und Technik", "Honorare", "1.200,00 €"],
        ["Essen und Getränke", "Verpflegung", "800,00 €"],
        ["Miete Gemeindezentrum", "–", "500,00 €"],
    ]
    assert costs.select_one("tfoot").get_text(" ", strip=True) == "Summe der Kosten 2.500,00 €"
    assert [
        [cell.get_text(strip=True) for cell in row.select("td")]
        for row in income.select("tbody tr")
    ] == [
        ["Mitgliedsbeiträge", "Eigenmittel", "–", "500,00 €"],
        ["Stiftung Nachbarschaft", "Drittmittel", "Bewilligt", "500,00 €"],
        ["Beantragter Zuschuss", "–", "–", "1.500,00 €"],
    ]
    assert "Summe der Finanzierung 2.500,00 €" in income.select_one("tfoot").get_text(
        " ", strip=True
    )
    assert "nicht ausgeglichen" not in page.get_text()


def test_an_application_without_lines_shows_its_sums_only(client, clerk):
    from .builders import make_application

    application = make_application()
    client.force_login(clerk)
    text = soup(client.get(f"{ADMIN}inspect/{application.pk}/")).get_text(" ", strip=True)
    assert "Dieser Antrag enthält keine Positionen des Finanzierungsplans" in text
    assert "Gesamtkosten (EUR) 3.000,00 € Eigenmittel (EUR) 1.000,00 €" in text


def test_the_xlsx_has_a_sheet_with_every_line(stored):
    funding_round = stored.funding_round
    workbook = load_workbook(
        io.BytesIO(exports.as_xlsx(exports.export_queryset(funding_round), "Z", funding_round))
    )
    assert workbook.sheetnames == ["Z", "Finanzierungspläne"]
    rows = list(workbook["Finanzierungspläne"].iter_rows(values_only=True))
    assert rows[0] == (
        "Aktenzeichen",
        "Name der Organisation",
        "Bereich",
        "Art",
        "Beschreibung",
        "Stand",
        "Betrag (EUR)",
    )
    organisation = "Interkultureller Verein Malstatt e. V."
    assert [row[2:] for row in rows[1:]] == [
        ("Kosten", "Honorare", "Musik und Technik", None, 1200.0),
        ("Kosten", "Verpflegung", "Essen und Getränke", None, 800.0),
        ("Kosten", None, "Miete Gemeindezentrum", None, 500.0),
        ("Finanzierung", "Eigenmittel", "Mitgliedsbeiträge", None, 500.0),
        ("Finanzierung", "Drittmittel", "Stiftung Nachbarschaft", "Bewilligt", 500.0),
        ("Finanzierung", "Beantragter Zuschuss", None, None, 1500.0),
    ]
    assert {row[:2] for row in rows[1:]} == {(stored.reference, organisation)}
    main = dict(zip(*list(workbook["Z"].iter_rows(values_only=True)), strict=True))
    assert main["Gesamtkosten (EUR)"] == 2500.0
    assert main["Eigenmittel (EUR)"] == 500.0
    assert main["Drittmittel (EUR)"] == 500.0


def test_the_csv_has_the_lines_as_text(stored):
    text = exports.as_csv(exports.export_queryset(stored.funding_round)).decode("utf-8")[1:]
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    record = dict(zip(header, row, strict=True))
    assert record["Kostenpositionen"] == (
        "Honorare: Musik und Technik – 1.200,00 €\n"
        "Verpflegung: Essen und Getränke – 800,00 €\n"
        "–: Miete Gemeindezentrum – 500,00 €"
    )
    assert record["Finanzierungspositionen"] == (
        "Eigenmittel: Mitgliedsbeiträge – 500,00 €\n"
        "Drittmittel (Bewilligt): Stiftung Nachbarschaft – 500,00 €"
    )


def test_applicants_text_in_the_lines_never_becomes_a_formula(form_page, submit):
    plan = {**PLAN, "costs": [{"description": '=HYPERLINK("x")', "amount": "2.500"}]}
    assert submit(plan=plan).status_code == 302
    funding_round = GrantApplication.objects.get().funding_round
    workbook = load_workbook(
        io.BytesIO(exports.as_xlsx(exports.export_queryset(funding_round), "Z", funding_round))
    )
    cell = workbook["Finanzierungspläne"]["E2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("x")', "s")
