"""What the applicant can reach without an account: secret status links, and the messages
between office and applicant (a staff „Rückfrage“ and the applicant's answer)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StatusLink(models.Model):
    """One secret link to an application's status page (see grants.status_links).

    Only the public selector and a SHA-256 hash of the secret part are stored. An application
    has one link per e-mail that carried one; revoking („Neuen Statuslink senden“) ends them all.
    """

    application = models.ForeignKey(
        "grants.GrantApplication", on_delete=models.CASCADE, related_name="status_links"
    )
    selector = models.CharField(max_length=16, unique=True, editable=False)
    verifier_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("Erstellt"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("Ungültig seit"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Statuslink")
        verbose_name_plural = _("Statuslinks")

    def __str__(self):
        return f"{self.application_id}:{self.selector}"


class ApplicationMessage(models.Model):
    """One message of the conversation on an application, seen by staff and applicant alike.

    Internal remarks never go here: they are the notes of StatusChange.
    """

    class Author(models.TextChoices):
        OFFICE = "office", _("Büro")
        APPLICANT = "applicant", pgettext_lazy("author", "Antragsteller*in")

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.CharField(_("Von"), max_length=20, choices=Author.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geschrieben von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Text"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    #: The status change that asked the question, or that the answer caused.
    status_change = models.ForeignKey(
        "grants.StatusChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        created = timezone.localtime(self.created_at, timezone.get_default_timezone())
        return f"{self.get_author_display()}, {created:%d.%m.%Y %H:%M}"

    @property
    def is_question(self):
        return self.author == self.Author.OFFICE
