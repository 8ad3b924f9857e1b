"""The app's settings, each read with a documented default.

ZIB_GRANTS_PRIVATE_ROOT (required)
    Folder for application attachments. Must lie outside MEDIA_ROOT and STATIC_ROOT: the files
    are never served by URL, only by the permission-checked admin download.
ZIB_GRANTS_MAX_FILE_SIZE (10 MB)
    Largest single attachment in bytes.
ZIB_GRANTS_MAX_TOTAL_SIZE (25 MB)
    Largest sum of all attachments of one application in bytes.
ZIB_GRANTS_MAX_REQUEST_SIZE (total + 1 MB)
    Largest request body of a submission; larger ones get a German 413 page.
ZIB_GRANTS_MAX_EXTRA_ATTACHMENTS (5)
    Further attachments besides the budget plan.
ZIB_GRANTS_RATE_LIMIT ((10, 3600))
    At most this many submission attempts (POSTs) per client within this many seconds.
ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT ((20, 3600))
    At most this many requests with an invalid status link per client within this many
    seconds; after that every status link answers 429 for that client until the window ends.
ZIB_GRANTS_REFERENCE_PREFIX ("ANTRAG")
    First part of reference numbers (ANTRAG-2027-0042). Citizens see it in their confirmation,
    so a site sets its own short name (the example site: "ZIB"). Changing it later only affects
    new numbers; the counter per year stays the same.
ZIB_GRANTS_COMMITTEE_NAME (gettext_lazy("Der zuständige Ausschuss"))
    The body that decides on the applications, as it begins a sentence of the confirmation mail
    („… entscheidet über die Anträge [voraussichtlich in seiner Sitzung am …].“): German,
    nominative with its article, a masculine or neuter noun (the mail says „seiner Sitzung“).
    Wrap it in gettext_lazy so the catalogue of the site translates it; a plain string is used
    as it is in every language. The example site: „Der Ausschuss für soziale Angelegenheiten und
    Integration“.
ZIB_GRANTS_MAIL_MAX_ATTEMPTS (10)
    Delivery attempts per e-mail before `send_grant_mails` stops trying (staff can resend).
ZIB_GRANTS_RETENTION_YEARS (10)
    Default of `purge_grant_applications --years`.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024

DEFAULT_REFERENCE_PREFIX = "ANTRAG"
DEFAULT_COMMITTEE_NAME = _("Der zuständige Ausschuss")


def private_root():
    root = getattr(settings, "ZIB_GRANTS_PRIVATE_ROOT", None)
    if not root:
        raise ImproperlyConfigured(
            "Set ZIB_GRANTS_PRIVATE_ROOT to a folder outside MEDIA_ROOT for grant attachments."
        )
    return Path(root)


def max_file_size():
    return getattr(settings, "ZIB_GRANTS_MAX_FILE_SIZE", 10 * MB)


def max_total_size():
    return getattr(settings, "ZIB_GRANTS_MAX_TOTAL_SIZE", 25 * MB)


def max_request_size():
    return getattr(settings, "ZIB_GRANTS_MAX_REQUEST_SIZE", max_total_size() + MB)


def max_extra_attachments():
    return getattr(settings, "ZIB_GRANTS_MAX_EXTRA_ATTACHMENTS", 5)


def rate_limit():
    """(attempts, seconds)."""
    return getattr(settings, "ZIB_GRANTS_RATE_LIMIT", (10, 3600))


def status_link_failure_limit():
    """(failed attempts, seconds)."""
    return getattr(settings, "ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT", (20, 3600))


def reference_prefix():
    return getattr(settings, "ZIB_GRANTS_REFERENCE_PREFIX", DEFAULT_REFERENCE_PREFIX)


def committee_name():
    return getattr(settings, "ZIB_GRANTS_COMMITTEE_NAME", None) or DEFAULT_COMMITTEE_NAME


def mail_max_attempts():
    return getattr(settings, "ZIB_GRANTS_MAIL_MAX_ATTEMPTS", 10)


def retention_years():
    return getattr(settings, "ZIB_GRANTS_RETENTION_YEARS", 10)
