"""One application per submission, however often it is sent: form tokens and Idempotency-Keys.

Every rendered application form carries a hidden `submission_token`: a random nonce with the
time the form was rendered and the round it was rendered for, signed (django.core.signing), so
that none of them can be forged; the time proves a form was opened before the deadline (the
grace period, grants/intake.py). API clients send their own `Idempotency-Key` header (IETF
draft "The Idempotency-Key HTTP Header Field", as Stripe does).

Either becomes a `Claim`. The intake asks `find()` first: a claim already used answers like the
first submission (same reference, and for the API the same status and body). Otherwise
`record()` stores the claim in the transaction that stores the application; the unique
constraint on (kind, key) makes a concurrent submission with the same claim fail there
(IntegrityError: its whole transaction, reference number and files included, rolls back), and
the intake answers it like the first one as well. Nothing depends on the form's fields.
"""

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from . import conf
from .models import SubmissionToken

#: The hidden field of the HTML form.
FIELD_NAME = "submission_token"
_SALT = "grants.submission-token"
Kind = SubmissionToken.Kind


@dataclass(frozen=True)
class Claim:
    """What a submission claims to be: the `kind` of token and its `key`."""

    kind: str
    key: str
    #: The API request's fingerprint (`fingerprint()`); the same key with another one is refused.
    fingerprint: str = ""
    #: Form tokens: when and for which round the form was rendered (signed, so trustworthy).
    issued_at: datetime.datetime | None = None
    round_id: int | None = None
    #: API: builds the answer to store, (status, body), from the new application.
    answer: Callable | None = None


# --- The HTML form's token -----------------------------------------------------------------------


def issue_form_token(funding_round, now=None):
    """A new token for a form rendered now for `funding_round` (or for no round)."""
    now = now or timezone.now()
    payload = {
        "n": secrets.token_urlsafe(16),
        "t": int(now.timestamp()),
        "r": funding_round.pk if funding_round else None,
    }
    return signing.dumps(payload, salt=_SALT)


def form_claim(value):
    """The Claim of a posted form token, or None when it is missing, malformed or forged."""
    if not value or len(value) > 500:
        return None
    try:
        payload = signing.loads(value, salt=_SALT)
        issued_at = datetime.datetime.fromtimestamp(int(payload["t"]), tz=datetime.UTC)
        round_id = payload["r"]
        nonce = str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None
    if round_id is not None and not isinstance(round_id, int):
        return None
    return Claim(Kind.FORM, nonce, issued_at=issued_at, round_id=round_id)


# --- The API's Idempotency-Key ------------------------------------------------------------------


def fingerprint(data, files):
    """SHA-256 over the submitted fields and files, independent of the multipart encoding (a
    client's retry has another boundary) and of the order of the fields."""
    digest = hashlib.sha256()
    for name in sorted(data):
        for value in data.getlist(name):
            digest.update(f"field\0{name}\0{value}\0".encode())
    for name in sorted(files):
        for upload in files.getlist(name):
            content = hashlib.sha256()
            for chunk in upload.chunks():
                content.update(chunk)
            upload.seek(0)
            digest.update(f"file\0{name}\0{upload.name}\0{content.hexdigest()}\0".encode())
    return digest.hexdigest()


def api_claim(key, data, files, answer):
    return Claim(Kind.API, key, fingerprint=fingerprint(data, files), answer=answer)


# --- Stored claims -------------------------------------------------------------------------------


def _expired_before():
    return timezone.now() - datetime.timedelta(seconds=conf.idempotency_key_ttl())


def find(claim):
    """The token of an earlier accepted submission with this claim, or None. Idempotency-Keys
    expire after ZIB_GRANTS_IDEMPOTENCY_KEY_TTL; form tokens live as long as their application."""
    tokens = SubmissionToken.objects.select_related("application").filter(
        kind=claim.kind, key=claim.key
    )
    if claim.kind == Kind.API:
        tokens = tokens.filter(created_at__gt=_expired_before())
    return tokens.first()


def record(claim, application):
    """Mark `claim` as used by `application`; call inside the transaction that stores it.

    Raises IntegrityError when a concurrent submission with the same claim was stored first.
    """
    if claim.kind == Kind.API:  # an expired key may name a new submission
        SubmissionToken.objects.filter(
            kind=claim.kind, key=claim.key, created_at__lte=_expired_before()
        ).delete()
    response = None
    if claim.answer is not None:
        status, body = claim.answer(application)
        response = {"status": status, "body": body}
    return SubmissionToken.objects.create(
        kind=claim.kind,
        key=claim.key,
        application=application,
        fingerprint=claim.fingerprint,
        response=response,
    )
