"""A round's applications as a table for the committee: CSV (Excel-friendly) and XLSX."""

import csv
import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def columns():
    """(heading, function of an application) in the order of the export."""
    return [
        (_("Aktenzeichen"), lambda a: a.reference),
        (_("Eingegangen am"), lambda a: timezone.localtime(a.submitted_at).strftime("%d.%m.%Y")),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Organisation"), lambda a: a.organisation_name),
        (_("Rechtsform"), lambda a: a.get_legal_form_display()),
        (_("Ort der Organisation"), lambda a: f"{a.postcode} {a.city}"),
        (_("Ansprechperson"), lambda a: a.contact_name),
        (_("E-Mail"), lambda a: a.contact_email),
        (_("Art"), lambda a: a.get_kind_display()),
        (_("Titel"), lambda a: a.title),
        (_("Zielgruppe"), lambda a: a.target_group),
        (_("Stadtteil"), lambda a: a.district.name if a.district else ""),
        (_("Ort der Durchführung"), lambda a: a.place),
        (_("Beginn"), lambda a: a.start_date.strftime("%d.%m.%Y")),
        (_("Ende"), lambda a: a.end_date.strftime("%d.%m.%Y")),
        (_("Teilnehmende"), lambda a: a.expected_participants),
        (_("Gesamtkosten (EUR)"), lambda a: a.total_costs),
        (_("Eigenanteil (EUR)"), lambda a: a.own_contribution),
        (_("Andere Förderung (EUR)"), lambda a: a.other_funding_amount),
        (_("Beantragt (EUR)"), lambda a: a.requested_amount),
        (_("Bewilligt (EUR)"), lambda a: a.granted_amount if a.granted_amount else ""),
    ]


def rows(applications):
    cols = columns()
    yield [heading for heading, _value in cols]
    for application in applications:
        yield [value(application) for _heading, value in cols]


def _csv_cell(value):
    """Amounts with a decimal comma, as German Excel expects."""
    if hasattr(value, "quantize"):
        return f"{value:.2f}".replace(".", ",")
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
