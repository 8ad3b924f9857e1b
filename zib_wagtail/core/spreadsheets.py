"""Spreadsheet cells that stay text: what citizens typed never becomes a formula.

OWASP „CSV injection“: a cell whose text starts with one of FORMULA_START is read as a formula
by Excel, LibreOffice and Google Sheets (=HYPERLINK(…) sends data away, =cmd|… runs programs).
CSV cells get a leading apostrophe, which the spreadsheet shows as text; XLSX cells are written
as string cells (never formula cells) and marked „quote prefix“, so that editing the cell in the
spreadsheet does not turn it into a formula either. Numbers stay numbers.
"""

#: A text starting like this is a formula to a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def starts_formula(value):
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_text(value):
    """The CSV cell of `value`: text that would start a formula behind an apostrophe."""
    return "'" + value if starts_formula(value) else value


def keep_text(cell):
    """Make an openpyxl cell holding text a string cell, quote-prefixed when it looks like a
    formula (openpyxl itself reads every text starting with "=" as a formula)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if starts_formula(cell.value):
            cell.quotePrefix = True
    return cell
