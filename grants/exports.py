"""A round's applications as a table for the committee: CSV (Excel-friendly) and XLSX."""

import csv
import io
import re

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .forms import exported_fields
from .models import GrantApplication

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


def columns():
    """(heading, function of an application) in the order of the export: the record, then the
    form's fields in form order (grants.forms.exported_fields), then the decision."""
    return [
        (_("Aktenzeichen"), lambda a: a.reference),
        (
            _("Eingegangen am"),
            lambda a: timezone.localtime(a.submitted_at).strftime("%d.%m.%Y %H:%M"),
        ),
        (_("Status"), lambda a: a.get_status_display()),
        *[_field_column(name) for name in exported_fields()],
        _field_column("granted_amount"),
    ]


def rows(applications):
    cols = columns()
    yield [heading for heading, _value in cols]
    for application in applications:
        yield [value(application) for _heading, value in cols]


#: A cell starting like this is a formula to a spreadsheet: applicants' text must not be one.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    """Amounts with a decimal comma, as German Excel expects; text that would start a formula
    behind an apostrophe (CSV injection)."""
    if hasattr(value, "quantize"):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_csv(applications):
    """CSV with semicolons and a byte order mark, so that Excel opens it correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for row in rows(applications):
        writer.writerow([_csv_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def as_xlsx(applications, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Anträge"
    for index, row in enumerate(rows(applications)):
        sheet.append([float(cell) if hasattr(cell, "quantize") else cell for cell in row])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl reads "=…" as a formula: keep it text
                cell.data_type = "s"
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for column in sheet.iter_cols(min_row=2):
        if any(isinstance(cell.value, float) for cell in column):
            for cell in column:
                cell.number_format = "#,##0.00"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_queryset(funding_round):
    return funding_round.applications.select_related("district").order_by("reference_number")
