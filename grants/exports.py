"""A round's applications as a table for the committee: CSV (Excel-friendly) and XLSX.

One row per application; one column per question of the round. The financing plans' lines are
a second sheet of the XLSX (one row per line), and two text columns of the CSV.
"""

import csv
import io
import re
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from zib_wagtail.core.spreadsheets import csv_text, keep_text

from . import questions
from .fields import euro
from .forms import exported_fields
from .models import GrantApplication, IncomeKind

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _display(application, name):
    """A field's value as a person reads it: choice labels, names, dates; "" for nothing."""
    field = application._meta.get_field(name)
    value = getattr(application, name)
    if value is None:
        return ""
    if field.choices:
        return getattr(application, f"get_{name}_display")()
    if isinstance(field, models.ForeignKey):
        return str(value)
    if isinstance(field, models.DateField):
        return value.strftime("%d.%m.%Y")
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nein")
    return value


def _field_column(name):
    field = GrantApplication._meta.get_field(name)
    return (str(field.verbose_name), lambda a: _display(a, name))


def _answer(application, key):
    """An answer to a question of the round: numbers as numbers, the rest as people read it."""
    value = (application.round_answers or {}).get(key)
    kind = next((q["type"] for q in application.round_questions or [] if q["key"] == key), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value if isinstance(value, int) else Decimal(str(value))
    return questions.display(value, kind)


def _answer_column(key, label):
    return (label, lambda a: _answer(a, key))


def _cost_lines_text(application):
    return "\n".join(
        f"{line.get_category_display() or '–'}: {line.description} – {euro(line.amount)}"
        for line in application.cost_lines.all()
    )


def _income_line_label(line):
    if line.kind == IncomeKind.THIRD_PARTY:
        return f"{line.get_kind_display()} ({line.get_status_display()})"
    return line.get_kind_display()


def _income_lines_text(application):
    return "\n".join(
        f"{_income_line_label(line)}: {line.description} – {euro(line.amount)}"
        for line in application.income_lines.all()
    )


def columns(applications=(), funding_round=None, plan_text=False):
    """(heading, function of an application) in the order of the export: the record, the
    form's fields in form order (grants.forms.exported_fields), the plan's lines as text
    (`plan_text`, for the CSV), one column per question of the round, then the decision."""
    plan = [
        (_("Kostenpositionen"), _cost_lines_text),
        (_("Finanzierungspositionen"), _income_lines_text),
    ]
    return [
        (_("Aktenzeichen"), lambda a: a.reference),
        (
            _("Eingegangen am"),
            # The site's time zone, whatever time zone the clerk's profile chose.
            lambda a: timezone.localtime(a.submitted_at, timezone.get_default_timezone()).strftime(
                "%d.%m.%Y %H:%M"
            ),
        ),
        (_("Status"), lambda a: a.get_status_display()),
        *[_field_column(name) for name in exported_fields()],
        *(plan if plan_text else []),
        *[
            _answer_column(key, label)
            for key, label, _type in questions.columns(funding_round, applications)
        ],
        _field_column("granted_amount"),
    ]


def rows(applications, funding_round=None, plan_text=False):
    applications = list(applications)
    cols = columns(applications, funding_round, plan_text)
    yield [heading for heading, _value in cols]
    for application in applications:
        yield [value(application) for _heading, value in cols]


def line_rows(applications):
    """The second sheet: every line of every financing plan, the requested grant included."""
    yield [
        _("Aktenzeichen"),
        _("Name der Organisation"),
        _("Bereich"),
        _("Art"),
        _("Beschreibung"),
        _("Stand"),
        _("Betrag (EUR)"),
    ]
    for application in applications:
        start = [application.reference, application.organisation_name]
        for line in application.cost_lines.all():
            yield [
                *start,
                _("Kosten"),
                line.get_category_display(),
                line.description,
                "",
                line.amount,
            ]
        for line in application.income_lines.all():
            yield [
                *start,
                _("Finanzierung"),
                line.get_kind_display(),
                line.description,
                line.get_status_display(),
                line.amount,
            ]
        if application.cost_lines.all():
            yield [
                *start,
                _("Finanzierung"),
                _("Beantragter Zuschuss"),
                "",
                "",
                application.requested_amount,
            ]


def _csv_cell(value):
    """Amounts with a decimal comma, as German Excel expects; text that would start a formula
    behind an apostrophe (CSV injection, zib_wagtail.core.spreadsheets)."""
    if hasattr(value, "quantize"):
        return f"{value:.2f}".replace(".", ",")
    return csv_text(value)


def as_csv(applications, funding_round=None):
    """CSV with semicolons and a byte order mark, so that Excel opens it correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows(applications, funding_round, plan_text=True):
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _write_sheet(sheet, table):
    for index, row in enumerate(table):
        sheet.append([float(cell) if hasattr(cell, "quantize") else cell for cell in row])
        for cell in sheet[sheet.max_row]:
            keep_text(cell)  # never a formula cell (CSV injection)
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        if any(isinstance(cell.value, float) for cell in column):
            for cell in column:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"


def as_xlsx(applications, title, funding_round=None):
    """The applications on the first sheet, their financing plans' lines on the second."""
    applications = list(applications)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Anträge"
    _write_sheet(sheet, rows(applications, funding_round))
    _write_sheet(workbook.create_sheet(_("Finanzierungspläne")), line_rows(applications))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_queryset(funding_round):
    return (
        funding_round.applications.select_related("district")
        .prefetch_related("cost_lines", "income_lines")
        .order_by("reference_number")
    )
