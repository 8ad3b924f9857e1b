"""Validators for application data: bank details, phone numbers and uploaded files."""

import re
import zipfile
import zlib

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from . import conf

postcode_validator = RegexValidator(r"^\d{5}$", _("Bitte eine fünfstellige Postleitzahl angeben."))
phone_validator = RegexValidator(
    r"^\+?[\d\s/()\-]{6,30}$",
    _("Bitte eine Telefonnummer aus Ziffern angeben, z. B. 0681 123456."),
)


def validate_iban(value):
    """Check country format and checksum of an IBAN (with or without spaces)."""
    try:
        IBAN(value)
    except SchwiftyException as error:
        raise ValidationError(
            _("Diese IBAN ist ungültig. Bitte prüfen Sie die Angabe (Prüfziffer oder Länge)."),
            code="invalid_iban",
        ) from error


def validate_bic(value):
    try:
        BIC(value)
    except SchwiftyException as error:
        raise ValidationError(
            _("Diese BIC ist ungültig. Sie hat 8 oder 11 Zeichen, z. B. SAKSDE55XXX."),
            code="invalid_bic",
        ) from error


def normalise_iban(value):
    return IBAN(value).compact


# --- Attachments ------------------------------------------------------------------------------

#: Content types accepted for attachments, with the label shown to applicants.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
}
ALLOWED_TYPES_LABEL = ", ".join(ALLOWED_TYPES.values())
#: Error codes of uploads refused for their size: the answer is a 413 (grants/intake.py).
TOO_LARGE_CODES = {"file_too_large", "files_too_large"}
#: Their messages; the browser's check before sending shows the same (grants/models/pages.py).
FILE_TOO_LARGE_MESSAGE = _("Die Datei „%(name)s“ ist zu groß (höchstens %(max)s je Datei).")
FILES_TOO_LARGE_MESSAGE = _("Alle Dateien zusammen dürfen höchstens %(max)s groß sein.")

_OOXML_MAIN_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
}
#: An ODF `mimetype` entry holds just the media type; a longer one is not an office file.
_MIMETYPE_MAX_SIZE = 100


def _sniff_zip(file):
    """The office format inside a ZIP container, judged by its structure, or None."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    raw = entry.read(_MIMETYPE_MAX_SIZE + 1)  # never unpack more: zip bombs
                if len(raw) > _MIMETYPE_MAX_SIZE:
                    return None
                mimetype = raw.decode("ascii", "replace").strip()
                return mimetype if mimetype in _ODF_TYPES else None
            if "[Content_Types].xml" in names:
                for part, content_type in _OOXML_MAIN_PARTS.items():
                    if part in names:
                        return content_type
    # Damaged, encrypted or exotically compressed archives are no office files either.
    except (
        zipfile.BadZipFile,
        OSError,
        KeyError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
    ):
        return None
    finally:
        file.seek(0)
    return None


def sniff_content_type(file):
    """The content type of an uploaded file from its bytes (never from name or header)."""
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime in {"application/pdf", "image/jpeg", "image/png"}:
        return kind.mime
    if kind.extension in {"zip", "docx", "xlsx", "odt", "ods"}:
        return _sniff_zip(file)
    return None


def validate_attachment(file):
    """Check size and content of one upload; return its sniffed content type."""
    if file.size > conf.max_file_size():
        raise ValidationError(
            FILE_TOO_LARGE_MESSAGE
            % {"name": file.name, "max": filesizeformat(conf.max_file_size())},
            code="file_too_large",
        )
    if file.size == 0:
        raise ValidationError(
            _("Die Datei „%(name)s“ ist leer.") % {"name": file.name}, code="empty_file"
        )
    content_type = sniff_content_type(file)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("Die Datei „%(name)s“ hat kein erlaubtes Format. Erlaubt sind: %(types)s.")
            % {"name": file.name, "types": ALLOWED_TYPES_LABEL},
            code="file_type",
        )
    return content_type


def safe_filename(name):
    """The original file name, reduced to characters that are safe in a download header."""
    name = re.sub(r"[^\w.\- ()äöüÄÖÜß]", "_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    return name[:150] or "anhang"
