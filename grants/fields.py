"""Form fields for numbers and amounts as Germans type them, and files checked like every
attachment of an application."""

import re
from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .validators import validate_attachment

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def euro(amount):
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} €"


def german_decimal(value):
    """„1.234,56“, „1234,5“, „1234.56“ or „1234“ as Python reads numbers („1234.56“)."""
    value = value.replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "").strip()
    if "," in value:
        return value.replace(".", "").replace(",", ".")
    if THOUSANDS.match(value):
        return value.replace(".", "")
    return value


class GermanDecimalField(forms.DecimalField):
    """A number with a decimal comma or point and optional thousands points."""

    def __init__(self, **kwargs):
        kwargs["error_messages"] = {
            "invalid": _("Bitte eine Zahl angeben, z. B. 12 oder 12,5."),
            "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen angeben."),
            "max_digits": _("Diese Zahl ist zu groß."),
            "max_whole_digits": _("Diese Zahl ist zu groß."),
            **(kwargs.get("error_messages") or {}),
        }
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = german_decimal(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value)
        return value


class EuroField(GermanDecimalField):
    """An amount in euros as Germans write it: „1.234,56“, „1234,5“, „1234.56“ or „1234“."""

    def __init__(self, *, min_value=Decimal("0.01"), **kwargs):
        kwargs["error_messages"] = {
            "invalid": _("Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
            "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
            "max_digits": _("Dieser Betrag ist zu groß."),
            "max_whole_digits": _("Dieser Betrag ist zu groß."),
            "min_value": (
                _("Bitte einen Betrag größer als 0 angeben.")
                if min_value > 0
                else _("Der Betrag darf nicht negativ sein.")
            ),
            **(kwargs.get("error_messages") or {}),
        }
        super().__init__(max_digits=12, decimal_places=2, min_value=min_value, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "grants-amount"})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2)
        return value


class AttachmentField(forms.FileField):
    """One file, checked like every attachment (type by content, size); the sniffed type is
    kept on the upload for storing it."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sniffed_content_type = validate_attachment(upload)
        return upload
