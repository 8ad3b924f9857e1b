"""Extra questions a funding round asks in the online form, added by staff in the admin.

Each question has a stable `key`: the answers are stored under it (GrantApplication.round_answers),
the API and the exports name it. An application keeps a snapshot of the questions as they were
asked (GrantApplication.round_questions), so editing a question later never changes the meaning
of answers already given.
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.models import Orderable

KEY_LENGTH = 50
key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*\Z",
    _("Nur Kleinbuchstaben (a–z), Ziffern und Unterstriche, beginnend mit einem Buchstaben."),
)


class QuestionType(models.TextChoices):
    TEXT = "text", _("Kurzer Text")
    LONG_TEXT = "long_text", _("Langer Text")
    CHOICE = "choice", _("Auswahl")
    YES_NO = "yes_no", _("Ja/Nein")
    NUMBER = "number", _("Zahl")
    DATE = "date", _("Datum")
    FILE = "file", _("Datei")


def key_from_label(label, taken=()):
    """A key like `mitglieder_im_verein` from the question, unique among `taken`."""
    base = slugify(label).replace("-", "_").strip("_")[: KEY_LENGTH - 4] or "frage"
    if not base[0].isalpha():
        base = f"frage_{base}"[: KEY_LENGTH - 4]
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


class RoundQuestion(Orderable):
    funding_round = ParentalKey(
        "grants.FundingRound", on_delete=models.CASCADE, related_name="questions"
    )
    label = models.CharField(_("Frage"), max_length=300)
    question_type = models.CharField(
        _("Art der Antwort"), max_length=20, choices=QuestionType.choices, default=QuestionType.TEXT
    )
    required = models.BooleanField(_("Pflichtfrage"), default=False)
    help_text = models.CharField(
        _("Hinweis"),
        max_length=500,
        blank=True,
        help_text=_("Steht unter der Frage, z. B. was genau gemeint ist."),
    )
    options = models.TextField(
        _("Auswahlmöglichkeiten"),
        blank=True,
        help_text=_("Nur bei „Auswahl“: eine Möglichkeit je Zeile, mindestens zwei."),
    )
    key = models.CharField(
        _("Kennung"),
        max_length=KEY_LENGTH,
        blank=True,
        validators=[key_validator],
        help_text=_(
            "Name der Antwort in Export und Schnittstelle, z. B. „mitglieder“. Leer lassen: "
            "wird aus der Frage gebildet. Kann nicht mehr geändert werden, sobald Anträge "
            "in der Runde eingegangen sind."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("question_type"), FieldPanel("required")]),
        FieldPanel("options"),
        FieldPanel("help_text"),
        FieldPanel("key"),
    ]
    #: Public: the form asks these questions of everyone (API: the round's `questions`).
    api_fields = [
        APIField("key"),
        APIField("label"),
        APIField("question_type"),
        APIField("required"),
        APIField("help_text"),
        APIField(
            "options",
            serializer=serializers.ListField(child=serializers.CharField(), source="option_list"),
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "key"], name="grants_round_question_key_once"
            )
        ]

    def __str__(self):
        return self.label

    @property
    def option_list(self) -> list[str]:
        """The choices of a „choice“ question, in their order (empty for other types)."""
        if self.question_type != QuestionType.CHOICE:
            return []
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.question_type == QuestionType.CHOICE:
            options = self.option_list
            if len(options) < 2:
                raise ValidationError(
                    {"options": _("Bitte mindestens zwei Auswahlmöglichkeiten angeben.")}
                )
            if len(set(options)) < len(options):
                raise ValidationError(
                    {"options": _("Jede Auswahlmöglichkeit darf nur einmal vorkommen.")}
                )

    def save(self, *args, **kwargs):
        # The admin form gives every question its key (grants.admin_forms); this covers
        # questions made in code.
        if not self.key:
            siblings = RoundQuestion.objects.filter(funding_round_id=self.funding_round_id)
            self.key = key_from_label(
                self.label, set(siblings.exclude(pk=self.pk).values_list("key", flat=True))
            )
        super().save(*args, **kwargs)

    def snapshot(self):
        """The question as the applicant saw it, stored with the answers."""
        return {
            "key": self.key,
            "label": self.label,
            "type": self.question_type,
            "required": self.required,
            "help_text": self.help_text,
            "options": self.option_list,
        }
