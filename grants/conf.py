"""The app's settings, each read with a documented default.

ZIB_GRANTS_PRIVATE_ROOT (required)
    Folder for application attachments. Must lie outside MEDIA_ROOT and STATIC_ROOT: the files
    are never served by URL, only by the permission-checked admin download.
ZIB_GRANTS_FILE_PERMISSIONS (0o600)
    Mode of every file written to ZIB_GRANTS_PRIVATE_ROOT (like FILE_UPLOAD_PERMISSIONS, for the
    private storage only); None: the process's umask decides.
ZIB_GRANTS_DIRECTORY_PERMISSIONS (0o700)
    Mode of the folders created below ZIB_GRANTS_PRIVATE_ROOT (like
    FILE_UPLOAD_DIRECTORY_PERMISSIONS); None: the umask decides.
ZIB_GRANTS_ORPHAN_MIN_AGE (3600)
    Seconds a file in ZIB_GRANTS_PRIVATE_ROOT that no row references must be old before
    `sweep_grant_files` deletes it: younger ones may belong to a submission whose transaction
    has not committed yet.
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
    The same limit holds, counted apart, for the resume links of drafts.
ZIB_GRANTS_DRAFT_DAYS (30)
    A draft kept with „Zwischenspeichern“ is deleted with its files this many days after it
    was last saved (`purge_grant_drafts`; the resume link stops working at that time).
ZIB_GRANTS_UNSAVED_DRAFT_HOURS (24)
    The form's steps keep what was typed in a draft as well; one never saved is deleted this
    many hours after its last change.
ZIB_GRANTS_DRAFT_MAIL_LIMIT ((10, 3600))
    At most this many resume-link e-mails per client within this many seconds; beyond it the
    link is only shown on the page.
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
    Years after its round closed that a granted application is kept (and one still undecided);
    then `purge_grant_applications` deletes it with its files (grants.retention).
ZIB_GRANTS_RETENTION_YEARS_REJECTED (3)
    The same for a rejected application.
ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN (1)
    The same for a withdrawn application.
ZIB_GRANTS_HIDE_OTHER_REVIEWERS (True)
    A reviewer (group „Zuschüsse-Begutachtung“) sees neither the reviews nor the internal
    comments of the other reviewers of an application, nor the average score, so that every
    review is made independently. Clerks always see everything. False: reviewers of the same
    application see each other's reviews and comments.
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


def file_permissions():
    return getattr(settings, "ZIB_GRANTS_FILE_PERMISSIONS", 0o600)


def directory_permissions():
    return getattr(settings, "ZIB_GRANTS_DIRECTORY_PERMISSIONS", 0o700)


def orphan_min_age():
    """Seconds."""
    return getattr(settings, "ZIB_GRANTS_ORPHAN_MIN_AGE", 3600)


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


def draft_days():
    return getattr(settings, "ZIB_GRANTS_DRAFT_DAYS", 30)


def unsaved_draft_hours():
    return getattr(settings, "ZIB_GRANTS_UNSAVED_DRAFT_HOURS", 24)


def draft_mail_limit():
    """(e-mails, seconds)."""
    return getattr(settings, "ZIB_GRANTS_DRAFT_MAIL_LIMIT", (10, 3600))


def reference_prefix():
    return getattr(settings, "ZIB_GRANTS_REFERENCE_PREFIX", DEFAULT_REFERENCE_PREFIX)


def committee_name():
    return getattr(settings, "ZIB_GRANTS_COMMITTEE_NAME", None) or DEFAULT_COMMITTEE_NAME


def mail_max_attempts():
    return getattr(settings, "ZIB_GRANTS_MAIL_MAX_ATTEMPTS", 10)


def retention_years():
    return getattr(settings, "ZIB_GRANTS_RETENTION_YEARS", 10)


def retention_years_rejected():
    return getattr(settings, "ZIB_GRANTS_RETENTION_YEARS_REJECTED", 3)


def retention_years_withdrawn():
    return getattr(settings, "ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN", 1)


def hide_other_reviewers():
    return getattr(settings, "ZIB_GRANTS_HIDE_OTHER_REVIEWERS", True)
