"""Data protection: who looked at which application (access log) and the deletions that need
a second person's confirmation (four-eyes principle). See grants.privacy."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One look at personal data: a detail view opened, an attachment, an export or a
    disclosure downloaded. Kept when the application goes (its reference stays)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Antrag angesehen")
        ATTACHMENT = "attachment", _("Anlage heruntergeladen")
        LETTER = "letter", _("Bescheid heruntergeladen")
        EXPORT = "export", _("Export einer Antragsrunde heruntergeladen")
        DISCLOSURE = "disclosure", _("Auskunft heruntergeladen")

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The user's name at the time (kept when the account is deleted).
    username = models.CharField(_("Benutzername"), max_length=150)
    action = models.CharField(_("Zugriff"), max_length=20, choices=Action.choices)
    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=30, blank=True)
    funding_round = models.ForeignKey(
        "grants.FundingRound",
        verbose_name=_("Antragsrunde"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: What exactly: the attachment's file name, the export's format.
    detail = models.CharField(_("Was"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Zugriff")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username}: {self.get_action_display()} {self.reference}".strip()


class DeletionRequest(models.Model):
    """„Löschen“ of an application: asked for by one person, carried out only when a second
    one confirms. Kept after the deletion as its record (reference, who, when, why)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Wartet auf Bestätigung")
        DONE = "done", _("Gelöscht")
        CANCELLED = "cancelled", _("Zurückgenommen")

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deletion_requests",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=30)
    reason = models.TextField(_("Grund der Löschung"), max_length=2000)
    state = models.CharField(
        _("Stand"), max_length=20, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Beantragt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("Beantragt am"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bestätigt oder zurückgenommen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Löschantrag")
        verbose_name_plural = _("Löschanträge")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state="pending"),
                name="grants_one_pending_deletion_per_application",
            ),
            # Four eyes, in the database too: whoever asked cannot confirm.
            models.CheckConstraint(
                condition=~Q(state="done") | ~Q(decided_by=F("requested_by")),
                name="grants_deletion_confirmed_by_another_person",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.get_state_display()}"
