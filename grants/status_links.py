"""Secret status links: how applicants reach their status page without an account.

A token is a public selector (16 characters, to find the row) followed by a secret verifier
(43 characters, 256 bits from `secrets`). Only a SHA-256 hash of the verifier is stored, and it
is compared in constant time: neither a copy of the database nor the response time gives away a
working link (the split-token pattern of password-reset links). A random 256-bit secret needs
no slow hash.

Every e-mail that carries a link carries a new one, so older mails keep working; staff's
„Neuen Statuslink senden“ revokes them all; purging an application deletes its links.
"""

import hashlib
import hmac
import re
import secrets

from django.utils import timezone

from .models import StatusLink

SELECTOR_LENGTH = 16
TOKEN_LENGTH = SELECTOR_LENGTH + 43
TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
#: A status URL as it appears in a stored mail body (see `redact`).
STATUS_URL = re.compile(rf"/status/{TOKEN_PATTERN.pattern}/")
#: Compared against when the selector is unknown, so that both cases cost the same.
_DUMMY_HASH = hashlib.sha256(b"").hexdigest()


def hash_verifier(verifier):
    """The stored form of a token's secret part."""
    return hashlib.sha256(verifier.encode("ascii")).hexdigest()


def verifies(stored_hash, token):
    """Whether `token`'s secret part matches `stored_hash` (None: unknown selector), in
    constant time either way."""
    expected = stored_hash or _DUMMY_HASH
    return hmac.compare_digest(expected, hash_verifier(token[SELECTOR_LENGTH:])) and bool(
        stored_hash
    )


def generate():
    """A new token (not yet valid: `register` it with its application)."""
    return secrets.token_urlsafe(12) + secrets.token_urlsafe(32)


def register(application, token):
    """Make `token` open `application`'s status page; returns the stored link."""
    return StatusLink.objects.create(
        application=application,
        selector=token[:SELECTOR_LENGTH],
        verifier_hash=hash_verifier(token[SELECTOR_LENGTH:]),
    )


def issue(application):
    """A new valid token for `application` (older ones stay valid)."""
    token = generate()
    register(application, token)
    return token


def resolve(token):
    """The application `token` opens, or None: malformed, unknown, revoked or wrong."""
    if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
        return None
    link = (
        StatusLink.objects.filter(selector=token[:SELECTOR_LENGTH], revoked_at__isnull=True)
        .select_related("application__funding_round")
        .first()
    )
    if not verifies(link.verifier_hash if link else None, token):
        return None
    return link.application


def revoke_all(application):
    """End every link of `application`; returns how many were valid."""
    return StatusLink.objects.filter(application=application, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def redact(text):
    """`text` without the secrets of status URLs (for mail bodies kept after sending)."""
    return STATUS_URL.sub("/status/…/", text)
