"""A funding round's own questions in the application form: one form field per question,
the answers as typed JSON (by question key), and their display for staff and exports.

Stored with the application (GrantApplication.round_answers) as JSON values:

    text, long_text, choice → string · yes_no → true/false · number → number ·
    date → "YYYY-MM-DD" · file → the file's name (the file is an attachment of kind „question“)

An unanswered optional question has no entry. GrantApplication.round_questions keeps the
questions as they were asked (RoundQuestion.snapshot), and every display reads the type from
there, so later edits of the round do not change what an old answer means.
"""

import datetime
from decimal import Decimal

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from zib_wagtail.core.templatetags.zib_tags import in_source_language

from .fields import AttachmentField, GermanDecimalField
from .models import QuestionType
from .validators import safe_filename

#: The form field of a question is named after its key: `question_<key>`.
FIELD_PREFIX = "question_"
YES, NO = "yes", "no"
REQUIRED = _("Bitte beantworten Sie diese Frage.")


def field_name(key):
    return f"{FIELD_PREFIX}{key}"


def _radio_or_select(count):
    return forms.RadioSelect if count <= 7 else forms.Select


def question_field(question):
    """The form field asking `question` (a RoundQuestion); labels and options in German,
    marked as such on a page in another language."""
    kind = question.question_type
    options = {
        "label": in_source_language(question.label),
        "required": question.required,
        "help_text": in_source_language(question.help_text) if question.help_text else "",
        "error_messages": {"required": REQUIRED},
    }
    if kind == QuestionType.TEXT:
        return forms.CharField(max_length=500, **options)
    if kind == QuestionType.LONG_TEXT:
        return forms.CharField(
            max_length=5000, widget=forms.Textarea(attrs={"rows": 5, "maxlength": 5000}), **options
        )
    if kind == QuestionType.CHOICE:
        choices = [(option, in_source_language(option)) for option in question.option_list]
        widget = _radio_or_select(len(choices))
        if widget is forms.Select:
            choices = [("", _("– bitte wählen –")), *choices]
        options["error_messages"]["invalid_choice"] = _("Bitte wählen Sie eine der Möglichkeiten.")
        return forms.ChoiceField(choices=choices, widget=widget, **options)
    if kind == QuestionType.YES_NO:
        return forms.TypedChoiceField(
            choices=[(YES, _("Ja")), (NO, _("Nein"))],
            coerce=lambda value: value == YES,
            empty_value=None,
            widget=forms.RadioSelect,
            **options,
        )
    if kind == QuestionType.NUMBER:
        return GermanDecimalField(**options)
    if kind == QuestionType.DATE:
        options["error_messages"]["invalid"] = _("Bitte ein Datum angeben, z. B. 31.12.2026.")
        return forms.DateField(
            input_formats=["%Y-%m-%d", "%d.%m.%Y"],
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **options,
        )
    if kind == QuestionType.FILE:
        options["error_messages"]["required"] = _("Bitte laden Sie die Datei zu dieser Frage hoch.")
        return AttachmentField(**options)
    raise ValueError(f"Unknown question type {kind!r}")


def as_json(value):
    """A cleaned answer as a JSON value."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "read"):  # an upload: its (safe) name
        return safe_filename(value.name)
    return value


def answers(questions, cleaned_data):
    """{key: JSON value} of the answered questions."""
    result = {}
    for question in questions:
        value = cleaned_data.get(field_name(question.key))
        if value in (None, ""):
            continue
        result[question.key] = as_json(value)
    return result


def uploads(questions, cleaned_data):
    """(question key, upload) of the answered file questions."""
    for question in questions:
        if question.question_type == QuestionType.FILE:
            upload = cleaned_data.get(field_name(question.key))
            if upload:
                yield question.key, upload


def display(value, kind):
    """An answer as staff read it: „ja“/„nein“, dates and numbers in the German way."""
    if value is None or value == "":
        return ""
    if kind == QuestionType.YES_NO:
        return _gettext("ja") if value else _gettext("nein")
    if kind == QuestionType.DATE:
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    if kind == QuestionType.NUMBER and isinstance(value, int | float):
        return formats.number_format(Decimal(str(value)), use_l10n=True, force_grouping=True)
    return str(value)


def answered(application):
    """[(question snapshot, value)] of an application, in the order the questions were asked
    (unanswered ones with None)."""
    values = application.round_answers or {}
    return [
        (question, values.get(question["key"])) for question in application.round_questions or []
    ]


def columns(funding_round, applications):
    """The questions of a round for its export, one column each: its current questions in
    their order, then questions only old applications were asked (deleted since). Each is
    (key, label, type)."""
    found = {}
    for question in funding_round.questions.all() if funding_round is not None else []:
        found[question.key] = (question.key, question.label, question.question_type)
    for application in applications:
        for question in application.round_questions or []:
            found.setdefault(
                question["key"], (question["key"], question["label"], question["type"])
            )
    return list(found.values())


def answer_rows(application):
    """[(question snapshot, answer as text, attachment or None)] for the admin detail view."""
    files = {
        attachment.question_key: attachment
        for attachment in application.attachments.all()
        if attachment.question_key
    }
    rows = []
    for question, value in answered(application):
        attachment = files.get(question["key"]) if question["type"] == QuestionType.FILE else None
        rows.append((question, display(value, question["type"]), attachment))
    return rows
