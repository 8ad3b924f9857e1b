"""A funding round's own questions: added by staff in the admin, asked in a section of the
form, validated by type, stored as typed JSON with a snapshot of the questions, shown to staff
and exported one column per question."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from grants import exports
from grants.models import GrantApplication, GrantAttachment, RoundQuestion
from tests.builders import form_post_data, round_questions_form_data, soup

from .builders import SACHBEARBEITUNG, make_application, make_role_user
from .conftest import FORM_URL, image_bytes, upload, valid_data
from .form_client import walk

pytestmark = pytest.mark.django_db

ROUNDS = "/admin/grants_rounds/"
ADMIN = "/admin/grants_applications/"


def ask(funding_round, label, question_type="text", **fields):
    return RoundQuestion.objects.create(
        funding_round=funding_round, label=label, question_type=question_type, **fields
    )


# --- Staff add questions in the admin ------------------------------------------------------------


@pytest.fixture
def clerk_client(client):
    client.force_login(make_role_user(SACHBEARBEITUNG))
    return client


def edit_round(client, funding_round, *questions, initial=0, **fields):
    """POST the round's admin form as rendered, with `questions` as its questions inline."""
    url = f"{ROUNDS}edit/{funding_round.pk}/"
    data = form_post_data(client.get(url).context["form"])
    data = {key: value for key, value in data.items() if not key.startswith("questions-")}
    data.update(round_questions_form_data(*questions, initial=initial))
    data.update(fields)
    return client.post(url, data)


def test_staff_add_questions_of_every_type(clerk_client, open_round):
    response = edit_round(
        clerk_client,
        open_round,
        {
            "label": "Wie viele Mitglieder hat Ihr Verein?",
            "question_type": "number",
            "required": "on",
        },
        {
            "label": "Schwerpunkt",
            "question_type": "choice",
            "options": "Sprache\nArbeit\n\nBildung",
        },
        {
            "label": "Ist Ihr Verein gemeinnützig?",
            "question_type": "yes_no",
            "key": "gemeinnuetzig",
        },
        {"label": "Kurzbeschreibung", "question_type": "long_text", "help_text": "Drei Sätze."},
        {"label": "Gründungsdatum", "question_type": "date"},
        {"label": "Satzung", "question_type": "file"},
        {"label": "Website des Vereins"},
    )
    assert response.status_code == 302, response.context["form"].formsets["questions"].errors
    questions = list(open_round.questions.all())
    assert [(q.key, q.question_type, q.required) for q in questions] == [
        ("wie_viele_mitglieder_hat_ihr_verein", "number", True),
        ("schwerpunkt", "choice", False),
        ("gemeinnuetzig", "yes_no", False),
        ("kurzbeschreibung", "long_text", False),
        ("grundungsdatum", "date", False),
        ("satzung", "file", False),
        ("website_des_vereins", "text", False),
    ]
    assert questions[1].option_list == ["Sprache", "Arbeit", "Bildung"]
    inspect = soup(clerk_client.get(f"{ROUNDS}inspect/{open_round.pk}/")).get_text(" ", strip=True)
    assert "Schwerpunkt Sprache · Arbeit · Bildung Auswahl nein schwerpunkt" in inspect


@pytest.mark.parametrize(
    ("question", "field", "message"),
    [
        (
            {"label": "Schwerpunkt", "question_type": "choice", "options": "Sprache"},
            "options",
            "mindestens zwei Auswahlmöglichkeiten",
        ),
        (
            {"label": "Schwerpunkt", "question_type": "choice", "options": "A\nA"},
            "options",
            "nur einmal vorkommen",
        ),
        ({"label": "Frage", "key": "Große Frage"}, "key", "Nur Kleinbuchstaben"),
        ({"label": ""}, "label", "Dieses Feld muss ausgefüllt werden."),
    ],
)
def test_a_question_that_cannot_be_asked_is_refused(
    clerk_client, open_round, question, field, message
):
    response = edit_round(clerk_client, open_round, question)
    assert response.status_code == 200
    [child] = response.context["form"].formsets["questions"].forms
    assert message in " ".join(child.errors[field])
    assert not open_round.questions.exists()


def test_keys_are_unique_in_the_round(clerk_client, open_round):
    response = edit_round(
        clerk_client,
        open_round,
        {"label": "Erste", "key": "mitglieder"},
        {"label": "Zweite", "key": "mitglieder"},
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["questions"]
    assert formset.non_form_errors() == [
        "Zwei Fragen haben dieselbe Kennung; jede Kennung gibt es in einer Runde nur einmal."
    ]
    assert not open_round.questions.exists()
    # Made from the same words, the keys are told apart.
    response = edit_round(
        clerk_client, open_round, {"label": "Mitglieder"}, {"label": "Mitglieder"}
    )
    assert response.status_code == 302
    assert list(open_round.questions.values_list("key", flat=True)) == [
        "mitglieder",
        "mitglieder_2",
    ]


def test_a_key_stays_once_applications_came_in(clerk_client, open_round):
    question = ask(open_round, "Mitglieder", "number", key="mitglieder")
    existing = {"id": str(question.pk), "label": "Mitglieder", "question_type": "number"}
    # Before any application the key may still change …
    response = edit_round(clerk_client, open_round, {**existing, "key": "anzahl"}, initial=1)
    assert response.status_code == 302
    make_application(open_round)
    # … afterwards the label may, the key may not.
    response = edit_round(
        clerk_client,
        open_round,
        {**existing, "label": "Mitglieder (Anzahl)", "key": "zahl"},
        initial=1,
    )
    assert response.status_code == 200
    [child] = response.context["form"].formsets["questions"].forms
    assert "Die Kennung „anzahl“ bleibt" in child.errors["key"][0]
    response = edit_round(
        clerk_client,
        open_round,
        {**existing, "label": "Mitglieder (Anzahl)", "key": "anzahl"},
        initial=1,
    )
    assert response.status_code == 302
    assert open_round.questions.get().label == "Mitglieder (Anzahl)"


# --- The form asks them ---------------------------------------------------------------------------


def test_without_questions_the_form_has_no_such_section(client, form_page):
    project = walk(client, until="project")
    assert "<legend>Ihr Vorhaben</legend>" in project.content.decode()
    assert "Fragen zu dieser Antragsrunde" not in project.content.decode()


def test_the_questions_have_a_section_of_their_own(client, form_page, open_round):
    ask(open_round, "Schwerpunkt", "choice", options="Sprache\nArbeit", required=True)
    ask(open_round, "Website des Vereins", help_text="Falls vorhanden.")
    page = soup(walk(client, until="project"))
    section = next(
        fieldset
        for fieldset in page.select("fieldset.grants-fieldset")
        if fieldset.legend.get_text(strip=True) == "Fragen zu dieser Antragsrunde"
    )
    assert section.select_one("#id_question_schwerpunkt legend").get_text(" ", strip=True) == (
        "Schwerpunkt (Pflichtfeld)"
    )
    assert [radio["value"] for radio in section.select("input[name=question_schwerpunkt]")] == [
        "Sprache",
        "Arbeit",
    ]
    assert section.select_one("#id_question_website_des_vereins_helptext").get_text() == (
        "Falls vorhanden."
    )
    legends = [
        fieldset.legend.get_text(strip=True) for fieldset in page.select("fieldset.grants-fieldset")
    ]
    assert legends.index("Fragen zu dieser Antragsrunde") == legends.index("Ihr Vorhaben") + 1


QUESTION_TYPES = [
    # (type, options, typed, stored JSON value) – accepted answers
    ("text", "", "www.verein.example", "www.verein.example"),
    ("long_text", "", "Erstens.\nZweitens.", "Erstens.\nZweitens."),
    ("choice", "Sprache\nArbeit", "Arbeit", "Arbeit"),
    ("yes_no", "", "yes", True),
    ("yes_no", "", "no", False),
    ("number", "", "25", 25),
    ("number", "", "1.234,5", 1234.5),
    ("date", "", "2019-03-01", "2019-03-01"),
    ("date", "", "01.03.2019", "2019-03-01"),
]


@pytest.mark.parametrize(("kind", "options", "typed", "stored"), QUESTION_TYPES)
def test_an_answer_is_stored_as_typed_json(
    form_page, open_round, submit, kind, options, typed, stored
):
    ask(open_round, "Die Frage", kind, options=options, key="frage")
    assert submit(question_frage=typed).status_code == 302
    application = GrantApplication.objects.get()
    assert application.round_answers == {"frage": stored}
    assert application.round_questions == [
        {
            "key": "frage",
            "label": "Die Frage",
            "type": kind,
            "required": False,
            "help_text": "",
            "options": options.split("\n") if options else [],
        }
    ]


INVALID_ANSWERS = [
    ("text", "", "x" * 501, "höchstens 500 Zeichen"),
    ("long_text", "", "x" * 5001, "höchstens 5000 Zeichen"),
    ("choice", "Sprache\nArbeit", "Kochen", "Bitte wählen Sie eine der Möglichkeiten."),
    ("yes_no", "", "vielleicht", "gültige Auswahl"),
    ("number", "", "viele", "Bitte eine Zahl angeben, z. B. 12 oder 12,5."),
    ("number", "", "1,234", "Bitte höchstens zwei Nachkommastellen angeben."),
    ("date", "", "31.02.2026", "Bitte ein Datum angeben, z. B. 31.12.2026."),
]


@pytest.mark.parametrize(("kind", "options", "typed", "message"), INVALID_ANSWERS)
def test_an_answer_is_validated_by_its_type(
    client, form_page, open_round, kind, options, typed, message
):
    ask(open_round, "Die Frage", kind, options=options, key="frage")
    response = client.post(FORM_URL, valid_data(question_frage=typed))
    assert response.status_code == 200
    assert not GrantApplication.objects.exists()
    form_errors = response.context["form"].errors
    assert list(form_errors) == ["question_frage"]
    assert message in form_errors["question_frage"][0]
    assert (
        soup(response).select_one('[data-error-summary] a[href="#id_question_frage"]') is not None
    )


@pytest.mark.parametrize(
    "kind", ["text", "long_text", "choice", "yes_no", "number", "date", "file"]
)
def test_a_required_question_must_be_answered_an_optional_one_need_not(
    client, form_page, open_round, submit, kind
):
    question = ask(open_round, "Die Frage", kind, options="A\nB", key="frage", required=True)
    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 200
    expected = (
        "Bitte laden Sie die Datei zu dieser Frage hoch."
        if kind == "file"
        else "Bitte beantworten Sie diese Frage."
    )
    assert response.context["form"].errors == {"question_frage": [expected]}
    question.required = False
    question.save()
    assert submit().status_code == 302
    assert GrantApplication.objects.get().round_answers == {}


def test_a_file_answer_is_an_attachment_of_its_question(client, form_page, open_round, submit):
    ask(open_round, "Satzung", "file", key="satzung")
    assert (
        submit(question_satzung=upload("satzung.png", image_bytes("PNG"), "image/png")).status_code
        == 302
    )
    application = GrantApplication.objects.get()
    assert application.round_answers == {"satzung": "satzung.png"}
    attachment = application.attachments.get(kind=GrantAttachment.Kind.QUESTION)
    assert (attachment.question_key, attachment.content_type) == ("satzung", "image/png")


def test_a_file_answer_is_checked_like_every_attachment(client, form_page, open_round):
    ask(open_round, "Satzung", "file", key="satzung")
    response = client.post(
        FORM_URL,
        valid_data(question_satzung=upload("satzung.pdf", b"not a pdf", "application/pdf")),
    )
    assert "kein erlaubtes Format" in response.context["form"].errors["question_satzung"][0]
    assert not GrantApplication.objects.exists()


# --- Staff read the answers, as asked -------------------------------------------------------------


@pytest.fixture
def answered(form_page, open_round, submit):
    ask(open_round, "Wie viele Mitglieder?", "number", key="mitglieder")
    ask(open_round, "Gemeinnützig?", "yes_no", key="gemeinnuetzig", required=True)
    ask(open_round, "Gegründet am", "date", key="gegruendet")
    ask(open_round, "Satzung", "file", key="satzung")
    ask(open_round, "Website", key="website")
    submit(
        question_mitglieder="1.250",
        question_gemeinnuetzig="yes",
        question_gegruendet="2019-03-01",
        question_satzung=upload("satzung.pdf"),
    )
    return GrantApplication.objects.get()


def test_the_admin_shows_the_answers_under_the_questions_as_asked(client, answered, open_round):
    # Later edits of the round change neither the label nor the answer of this application.
    open_round.questions.filter(key="mitglieder").update(label="Mitglieder (neu formuliert)")
    open_round.questions.filter(key="website").delete()
    client.force_login(make_role_user(SACHBEARBEITUNG))
    page = soup(client.get(f"{ADMIN}inspect/{answered.pk}/"))
    section = next(
        h2.parent
        for h2 in page.select("section h2")
        if h2.get_text(strip=True) == "Fragen zu dieser Antragsrunde"
    )
    answers = {
        dt.get_text(" ", strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in section.select("dt")
    }
    assert answers == {
        "Wie viele Mitglieder?": "1.250",
        "Gemeinnützig? (Pflichtfrage)": "ja",
        "Gegründet am": "01.03.2019",
        "Satzung": "satzung.pdf",
        "Website": "–",
    }
    attachment = answered.attachments.get(question_key="satzung")
    assert section.select_one(f'a[href="{ADMIN}attachment/{attachment.pk}/"]') is not None


def test_each_question_is_a_column_of_the_exports(answered, open_round):
    ask(open_round, "Neue Frage nach dem Antrag", key="neu")
    queryset = exports.export_queryset(open_round)
    text = exports.as_csv(queryset, open_round).decode("utf-8")[1:]
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    record = dict(zip(header, row, strict=True))
    questions = header[header.index("Finanzierungspositionen") + 1 : -1]
    assert questions == [
        "Wie viele Mitglieder?",
        "Gemeinnützig?",
        "Gegründet am",
        "Satzung",
        "Website",
        "Neue Frage nach dem Antrag",
    ]
    assert record["Wie viele Mitglieder?"] == "1250"
    assert record["Gemeinnützig?"] == "ja"
    assert record["Gegründet am"] == "01.03.2019"
    assert record["Satzung"] == "satzung.pdf"
    assert record["Website"] == record["Neue Frage nach dem Antrag"] == ""
    sheet = load_workbook(io.BytesIO(exports.as_xlsx(queryset, "Z", open_round))).active
    header, values = list(sheet.iter_rows(values_only=True))
    assert dict(zip(header, values, strict=True))["Wie viele Mitglieder?"] == 1250


def test_a_deleted_question_stays_a_column_while_answers_to_it_exist(answered, open_round):
    open_round.questions.filter(key="gegruendet").delete()
    header = next(
        csv.reader(
            io.StringIO(
                exports.as_csv(exports.export_queryset(open_round), open_round).decode("utf-8")[1:]
            ),
            delimiter=";",
        )
    )
    assert "Gegründet am" in header


def test_a_decimal_answer_is_a_number_in_the_xlsx(form_page, open_round, submit):
    ask(open_round, "Stunden pro Woche", "number", key="stunden")
    submit(question_stunden="7,5")
    sheet = load_workbook(
        io.BytesIO(exports.as_xlsx(exports.export_queryset(open_round), "Z", open_round))
    ).active
    header, values = list(sheet.iter_rows(values_only=True))
    assert dict(zip(header, values, strict=True))["Stunden pro Woche"] == 7.5
    assert GrantApplication.objects.get().round_answers == {"stunden": 7.5}
    assert Decimal("7.5") == Decimal(str(GrantApplication.objects.get().round_answers["stunden"]))


def test_the_demo_round_asks_no_questions(db):
    from zib_wagtail.demo.grants import LoadReport, ensure_open_round

    funding_round = ensure_open_round(LoadReport(), today=datetime.date(2031, 5, 1))
    assert not funding_round.questions.exists()
    assert funding_round.funding_period_start is None  # the seed names no funding period
