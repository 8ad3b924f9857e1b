"""POST /api/v1/grant-applications/ with the financing plan (`cost_lines`, `income_lines`) and
the answers to the round's questions (`answers`) as JSON parts; the round's questions in
GET /api/v1/funding-rounds/{id}/."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from grants.models import GrantApplication, RoundQuestion
from tests.grants.conftest import PLAN, image_bytes, upload, valid_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/grant-applications/"
FORM_URL = "/zuschuesse/antrag/"

COST_LINES = [
    {"category": "fees", "description": "Musik und Technik", "amount": "1.200,00"},
    {"category": "catering", "description": "Essen und Getränke", "amount": 800},
    {"description": "Miete Gemeindezentrum", "amount": 500.0},
]
INCOME_LINES = [
    {"kind": "own", "description": "Mitgliedsbeiträge", "amount": "500,00"},
    {
        "kind": "third_party",
        "description": "Stiftung Nachbarschaft",
        "status": "confirmed",
        "amount": 500,
    },
]


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"


def api_data(cost_lines=COST_LINES, income_lines=INCOME_LINES, answers=None, **overrides):
    """A valid submission as a portal sends it: the form's fields, the plan as JSON parts."""
    data = {
        key: value
        for key, value in valid_data(plan={}).items()
        if not key.endswith("_FORMS") and key != "website"
    }
    if cost_lines is not None:
        data["cost_lines"] = json.dumps(cost_lines)
    if income_lines is not None:
        data["income_lines"] = json.dumps(income_lines)
    if answers is not None:
        data["answers"] = json.dumps(answers)
    data.update(overrides)
    return data


def post(**overrides):
    return Client().post(URL, api_data(**overrides))


def problem_errors(response):
    assert response.status_code == 422, response.content
    assert not GrantApplication.objects.exists()
    return {
        (error["field"], error["code"]): error["message"] for error in response.json()["errors"]
    }


def plan_of(application):
    return (
        list(application.cost_lines.values_list("category", "description", "amount")),
        list(application.income_lines.values_list("kind", "description", "status", "amount")),
        (
            application.total_costs,
            application.own_contribution,
            application.other_funding_amount,
            application.other_funding_source,
            application.requested_amount,
        ),
    )


def test_the_plan_as_json_is_stored_like_the_forms(client, form_page, open_round):
    assert post().status_code == 201
    assert client.post(FORM_URL, valid_data(plan=PLAN)).status_code == 302
    via_api, via_form = GrantApplication.objects.order_by("pk")
    assert plan_of(via_api) == plan_of(via_form)
    assert plan_of(via_api)[2] == (
        Decimal("2500.00"),
        Decimal("500.00"),
        Decimal("500.00"),
        "Stiftung Nachbarschaft",
        Decimal("1500.00"),
    )


def test_errors_name_the_line_and_its_field(form_page, open_round):
    lines = [COST_LINES[0], {"description": "", "amount": "zwei Euro"}]
    income = [INCOME_LINES[0], {"kind": "third_party", "description": "Land", "amount": 1}]
    errors = problem_errors(post(cost_lines=lines, income_lines=income))
    assert errors == {
        (
            "cost_lines[1].description",
            "required",
        ): "Bitte geben Sie an, wofür die Kosten entstehen.",
        ("cost_lines[1].amount", "invalid"): "Bitte einen Betrag in Euro angeben, z. B. 1500,00.",
        ("income_lines[1].status", "required"): (
            "Bitte wählen Sie, ob die Mittel bewilligt oder beantragt sind."
        ),
    }


def test_an_unbalanced_plan_is_a_problem_of_the_financing_plan(form_page, open_round):
    errors = problem_errors(post(requested_amount="1499.99"))
    assert list(errors) == [("financing_plan", "underfinanced")]
    assert "Es fehlen 0,01 €." in errors["financing_plan", "underfinanced"]
    errors = problem_errors(post(requested_amount="1500.01"))
    assert list(errors) == [("financing_plan", "overfinanced")]


def test_the_answer_is_in_the_applicants_language(form_page, open_round):
    response = Client(headers={"Accept-Language": "en"}).post(URL, api_data(requested_amount="100"))
    [error] = response.json()["errors"]
    assert error["field"] == "financing_plan"
    assert error["message"].startswith("The financing plan does not balance")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"cost_lines": None}, ("cost_lines", "no_costs")),
        ({"cost_lines": []}, ("cost_lines", "no_costs")),
        ({"cost_lines": "[{"}, ("cost_lines", "invalid_json")),
        ({"income_lines": '{"kind": "own"}'}, ("income_lines", "invalid_json")),
        (
            {"income_lines": [{"kind": "donation", "amount": 1}]},
            ("income_lines[0].kind", "invalid_choice"),
        ),
        ({"cost_lines": [["Miete", 2500]]}, ("cost_lines[0]", "invalid")),
        (
            {"cost_lines": [{"description": "Miete", "amount": {"euro": 2500}}]},
            ("cost_lines[0].amount", "invalid"),
        ),
    ],
    ids=[
        "no costs",
        "empty list",
        "not JSON",
        "not a list",
        "unknown kind",
        "not an object",
        "amount an object",
    ],
)
def test_malformed_parts_are_refused_by_name(form_page, open_round, overrides, expected):
    data = api_data()
    for name, value in overrides.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value if isinstance(value, str) else json.dumps(value)
    errors = problem_errors(Client().post(URL, data))
    assert expected in errors, errors


def test_the_former_flat_amounts_alone_are_no_plan(form_page, open_round):
    """Before the financing plan the API took total_costs/own_contribution/other_funding_*;
    they are ignored now, and a request with only them lacks the plan."""
    legacy = {"total_costs": "2.500,00", "own_contribution": "500", "other_funding_amount": "500"}
    errors = problem_errors(post(cost_lines=None, income_lines=None, **legacy))
    assert errors == {
        ("cost_lines", "no_costs"): "Bitte geben Sie mindestens eine Kostenposition an."
    }


# --- The round's questions -----------------------------------------------------------------------


@pytest.fixture
def questions(open_round):
    def ask(label, question_type, key, **fields):
        return RoundQuestion.objects.create(
            funding_round=open_round, label=label, question_type=question_type, key=key, **fields
        )

    return [
        ask("Wie viele Mitglieder?", "number", "mitglieder", required=True),
        ask("Gemeinnützig?", "yes_no", "gemeinnuetzig"),
        ask("Schwerpunkt", "choice", "schwerpunkt", options="Sprache\nArbeit", help_text="Eine."),
        ask("Gegründet am", "date", "gegruendet"),
        ask("Satzung", "file", "satzung"),
    ]


def test_the_round_lists_its_questions(client, questions, open_round):
    body = client.get(f"/api/v1/funding-rounds/{open_round.pk}/").json()
    assert body["questions"] == [
        {
            "key": "mitglieder",
            "label": "Wie viele Mitglieder?",
            "question_type": "number",
            "required": True,
            "help_text": "",
            "options": [],
        },
        {
            "key": "gemeinnuetzig",
            "label": "Gemeinnützig?",
            "question_type": "yes_no",
            "required": False,
            "help_text": "",
            "options": [],
        },
        {
            "key": "schwerpunkt",
            "label": "Schwerpunkt",
            "question_type": "choice",
            "required": False,
            "help_text": "Eine.",
            "options": ["Sprache", "Arbeit"],
        },
        {
            "key": "gegruendet",
            "label": "Gegründet am",
            "question_type": "date",
            "required": False,
            "help_text": "",
            "options": [],
        },
        {
            "key": "satzung",
            "label": "Satzung",
            "question_type": "file",
            "required": False,
            "help_text": "",
            "options": [],
        },
    ]
    assert body["funding_period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    listed = client.get("/api/v1/funding-rounds/").json()["items"][0]
    assert listed["questions"] == body["questions"]


def test_answers_are_stored_as_typed_json(form_page, questions):
    answers = {
        "mitglieder": 1250,
        "gemeinnuetzig": True,
        "schwerpunkt": "Arbeit",
        "gegruendet": "2019-03-01",
    }
    response = post(
        answers=answers, question_satzung=upload("satzung.png", image_bytes("PNG"), "image/png")
    )
    assert response.status_code == 201, response.content
    application = GrantApplication.objects.get()
    assert application.round_answers == {**answers, "satzung": "satzung.png"}
    assert [q["key"] for q in application.round_questions] == [q.key for q in questions]
    assert application.attachments.get(kind="question").question_key == "satzung"


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, ("answers.mitglieder", "required")),
        ({"mitglieder": "viele"}, ("answers.mitglieder", "invalid")),
        (
            {"mitglieder": 1, "gemeinnuetzig": "vielleicht"},
            ("answers.gemeinnuetzig", "invalid_choice"),
        ),
        ({"mitglieder": 1, "schwerpunkt": "Kochen"}, ("answers.schwerpunkt", "invalid_choice")),
        ({"mitglieder": 1, "gegruendet": "gestern"}, ("answers.gegruendet", "invalid")),
        (
            {"mitglieder": 1, "lieblingsfarbe": "blau"},
            ("answers.lieblingsfarbe", "unknown_question"),
        ),
        ({"mitglieder": 1, "satzung": "satzung.pdf"}, ("answers.satzung", "invalid")),
        ({"mitglieder": [1, 2]}, ("answers.mitglieder", "invalid")),
    ],
    ids=[
        "required",
        "not a number",
        "not yes or no",
        "not an option",
        "not a date",
        "no such question",
        "file as text",
        "a list",
    ],
)
def test_wrong_answers_are_refused_by_key(form_page, questions, answers, expected):
    errors = problem_errors(post(answers=answers))
    assert expected in errors, errors
