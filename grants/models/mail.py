"""Outgoing e-mails, stored before they are sent, so that none is lost when SMTP is down."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailDelivery(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Eingangsbestätigung an Antragsteller*in")
        OFFICE_NOTIFICATION = "office", _("Benachrichtigung an das Büro")
        STATUS = "status", _("Statusmitteilung an Antragsteller*in")
        STATUS_LINK = "status_link", _("Neuer Statuslink an Antragsteller*in")
        ANSWER = "answer", _("Antwort auf Rückfrage an das Büro")
        WITHDRAWAL = "withdrawal", _("Rücknahme an das Büro")
        DECISION = "decision", _("Bescheid an Antragsteller*in")
        DRAFT_LINK = "draft_link", _("Link zum Entwurf an Antragsteller*in")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Versand")
        SENT = "sent", _("Versendet")
        FAILED = "failed", _("Fehlgeschlagen")

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="mail_deliveries",
        null=True,
        blank=True,
    )
    #: The draft whose resume link the mail carries (then there is no application); it goes
    #: with the draft.
    draft = models.ForeignKey(
        "grants.ApplicationDraft",
        verbose_name=_("Entwurf"),
        on_delete=models.CASCADE,
        related_name="mail_deliveries",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    recipients = models.JSONField(_("Empfänger"), default=list)
    reply_to = models.JSONField(_("Antwort an"), default=list, blank=True)
    subject = models.CharField(_("Betreff"), max_length=250)
    body = models.TextField(_("Text"))
    #: Sent as the mail's PDF attachment (the notice of a decision).
    letter = models.ForeignKey(
        "grants.DecisionLetter",
        verbose_name=_("Bescheid im Anhang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_deliveries",
    )
    status = models.CharField(
        _("Versandstatus"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("Erstellt"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("Letzter Versuch"), null=True, blank=True)
    sent_at = models.DateTimeField(_("Versendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("E-Mail-Versand")
        verbose_name_plural = _("E-Mail-Versand")
        ordering = ["application", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False) | models.Q(draft__isnull=False),
                name="grants_mail_of_application_or_draft",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"
