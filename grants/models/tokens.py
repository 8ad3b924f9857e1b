"""Submission tokens: what makes a repeated submission answer like the first (grants/tokens.py)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubmissionToken(models.Model):
    """The token an accepted submission came with; unique per kind, so that two POSTs with the
    same token can never both store an application (the second one's INSERT fails)."""

    class Kind(models.TextChoices):
        FORM = "form", _("Antragsformular")
        API = "api", _("Schnittstelle (Idempotency-Key)")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    key = models.CharField(_("Schlüssel"), max_length=255)
    application = models.ForeignKey(
        "grants.GrantApplication", on_delete=models.CASCADE, related_name="submission_tokens"
    )
    #: SHA-256 of the API request's fields and files: the same key with another body is refused.
    fingerprint = models.CharField(_("Fingerabdruck der Anfrage"), max_length=64, blank=True)
    #: The API's first answer ({"status": 201, "body": {...}}), replayed for the same key.
    response = models.JSONField(_("Gespeicherte Antwort"), null=True, blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Absende-Token")
        verbose_name_plural = _("Absende-Tokens")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="grants_unique_submission_token")
        ]

    def __str__(self):
        return f"{self.kind}:{self.key}"
