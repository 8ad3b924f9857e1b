"""Decision letters: the notice templates staff edit in the admin, and the letters (PDF in the
private storage) issued when an application is granted or rejected (grants.decisions)."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel

from ..storage import get_private_storage

#: `{name}` in a template's text; every name must be one of PLACEHOLDERS.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

#: The placeholders a letter template may use, with what they stand for.
PLACEHOLDERS = {
    "aktenzeichen": _("Aktenzeichen des Antrags"),
    "antragsdatum": _("Datum des Eingangs"),
    "organisation": _("Name der Organisation"),
    "ansprechperson": _("Name der Ansprechperson"),
    "anschrift": _("Anschrift der Organisation (Straße, PLZ und Ort)"),
    "vorhaben": _("Titel des Vorhabens"),
    "zeitraum": _("Zeitraum des Vorhabens"),
    "runde": _("Antragsrunde"),
    "beantragter_betrag": _("Beantragter Zuschuss"),
    "bewilligter_betrag": _("Bewilligter Betrag (nur bei Bewilligung)"),
    "auflagen": _("Auflagen und Bedingungen (bei der Bewilligung eingetragen)"),
    "begruendung": _("Gründe der Ablehnung (bei der Ablehnung eingetragen)"),
    "datum": _("Datum des Bescheids"),
    "buero": _("Name des Büros"),
}


class LetterKind(models.TextChoices):
    GRANTED = "granted", _("Bewilligungsbescheid")
    REJECTED = "rejected", _("Ablehnungsbescheid")


def validate_placeholders(text):
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unbekannte Platzhalter: %(unknown)s. Erlaubt sind: %(allowed)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "allowed": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
            }
        )


def placeholder_help():
    """The list of placeholders for the template's edit form (HTML)."""
    items = format_html_join(
        "",
        "<li><code>{{{}}}</code>: {}</li>",
        ((name, label) for name, label in PLACEHOLDERS.items()),
    )
    return format_html("<p>{}</p><ul>{}</ul>", _("Platzhalter in Text und Belehrung:"), items)


class DecisionLetterTemplate(models.Model):
    """The text of the approval or the rejection notice, one per kind (menu „Bescheidvorlagen“).

    Without a row the built-in default of grants.decisions is used.
    """

    kind = models.CharField(_("Art"), max_length=20, choices=LetterKind.choices, unique=True)
    title = models.CharField(
        _("Überschrift"), max_length=200, help_text=_("Z. B. „Zuwendungsbescheid“.")
    )
    body = models.TextField(
        _("Text"),
        validators=[validate_placeholders],
        help_text=_("Der Brief ab der Anrede. Absätze durch Leerzeilen; Platzhalter siehe oben."),
    )
    legal_remedy = models.TextField(
        _("Rechtsbehelfsbelehrung"),
        validators=[validate_placeholders],
        help_text=_("Steht am Ende des Bescheids unter der Überschrift „Rechtsbehelfsbelehrung“."),
    )
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        HelpPanel(content=lazy(placeholder_help, str)(), heading=_("Platzhalter")),
        FieldPanel("body"),
        FieldPanel("legal_remedy"),
    ]

    class Meta:
        verbose_name = _("Bescheidvorlage")
        verbose_name_plural = _("Bescheidvorlagen")
        ordering = ["kind"]

    def __str__(self):
        return str(self.get_kind_display())


def letter_path(instance, filename):
    """A random name below letters/<year>/; the download names the reference."""
    return f"letters/{instance.application.reference_year}/{uuid.uuid4().hex}.pdf"


class DecisionLetter(models.Model):
    """The notice of one decision, as rendered then. A failed rendering keeps the decision and
    leaves `error` here (the admin offers to render it again)."""

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="decision_letters",
    )
    status_change = models.ForeignKey(
        "grants.StatusChange",
        verbose_name=_("Statusänderung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decision_letters",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=LetterKind.choices)
    conditions = models.TextField(_("Auflagen und Bedingungen"), blank=True)
    reasons = models.TextField(_("Gründe der Ablehnung"), blank=True)
    file = models.FileField(
        _("PDF"),
        storage=get_private_storage,
        upload_to=letter_path,
        max_length=200,
        blank=True,
    )
    error = models.TextField(_("Fehler beim Erstellen"), blank=True)
    created_at = models.DateTimeField(_("Erstellt am"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Erstellt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Bescheid")
        verbose_name_plural = _("Bescheide")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.application.reference}"

    @property
    def filename(self):
        return f"Bescheid-{self.application.reference}.pdf"

    @property
    def is_rendered(self):
        return bool(self.file)


@receiver(models.signals.post_delete, sender=DecisionLetter)
def delete_letter_file(sender, instance, **kwargs):
    """The PDF goes with its row, once the deletion is committed."""
    if instance.file.name:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
