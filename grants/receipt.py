"""The applicant's copy of a submitted application, section by section as the form asked.

Derived from the form's fieldsets (grants.forms.stored_fieldsets), like the admin detail view
and the exports, so a new field shows up here too. The IBAN is masked: the page is reached by a
link that may be forwarded, and the applicant knows their own account.
"""

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .forms import euro, stored_fieldsets
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


def display_value(application, field):
    value = getattr(application, field.attname if field.is_relation else field.name)
    if field.is_relation:
        related = getattr(application, field.name)
        return str(related) if related is not None else "–"
    if field.choices:
        return getattr(application, f"get_{field.name}_display")()
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if field.get_internal_type() == "DecimalField":
        return euro(value)
    if field.get_internal_type() == "DateField":
        return formats.date_format(value, "DATE_FORMAT")
    if field.name in MASKED:
        return mask(value)
    return str(value)


def receipt_sections(application):
    """[(legend, [(label, value), …]), …] in the form's order."""
    sections = []
    for legend, names in stored_fieldsets():
        rows = []
        for name in names:
            field = GrantApplication._meta.get_field(name)
            rows.append((capfirst(field.verbose_name), display_value(application, field)))
        sections.append((legend, rows))
    return sections
