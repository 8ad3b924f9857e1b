"""The checks of the application form, table by table: bank details, amounts, dates, postcode,
phone, and the uploaded files (judged by their bytes, never by name or header).

Each row states the input, and either the cleaned value or the German error and the field it
is attached to. Forms are bound directly (no HTTP); tests/grants/test_validation.py covers how
errors appear on the page.
"""

import io
import struct
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from grants.forms import EuroField, GrantApplicationForm
from grants.models import FundingRound, GrantApplication
from grants.validators import (
    ALLOWED_TYPES,
    normalise_iban,
    safe_filename,
    sniff_content_type,
    validate_attachment,
    validate_bic,
    validate_iban,
)

from .conftest import (
    FORM_URL,
    PLAN,
    image_bytes,
    office_bytes,
    pdf_bytes,
    plan_for,
    upload,
    valid_data,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
IBAN_ERROR = "Diese IBAN ist ungültig. Bitte prüfen Sie die Angabe (Prüfziffer oder Länge)."
BIC_ERROR = "Diese BIC ist ungültig. Sie hat 8 oder 11 Zeichen, z. B. SAKSDE55XXX."
TYPE_ERROR = (
    "Die Datei „{name}“ hat kein erlaubtes Format. "
    "Erlaubt sind: PDF, JPEG, PNG, DOCX, XLSX, ODT, ODS."
)
REQUIRED = "Dieses Feld muss ausgefüllt werden."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def bound(funding_round=None, **overrides):
    """The application form bound to valid data with `overrides` (None leaves a field out)."""
    data = valid_data(**overrides)
    files = MultiValueDict()
    for name in ("budget_plan", "attachments"):
        value = data.pop(name, None)
        if value is not None:
            files.setlist(name, value if isinstance(value, list) else [value])
    return GrantApplicationForm(data, files, funding_round=funding_round)


def errors_of(**overrides):
    form = bound(**overrides)
    assert not form.is_valid()
    return form.errors


def cleaned(field, **overrides):
    form = bound(**overrides)
    assert form.is_valid(), form.errors
    return form.cleaned_data[field]


def test_the_valid_data_is_valid():
    form = bound()
    assert form.is_valid(), form.errors
    assert form.errors == {}


# --- IBAN and BIC ------------------------------------------------------------------------------

VALID_IBANS = [
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ("DE89370400440532013000", "DE89370400440532013000"),
    ("de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ("AT61 1904 3002 3457 3201", "AT611904300234573201"),
    ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
    ("FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    # Longer than the 34-character column only while written with spaces, as printed.
    ("PL61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874"),
    ("HU42 1177 3016 1111 1018 0000 0000", "HU42117730161111101800000000"),
    ("MT84 MALT 0110 0001 2345 MTLC AST0 01S", "MT84MALT011000012345MTLCAST001S"),
]
INVALID_IBANS = [
    "DE89 3704 0044 0532 0130 01",  # check digits do not match
    "DE88 3704 0044 0532 0130 00",  # wrong check digits
    "DE89 3704 0044 0532 0130 0",  # one digit short
    "DE89 3704 0044 0532 0130 000",  # one digit too many
    "XX89 3704 0044 0532 0130 00",  # no such country
    "DE89 3704 0044 0532 0130 0A",  # a letter where German IBANs have digits
    "DE89",
    "Kontonummer 532013000",
]


@pytest.mark.parametrize(("raw", "compact"), VALID_IBANS)
def test_valid_iban_is_stored_compact(raw, compact):
    validate_iban(raw)
    assert normalise_iban(raw) == compact
    assert cleaned("iban", iban=raw) == compact


@pytest.mark.parametrize("raw", INVALID_IBANS)
def test_invalid_iban(raw):
    with pytest.raises(ValidationError) as refused:
        validate_iban(raw)
    assert refused.value.code == "invalid_iban"
    assert errors_of(iban=raw) == {"iban": [IBAN_ERROR]}


def test_iban_and_bic_inputs_take_the_printed_form():
    """The browser must let people type the groups with spaces: 34 + 8 and 11 + 3."""
    form = bound()
    assert form.fields["iban"].widget.attrs["maxlength"] == "42"
    assert form.fields["bic"].widget.attrs["maxlength"] == "14"
    assert 'maxlength="42"' in str(form["iban"])
    too_long = "DE89 " * 9  # 44 characters once the trailing space is stripped
    assert errors_of(iban=too_long) == {
        "iban": [
            "Bitte sicherstellen, dass der Wert aus höchstens 42 Zeichen besteht. "
            "(Er besteht aus 44 Zeichen.)"
        ]
    }


def test_iban_is_required():
    assert errors_of(iban="") == {"iban": [REQUIRED]}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("COBADEFFXXX", "COBADEFFXXX"),
        ("COBADEFF", "COBADEFF"),
        ("coba de ff xxx", "COBADEFFXXX"),
        ("saksde55xxx", "SAKSDE55XXX"),
        ("", ""),  # optional: German banks need none within the SEPA area
    ],
)
def test_valid_bic_is_stored_upper_case_without_spaces(raw, stored):
    assert cleaned("bic", bic=raw) == stored


@pytest.mark.parametrize(
    "raw",
    ["XYZ", "COBADEFFXX", "COBADEFFXXXX", "COBAXXFF", "COBA-DEFF"],
    ids=["too short", "ten characters", "twelve characters", "no such country", "dash"],
)
def test_invalid_bic(raw):
    with pytest.raises(ValidationError) as refused:
        validate_bic(raw.replace(" ", "").upper())
    assert refused.value.code == "invalid_bic"
    assert errors_of(bic=raw) == {"bic": [BIC_ERROR]}


# --- Amounts -----------------------------------------------------------------------------------

AMOUNTS = [
    ("1.234,56", "1234.56"),
    ("1234,56", "1234.56"),
    ("1234,5", "1234.50"),
    ("1234.56", "1234.56"),
    ("1234", "1234"),
    ("1.234", "1234"),  # a German thousands separator, not 1,234
    ("1.234.567", "1234567"),
    ("1.234.567,89", "1234567.89"),
    ("1,5", "1.5"),
    ("1.5", "1.5"),
    ("1.50", "1.50"),
    ("€ 1.500,00", "1500.00"),
    ("1.500,00 €", "1500.00"),
    ("1500 EUR", "1500"),
    (" 1 500,00 ", "1500.00"),
    ("0,01", "0.01"),
]


@pytest.mark.parametrize(("raw", "value"), AMOUNTS)
def test_amount_as_germans_write_it(raw, value):
    assert EuroField().clean(raw) == Decimal(value)


AMOUNT_ERRORS = [
    ("zwei Euro", "Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
    ("1,2,3", "Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
    ("12.34.56", "Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
    ("1.234,5,6", "Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
    ("10,001", "Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
    ("12345678901,00", "Dieser Betrag ist zu groß."),
    ("0", "Bitte einen Betrag größer als 0 angeben."),
    ("-5", "Bitte einen Betrag größer als 0 angeben."),
    ("", REQUIRED),
]


@pytest.mark.parametrize(("raw", "message"), AMOUNT_ERRORS)
def test_invalid_positive_amount(raw, message):
    with pytest.raises(ValidationError) as refused:
        EuroField().clean(raw)
    assert refused.value.messages == [message]
    assert errors_of(requested_amount=raw)["requested_amount"] == [message]


@pytest.mark.parametrize(
    ("raw", "messages"),
    [
        ("0", None),
        ("-0,01", ["Der Betrag darf nicht negativ sein."]),
        ("-100", ["Der Betrag darf nicht negativ sein."]),
    ],
)
def test_a_line_of_the_plan_may_be_zero_not_negative(raw, messages):
    plan = {**PLAN, "own_funds": [{"description": "Mitgliedsbeiträge", "amount": raw}]}
    if messages is None:
        form = bound(plan=plan, requested_amount="2000")
        assert form.is_valid(), form.errors
        assert form.instance.own_contribution == Decimal("0")
    else:
        assert errors_of(plan=plan, requested_amount="2000") == {"own_funds-0-amount": messages}


CROSS_FIELD = [
    (
        {
            "requested_amount": "1000,01",
            "plan": {"costs": [{"description": "Miete", "amount": "1000"}]},
        },
        "financing_plan",
        "Der Finanzierungsplan ist nicht ausgeglichen: Die Finanzierung von 1.000,01 € "
        "(Eigenmittel, Drittmittel und beantragter Zuschuss) übersteigt die Kosten von "
        "1.000,00 € um 0,01 €. Bitte verringern Sie den beantragten Zuschuss.",
    ),
    (
        {"third_party-0-description": "   "},
        "third_party-0-description",
        "Bitte geben Sie an, wer die Mittel gibt.",
    ),
    (
        {"start_date": "2026-06-02", "end_date": "2026-06-01"},
        "end_date",
        "Das Ende darf nicht vor dem Beginn liegen.",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "message"), CROSS_FIELD)
def test_rules_across_fields_report_on_the_right_field(overrides, field, message):
    assert errors_of(**overrides) == {field: [message]}


@pytest.mark.parametrize(
    ("plan", "requested", "figures"),
    [
        ({"costs": [{"description": "Miete", "amount": "1000"}]}, "1000", ("1000", "0", "0")),
        (
            {**PLAN, "third_party": []},
            "2000",
            ("2500", "500", "0"),
        ),
        (
            {
                **PLAN,
                "own_funds": [],
                "third_party": [
                    {"description": "Stiftung A", "status": "confirmed", "amount": "100"},
                    {"description": "Land", "status": "applied", "amount": "400"},
                ],
            },
            "2000",
            ("2500", "0", "500"),
        ),
    ],
    ids=["all of the costs", "no third-party funds", "two third parties, no own funds"],
)
def test_limits_of_the_cross_field_rules_are_allowed(plan, requested, figures):
    form = bound(plan=plan, requested_amount=requested)
    assert form.is_valid(), form.errors
    application = form.instance
    assert (
        application.total_costs,
        application.own_contribution,
        application.other_funding_amount,
    ) == tuple(Decimal(figure) for figure in figures)


def test_round_maximum_per_application():
    funding_round = FundingRound(year=2026, max_amount_per_application=Decimal("1000.00"))
    form = bound(funding_round, plan=plan_for("1000,01"), requested_amount="1000,01")
    assert not form.is_valid()
    assert form.errors == {
        "requested_amount": ["In dieser Antragsrunde sind höchstens 1.000,00 € je Antrag möglich."]
    }
    assert form.fields["requested_amount"].help_text == "Höchstens 1.000,00 € je Antrag."
    assert bound(funding_round, plan=plan_for("1000"), requested_amount="1000").is_valid()


def test_round_without_maximum_allows_up_to_the_costs():
    funding_round = FundingRound(year=2026, max_amount_per_application=None)
    plan = {"costs": [{"description": "Umbau", "amount": "90.000"}]}
    assert bound(funding_round, plan=plan, requested_amount="90000").is_valid()


# --- Dates, postcode, phone, e-mail, participants -----------------------------------------------

DATES = [
    ("2026-06-01", True),
    ("01.06.2026", True),
    ("1.6.2026", True),
    ("01.06.26", True),
    ("31.02.2026", False),
    ("06/01/2026", False),
    ("morgen", False),
    ("2026-13-01", False),
]


@pytest.mark.parametrize(("raw", "valid"), DATES)
def test_start_date_formats(raw, valid):
    overrides = {"start_date": raw, "end_date": "2026-12-31"}
    if valid:
        assert str(cleaned("start_date", **overrides)).startswith("2026-0")
    else:
        assert errors_of(**overrides) == {"start_date": ["Bitte ein gültiges Datum eingeben."]}


POSTCODE_ERROR = "Bitte eine fünfstellige Postleitzahl angeben."
PHONE_ERROR = "Bitte eine Telefonnummer aus Ziffern angeben, z. B. 0681 123456."

SIMPLE_FIELDS = [
    # (field, value, error or None)
    ("postcode", "66115", None),
    ("postcode", "01067", None),
    ("postcode", " 66115 ", None),
    ("postcode", "6611", POSTCODE_ERROR),
    ("postcode", "66a11", POSTCODE_ERROR),
    ("postcode", "D-661", POSTCODE_ERROR),
    (
        "postcode",
        "661150",
        "Bitte sicherstellen, dass der Wert aus höchstens 5 Zeichen besteht. "
        "(Er besteht aus 6 Zeichen.)",
    ),
    ("postcode", "", REQUIRED),
    ("contact_phone", "0681 123456", None),
    ("contact_phone", "+49 681 123456", None),
    ("contact_phone", "(0681) 12 34-56", None),
    ("contact_phone", "0681/123456", None),
    ("contact_phone", "ruf mich an", PHONE_ERROR),
    ("contact_phone", "12345", PHONE_ERROR),
    ("contact_phone", "0681 123456 ext 5", PHONE_ERROR),
    ("contact_phone", "+", PHONE_ERROR),
    ("contact_phone", "", REQUIRED),
    ("contact_email", "ayse@example.org", None),
    ("contact_email", "keine-adresse", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
    ("contact_email", "a@b", "Bitte geben Sie eine gültige E-Mail-Adresse an."),
    ("expected_participants", "1", None),
    ("expected_participants", "0", "Dieser Wert muss größer oder gleich 1 sein."),
    ("expected_participants", "viele", "Bitte eine ganze Zahl eingeben."),
    ("legal_form", "ggmbh", None),
    ("legal_form", "gmbh", "Bitte eine gültige Auswahl treffen. gmbh ist keine gültige Auswahl."),
    ("kind", "event", None),
    ("kind", "party", "Bitte eine gültige Auswahl treffen. party ist keine gültige Auswahl."),
]


@pytest.mark.parametrize(("field", "value", "error"), SIMPLE_FIELDS)
def test_simple_field(field, value, error):
    if error is None:
        expected = int(value) if field == "expected_participants" else value.strip()
        assert cleaned(field, **{field: value}) == expected
    else:
        assert errors_of(**{field: value}) == {field: [error]}


# --- Uploaded files: judged by their bytes -------------------------------------------------------


def zip_with(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
GIF = image_bytes("GIF")
ACCEPTED = [
    ("kostenplan.pdf", pdf_bytes(), "application/pdf"),
    ("foto.jpg", image_bytes("JPEG"), "image/jpeg"),
    ("foto.png", image_bytes("PNG"), "image/png"),
    ("plan.docx", office_bytes("docx"), DOCX),
    ("plan.xlsx", office_bytes("xlsx"), XLSX),
    ("plan.odt", office_bytes("odt"), ODT),
    ("plan.ods", office_bytes("ods"), ODS),
    # The name does not matter: the bytes do.
    ("kostenplan.docx", pdf_bytes(), "application/pdf"),
    ("scan.pdf", image_bytes("PNG"), "image/png"),
    ("plan", office_bytes("xlsx"), XLSX),
    ("plan.zip", office_bytes("odt"), ODT),
]
REFUSED = [
    ("programm.pdf", EXE),
    ("text.pdf", b"Nur Text, kein PDF."),
    ("bild.png", GIF),
    ("archiv.zip", zip_with({"a.txt": "x", "b.txt": "y"})),
    ("kaputt.docx", b"PK\x03\x04" + b"\x00" * 60),
    # Office containers are judged by their structure, not the first bytes.
    ("ohne-typen.docx", zip_with({"word/document.xml": "<w:document/>"})),
    ("ohne-dokument.docx", zip_with({"[Content_Types].xml": "<Types/>", "docProps/app.xml": "x"})),
    (
        "praesentation.odp",
        zip_with({"mimetype": "application/vnd.oasis.opendocument.presentation"}),
    ),
    ("falscher-typ.odt", zip_with({"mimetype": "application/x-shockwave-flash"})),
    ("html.pdf", b"<!doctype html><script>alert(1)</script>"),
    ("svg.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
]


@pytest.mark.parametrize(
    ("name", "content", "content_type"), ACCEPTED, ids=[a[0] for a in ACCEPTED]
)
def test_accepted_upload_gets_the_type_of_its_bytes(name, content, content_type):
    file = upload(name, content, "application/octet-stream")  # the browser's header is ignored
    assert sniff_content_type(file) == content_type
    assert validate_attachment(file) == content_type
    assert content_type in ALLOWED_TYPES
    form = bound(budget_plan=upload(name, content, "application/pdf"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["budget_plan"].sniffed_content_type == content_type


@pytest.mark.parametrize(("name", "content"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_upload_names_the_file_and_the_allowed_types(name, content):
    file = upload(name, content, "application/pdf")
    with pytest.raises(ValidationError) as refused:
        validate_attachment(file)
    assert refused.value.code == "file_type"
    message = TYPE_ERROR.format(name=name)
    assert refused.value.messages == [message]
    assert errors_of(budget_plan=upload(name, content)) == {"budget_plan": [message]}
    assert errors_of(attachments=[upload("ok.pdf"), upload(name, content)]) == {
        "attachments": [message]
    }


def test_sniffing_leaves_the_file_at_its_start():
    file = upload("plan.docx", office_bytes("docx"))
    file.read(10)
    sniff_content_type(file)
    assert file.tell() == 0


def test_zip_bomb_in_the_mimetype_entry_is_refused_without_unpacking_it():
    """An ODF `mimetype` entry holds one short line; a huge one (here 64 MB of spaces behind
    the right type, 64 KB packed) is refused without being decompressed into memory."""
    bomb = zip_with({"mimetype": ODT.encode() + b" " * (64 * MB), "content.xml": "<x/>"})
    assert len(bomb) < MB
    file = upload("bombe.odt", bomb)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_attachment(file)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.code == "file_type"
    assert peak < 8 * MB


def test_zip_bomb_in_other_entries_is_never_unpacked():
    """Only the directory and the `mimetype` entry are read: a bomb elsewhere costs nothing."""
    bomb = zip_with({"mimetype": ODT, "content.xml": b"\x00" * (64 * MB)})
    file = upload("gross.odt", bomb)
    tracemalloc.start()
    try:
        assert validate_attachment(file) == ODT
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB


def _patched(data, local_offset, central_offset, value):
    """The archive with a 2-byte field of the first local header and central record set."""
    data = bytearray(data)
    data[local_offset : local_offset + 2] = struct.pack("<H", value)
    central = data.find(b"PK\x01\x02")
    data[central + central_offset : central + central_offset + 2] = struct.pack("<H", value)
    return bytes(data)


def _corrupt_deflate():
    data = bytearray(zip_with({"mimetype": ODT * 3}))
    start = 30 + len("mimetype")  # the compressed bytes follow the local header
    data[start : start + 10] = b"\xff" * 10
    return bytes(data)


ODT_STORED = zip_with({"mimetype": ODT}, zipfile.ZIP_STORED)
CRAFTED = [
    ("verschluesselt.odt", _patched(ODT_STORED, 6, 8, 0x1)),  # the "encrypted" flag
    ("methode-99.odt", _patched(ODT_STORED, 8, 10, 99)),  # an unknown compression method
    ("kaputt-deflate.odt", _corrupt_deflate()),
    ("abgeschnitten.odt", zip_with({"mimetype": ODT * 40, "content.xml": "x" * 5000})[:-30]),
]


@pytest.mark.parametrize(("name", "content"), CRAFTED, ids=[c[0] for c in CRAFTED])
def test_crafted_archive_is_refused_not_a_server_error(name, content):
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload(name, content))
    assert refused.value.messages == [TYPE_ERROR.format(name=name)]


def test_crafted_archive_through_the_public_form(client, form_page):
    """The applicant gets the form back with the error, not a 500."""
    name, content = CRAFTED[1]
    response = client.post(FORM_URL, valid_data(budget_plan=upload(name, content)))
    assert response.status_code == 200
    assert response.context["form"].errors == {"budget_plan": [TYPE_ERROR.format(name=name)]}
    assert not GrantApplication.objects.exists()


def test_stored_zip_without_compression_is_judged_alike():
    stored = zip_with(
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}, zipfile.ZIP_STORED
    )
    assert validate_attachment(upload("plan.docx", stored)) == DOCX


# --- Sizes ---------------------------------------------------------------------------------------


def test_oversized_file(settings):
    settings.ZIB_GRANTS_MAX_FILE_SIZE = 2 * 1024
    big = pdf_bytes() + b"0" * 2048
    message = "Die Datei „gross.pdf“ ist zu groß (höchstens 2,0\xa0KB je Datei)."
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("gross.pdf", big))
    assert refused.value.code == "file_too_large"
    assert refused.value.messages == [message]
    assert errors_of(budget_plan=upload("gross.pdf", big)) == {"budget_plan": [message]}
    # Exactly the limit is fine.
    exact = pdf_bytes() + b"0" * (2048 - len(pdf_bytes()))
    assert validate_attachment(upload("genau.pdf", exact)) == "application/pdf"


def test_default_file_limit_is_ten_megabytes():
    big = SimpleUploadedFile("riesig.pdf", pdf_bytes() + b"0" * (10 * MB), "application/pdf")
    with pytest.raises(ValidationError) as refused:
        validate_attachment(big)
    assert refused.value.messages == [
        "Die Datei „riesig.pdf“ ist zu groß (höchstens 10,0\xa0MB je Datei)."
    ]


def test_empty_file():
    with pytest.raises(ValidationError) as refused:
        validate_attachment(upload("leer.pdf", b""))
    assert refused.value.code == "empty_file"
    # An empty upload is no upload for Django's FileField: the required message.
    assert errors_of(budget_plan=upload("leer.pdf", b"")) == {
        "budget_plan": ["Die übermittelte Datei ist leer."]
    }


def test_all_files_together_have_a_limit(settings):
    settings.ZIB_GRANTS_MAX_TOTAL_SIZE = 3 * 1024
    part = pdf_bytes() + b"0" * 1600
    errors = errors_of(budget_plan=upload("a.pdf", part), attachments=[upload("b.pdf", part)])
    assert errors == {
        "attachments": ["Alle Dateien zusammen dürfen höchstens 3,0\xa0KB groß sein."]
    }
    assert bound(budget_plan=upload("a.pdf", part)).is_valid()


def test_number_of_further_attachments(settings):
    settings.ZIB_GRANTS_MAX_EXTRA_ATTACHMENTS = 2
    three = [upload(f"{i}.pdf") for i in range(3)]
    assert errors_of(attachments=three) == {
        "attachments": ["Bitte höchstens 2 weitere Anlagen hochladen."]
    }
    assert bound(attachments=three[:2]).is_valid()


def test_budget_plan_is_required():
    assert errors_of(budget_plan=None) == {
        "budget_plan": ["Bitte laden Sie den Kosten- und Finanzierungsplan hoch."]
    }


def test_every_refused_attachment_is_reported():
    errors = errors_of(attachments=[upload("a.pdf", EXE), upload("b.pdf"), upload("c.png", GIF)])
    assert errors == {
        "attachments": [TYPE_ERROR.format(name="a.pdf"), TYPE_ERROR.format(name="c.png")]
    }


# --- File names ----------------------------------------------------------------------------------

FILENAMES = [
    ("Kostenplan 2026.pdf", "Kostenplan 2026.pdf"),
    ("Übersicht (final).docx", "Übersicht (final).docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ayse\\plan.pdf", "plan.pdf"),
    ('plan";x=.pdf', "plan__x_.pdf"),
    ("plan\r\nSet-Cookie: a.pdf", "plan__Set-Cookie_ a.pdf"),
    ("", "anhang"),
    ("a" * 200 + ".pdf", "a" * 150),
]


@pytest.mark.parametrize(("raw", "safe"), FILENAMES)
def test_safe_filename(raw, safe):
    assert safe_filename(raw) == safe
