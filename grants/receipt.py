"""The applicant's copy of an application, section by section as the form asked.

Derived from the form's fieldsets (grants.forms.step_sections), like the admin detail view
and the exports, so a new field shows up here too: the fields, the lines of the financing plan
and the answers to the round's questions. The same sections show the review before sending
(of the form's unsaved application). On the receipt the IBAN is masked: the page is reached by
a link that may be forwarded, and the applicant knows their own account.
"""

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from . import questions
from .financing import plan_of
from .forms import PLAN_SUMMARY, QUESTIONS, euro, step_sections
from .models import GrantApplication

#: Fields whose value the receipt shows only in part.
MASKED = {"iban"}


def mask(value, visible=4):
    """An IBAN as printed, only country, check digits and the last four shown:
    „DE89 **** **** **** **30 00“."""
    compact = value.replace(" ", "")
    if len(compact) <= visible + 4:
        return value
    masked = compact[:4] + "*" * (len(compact) - 4 - visible) + compact[-visible:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def display_value(application, field, masked=True):
    value = getattr(application, field.attname if field.is_relation else field.name)
    if field.is_relation:
        related = getattr(application, field.name)
        return str(related) if related is not None else "–"
    if field.choices:
        return getattr(application, f"get_{field.name}_display")() or "–"
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if field.get_internal_type() == "DecimalField":
        return euro(value)
    if field.get_internal_type() == "DateField":
        return formats.date_format(value, "DATE_FORMAT")
    if field.name in MASKED and masked:
        return mask(value)
    return str(value)


@dataclass
class Section:
    """One fieldset of the form as it was filled in."""

    #: The form step it belongs to (grants.forms.STEPS).
    step: str
    legend: str
    #: [(label, value)] of the application's fields.
    rows: list = field(default_factory=list)
    #: The financing plan's lines and sums (grants.financing.overview), in its fieldset.
    plan: dict | None = None


def answer_rows(application):
    """[(label, answer as text)] of the round's questions as they were asked."""
    return [
        (question["label"], questions.display(value, question["type"]) or "–")
        for question, value in questions.answered(application)
    ]


def receipt_sections(application, plan=None, masked=True):
    """[Section] in the form's order. `plan` defaults to the stored lines of the application
    (the review before sending passes the form's, grants.financing.plan_overview); `masked`
    hides most of the IBAN."""
    sections = []
    for step, legend, names, parts in step_sections():
        section = Section(step, legend)
        for name in names:
            model_field = GrantApplication._meta.get_field(name)
            value = display_value(application, model_field, masked=masked)
            section.rows.append((capfirst(model_field.verbose_name), value))
        if QUESTIONS in parts:
            section.rows += answer_rows(application)
        if PLAN_SUMMARY in parts:
            section.plan = plan if plan is not None else plan_of(application)
        if section.rows or section.plan:
            sections.append(section)
    return sections
