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
ZIB_GRANTS_REFERENCE_PREFIX ("ZIB")
    First part of reference numbers (ZIB-2027-0042).
ZIB_GRANTS_MAIL_MAX_ATTEMPTS (10)
    Delivery attempts per e-mail before `send_grant_mails` stops trying (staff can resend).
ZIB_GRANTS_RETENTION_YEARS (10)
    Default of `purge_grant_applications --years`.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MB = 1024 * 1024


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


def reference_prefix():
    return getattr(settings, "ZIB_GRANTS_REFERENCE_PREFIX", "ZIB")


def mail_max_attempts():
    return getattr(settings, "ZIB_GRANTS_MAIL_MAX_ATTEMPTS", 10)


def retention_years():
    return getattr(settings, "ZIB_GRANTS_RETENTION_YEARS", 10)
