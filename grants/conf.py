"""The app's settings, each read with a documented default.

ZIB_GRANTS_PRIVATE_ROOT (required)
    Folder for application attachments. Must lie outside MEDIA_ROOT and STATIC_ROOT: the files
    are never served by URL, only by the permission-checked admin download.
ZIB_GRANTS_MAX_FILE_SIZE (10 MB)
    Largest single attachment in bytes.
ZIB_GRANTS_MAX_TOTAL_SIZE (25 MB)
    Largest sum of all attachments of one application in bytes.
ZIB_GRANTS_MAX_REQUEST_SIZE (every attachment at its largest + 1 MB: 61 MB by default)
    Hard limit of a submission's body, checked before it is read; larger ones get a German 413
    page without the typed values (the browser checks the files before sending, so this is
    rare). Below it the body is read, so that a file over ZIB_GRANTS_MAX_FILE_SIZE or
    ZIB_GRANTS_MAX_TOTAL_SIZE is answered by the form itself: 413 with every typed value kept.
ZIB_GRANTS_MAX_EXTRA_ATTACHMENTS (5)
    Further attachments besides the budget plan.
ZIB_GRANTS_RATE_LIMIT ((10, 3600))
    At most this many accepted submissions per client within this many seconds.
ZIB_GRANTS_INVALID_RATE_LIMIT ((50, 3600))
    At most this many submissions that were not accepted (invalid, spam, too large, round
    closed) per client within this many seconds; kept apart so typing mistakes do not use up
    the limit for real applications.
ZIB_GRANTS_DEADLINE_GRACE_MINUTES (15)
    A form opened before the deadline (its signed submission token says when) is still accepted
    for its round this many minutes after the deadline.
ZIB_GRANTS_IDEMPOTENCY_KEY_TTL (86400)
    Seconds during which the API answers a repeated `Idempotency-Key` with the stored answer;
    after that the key counts as new.
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
    largest_form = (max_extra_attachments() + 1) * max_file_size() + MB
    return getattr(settings, "ZIB_GRANTS_MAX_REQUEST_SIZE", largest_form)


def max_extra_attachments():
    return getattr(settings, "ZIB_GRANTS_MAX_EXTRA_ATTACHMENTS", 5)


def rate_limit():
    """(accepted submissions, seconds)."""
    return getattr(settings, "ZIB_GRANTS_RATE_LIMIT", (10, 3600))


def invalid_rate_limit():
    """(submissions not accepted, seconds)."""
    return getattr(settings, "ZIB_GRANTS_INVALID_RATE_LIMIT", (50, 3600))


def deadline_grace_minutes():
    return getattr(settings, "ZIB_GRANTS_DEADLINE_GRACE_MINUTES", 15)


def idempotency_key_ttl():
    """Seconds."""
    return getattr(settings, "ZIB_GRANTS_IDEMPOTENCY_KEY_TTL", 24 * 3600)


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
