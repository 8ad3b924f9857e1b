"""The submission API's JSON parts as the application form's own fields.

A portal sends the financing plan and the answers as JSON parts of its multipart request
(POST /api/v1/grant-applications/):

    cost_lines    [{"category": "fees", "description": "…", "amount": "1.200,00"}, …]
    income_lines  [{"kind": "own" | "third_party", "description": "…",
                    "status": "confirmed" | "applied" (third_party only), "amount": 500}, …]
    answers       {"<question key>": <value>, …}   (files as parts named `question_<key>`)

`expand` turns them into the fields the HTML form posts (the plan's formsets, one
`question_<key>` field per answer), so that both are validated by exactly the same form. Its
`Paths` name each form input after the JSON it came from, for the API's error messages.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .financing import INCOME_TABLES, TABLES
from .models import IncomeKind, QuestionType
from .questions import NO, YES, field_name

TABLE_OF_KIND = {kind: prefix for prefix, kind in INCOME_TABLES.items()}


class Paths(dict):
    """Form input name (or prefix) → JSON path of the API payload."""

    def public(self, name):
        """The API's name for a form input: `costs-0-amount` → `cost_lines[0].amount`."""
        if name in self:
            return self[name]
        prefix, _dash, field = name.rpartition("-")
        if prefix in self:
            return f"{self[prefix]}.{field}"
        return name


def _text(value):
    """A JSON scalar as the text a browser would post."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int | float):
        # A decimal comma, so that „1.5“ is never read as German thousands („1.500“).
        return str(Decimal(str(value))).replace(".", ",")
    if isinstance(value, str):
        return value
    raise ValueError


def _load(data, name, kind):
    raw = data.get(name)
    if raw in (None, ""):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, kind):
        message = (
            _("Bitte als JSON-Liste von Objekten senden.")
            if kind is list
            else _("Bitte als JSON-Objekt senden.")
        )
        raise ValidationError(message, code="invalid_json")
    return value


def _rows(data, paths, errors, prefix, items):
    """Write `items` [(JSON path, object)] as the rows of the table `prefix`."""
    data[f"{prefix}-TOTAL_FORMS"] = str(len(items))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    paths[prefix] = TABLES[prefix].api_name
    fields = TABLES[prefix].form.base_fields
    for number, (path, item) in enumerate(items):
        paths[f"{prefix}-{number}"] = path
        for name in fields:
            try:
                data[f"{prefix}-{number}-{name}"] = _text(item.get(name))
            except ValueError:
                errors[f"{path}.{name}"] = ValidationError(
                    _("Bitte einen Text oder eine Zahl angeben."), code="invalid"
                )


def _cost_lines(cost_lines, data, paths, errors, questions):
    items = []
    for index, item in enumerate(cost_lines):
        path = f"cost_lines[{index}]"
        if isinstance(item, dict):
            items.append((path, item))
        else:
            errors[path] = ValidationError(_("Bitte ein Objekt je Zeile senden."), code="invalid")
    _rows(data, paths, errors, "costs", items)


def _income_lines(income_lines, data, paths, errors, questions):
    tables = {prefix: [] for prefix in INCOME_TABLES}
    for index, item in enumerate(income_lines):
        path = f"income_lines[{index}]"
        prefix = TABLE_OF_KIND.get(item.get("kind")) if isinstance(item, dict) else None
        if prefix is None:
            errors[f"{path}.kind"] = ValidationError(
                _("Bitte als Art „%(own)s“ oder „%(third_party)s“ angeben.")
                % {"own": IncomeKind.OWN, "third_party": IncomeKind.THIRD_PARTY},
                code="invalid_choice",
            )
            continue
        tables[prefix].append((path, item))
    for prefix, items in tables.items():
        _rows(data, paths, errors, prefix, items)


def _answers(answers, data, paths, errors, questions):
    by_key = {question.key: question for question in questions}
    for key, value in answers.items():
        path = f"answers.{key}"
        question = by_key.get(key)
        if question is None:
            errors[path] = ValidationError(
                _("Diese Antragsrunde hat keine Frage „%(key)s“.") % {"key": key},
                code="unknown_question",
            )
            continue
        if question.question_type == QuestionType.FILE:
            errors[path] = ValidationError(
                _("Eine Datei bitte als eigenen Teil „%(name)s“ senden.")
                % {"name": field_name(key)},
                code="invalid",
            )
            continue
        try:
            data[field_name(key)] = _text(value)
        except ValueError:
            errors[path] = ValidationError(
                _("Bitte einen Text, eine Zahl oder true/false angeben."), code="invalid"
            )


#: The JSON parts: name, JSON type, how it becomes form fields.
STEPS = (
    ("cost_lines", list, _cost_lines),
    ("income_lines", list, _income_lines),
    ("answers", dict, _answers),
)


def expand(data, questions):
    """(data with the JSON parts as form fields, Paths, {JSON path: ValidationError}).

    A table of the plan that is neither sent as JSON nor as the HTML form's rows (with their
    management form) is empty, so that a request without a plan gets „at least one cost line“
    rather than a complaint about the form's internals.
    """
    paths, errors = Paths(), {}
    if data is None:
        return data, paths, errors
    data = data.copy()
    for question in questions:  # answered or not: a missing answer is an error of `answers`
        if question.question_type != QuestionType.FILE:
            paths[field_name(question.key)] = f"answers.{question.key}"
    for name, kind, step in STEPS:
        try:
            value = _load(data, name, kind)
        except ValidationError as error:
            errors[name] = error
            continue
        if value is not None:
            step(value, data, paths, errors, questions)
    for prefix, formset in TABLES.items():
        if f"{prefix}-TOTAL_FORMS" not in data:
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = "0"
            paths[prefix] = formset.api_name
    return data, paths, errors
