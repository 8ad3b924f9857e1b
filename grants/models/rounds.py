"""Funding rounds: the application windows the committee decides on."""

import datetime
from decimal import Decimal
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField

from zib_wagtail.core.models.translations import FieldTranslation, TranslatedFieldsMixin

from ..admin_forms import FundingRoundForm, QuestionsPanel


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", _("Noch nicht geöffnet")
    OPEN = "open", _("Geöffnet")
    CLOSED = "closed", pgettext_lazy("funding round state", "Abgeschlossen")


class FundingRoundQuerySet(models.QuerySet):
    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gte=now)

    def upcoming(self, now=None):
        return self.filter(opens_at__gt=now or timezone.now()).order_by("opens_at")

    def closed_before(self, moment):
        return self.filter(closes_at__lt=moment)

    def current(self, now=None):
        """The round open right now, or None."""
        return self.open(now).order_by("opens_at").first()

    def next_upcoming(self, now=None):
        return self.upcoming(now).first()

    def with_stats(self):
        """Annotate count, sum requested and sum granted of the applications."""
        from .applications import ApplicationStatus

        return self.annotate(
            application_count=Count("applications"),
            requested_sum=Sum("applications__requested_amount"),
            granted_sum=Sum(
                "applications__granted_amount",
                filter=Q(applications__status=ApplicationStatus.GRANTED),
            ),
        )


class FundingPeriod(TypedDict):
    """The dates every project of the round must lie within (both included)."""

    start: datetime.date
    end: datetime.date


class FundingRound(TranslatedFieldsMixin, ClusterableModel):
    title = models.CharField(_("Titel"), max_length=200, help_text=_("Z. B. „Zuschüsse 2027“."))
    year = models.PositiveSmallIntegerField(
        _("Förderjahr"), help_text=_("Das Jahr, für das die Zuschüsse vergeben werden.")
    )
    opens_at = models.DateTimeField(
        _("Antragsbeginn"), help_text=_("Ab diesem Zeitpunkt (deutsche Zeit) sind Anträge möglich.")
    )
    closes_at = models.DateTimeField(
        _("Antragsfrist"),
        help_text=_("Bis zu diesem Zeitpunkt (deutsche Zeit) sind Anträge möglich."),
    )
    budget = models.DecimalField(
        _("Budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leer lassen, solange der Ausschuss das Budget noch nicht festgelegt hat."),
    )
    max_amount_per_application = models.DecimalField(
        _("Höchstbetrag je Antrag (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Leer lassen, wenn es keinen Höchstbetrag gibt."),
    )
    funding_period_start = models.DateField(
        _("Förderzeitraum von"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: der 1. Januar des Förderjahres."),
    )
    funding_period_end = models.DateField(
        _("Förderzeitraum bis"),
        null=True,
        blank=True,
        help_text=_("Leer lassen: der 31. Dezember des Förderjahres."),
    )
    committee_meeting_date = models.DateField(
        _("Sitzung des Ausschusses"),
        null=True,
        blank=True,
        help_text=_("Die Sitzung, in der der Ausschuss über die Anträge entscheidet."),
    )
    description = models.TextField(
        _("Beschreibung"),
        blank=True,
        help_text=_(
            "Öffentlich (auch über die Schnittstelle): Schwerpunkte oder Hinweise zur Runde."
        ),
    )

    objects = FundingRoundQuerySet.as_manager()
    base_form_class = FundingRoundForm

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("year")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Antragszeitraum"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("funding_period_start"), FieldPanel("funding_period_end")])],
            heading=_("Förderzeitraum"),
            help_text=_(
                "Beginn und Ende jedes Vorhabens müssen in diesem Zeitraum liegen; das Formular "
                "nennt ihn als Hinweis."
            ),
        ),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("max_amount_per_application")]),
        FieldPanel("committee_meeting_date"),
        FieldPanel("description"),
        QuestionsPanel(
            "questions",
            heading=_("Fragen im Antragsformular"),
            label=_("Frage"),
            help_text=_(
                "Zusätzliche Fragen nur dieser Runde; das Formular zeigt sie in einem eigenen "
                "Abschnitt. Eingegangene Anträge behalten die Fragen, wie sie beim Absenden "
                "lauteten."
            ),
        ),
        InlinePanel(
            "review_criteria",
            heading=_("Kriterien der Begutachtung"),
            label=_("Kriterium"),
            help_text=_(
                "Die Gutachter*innen bewerten jeden Antrag der Runde nach diesen Kriterien mit "
                "1 (schwach) bis 5 (sehr gut). Ohne Kriterien gibt es eine Gesamtbewertung."
            ),
        ),
        InlinePanel(
            "translations",
            heading=_("Übersetzungen"),
            label=_("Übersetzung"),
            help_text=_(
                "Titel und Beschreibung in den anderen Sprachen der Website. Fehlt eine "
                "Übersetzung, steht dort der deutsche Text (als Deutsch gekennzeichnet)."
            ),
        ),
    ]
    #: The public fields, for both content APIs (/api/v1/funding-rounds/, /api/v2/); `state` and
    #: `state_label` are typed properties. The budget, the applications and their statistics
    #: are internal and never listed here.
    api_fields = [
        APIField("title"),
        APIField("year"),
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("state"),
        APIField("state_label"),
        APIField("max_amount_per_application"),
        APIField("funding_period"),
        APIField("committee_meeting_date"),
        APIField("description"),
        APIField("title_translations"),
        APIField("description_translations"),
        APIField("questions"),
    ]

    class Meta:
        verbose_name = _("Antragsrunde")
        verbose_name_plural = _("Antragsrunden")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="grants_round_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(funding_period_start__isnull=True, funding_period_end__isnull=True)
                | Q(funding_period_end__gte=models.F("funding_period_start")),
                name="grants_round_funding_period_in_order",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        self.clean_funding_period()
        if not (self.opens_at and self.closes_at):
            return
        if self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("Die Antragsfrist muss nach dem Antragsbeginn liegen.")}
            )
        overlapping = (
            FundingRound.objects.exclude(pk=self.pk)
            .filter(opens_at__lte=self.closes_at, closes_at__gte=self.opens_at)
            .first()
        )
        if overlapping:
            raise ValidationError(
                _(
                    "Der Antragszeitraum überschneidet sich mit der Runde „%(title)s“ "
                    "(%(opens)s bis %(closes)s). Es darf immer nur eine Runde geöffnet sein."
                )
                % {
                    "title": overlapping.title,
                    "opens": _format(overlapping.opens_at),
                    "closes": _format(overlapping.closes_at),
                }
            )

    def clean_funding_period(self):
        start, end = self.funding_period_start, self.funding_period_end
        if (start is None) != (end is None):
            missing = "funding_period_end" if end is None else "funding_period_start"
            raise ValidationError(
                {
                    missing: _(
                        "Bitte Beginn und Ende des Förderzeitraums angeben oder beide leer lassen."
                    )
                }
            )
        if start and end and end < start:
            raise ValidationError(
                {
                    "funding_period_end": _(
                        "Das Ende des Förderzeitraums muss nach seinem Beginn liegen."
                    )
                }
            )

    @property
    def funding_period(self) -> FundingPeriod:
        """The dates every project of the round must lie within: as set for the round, else
        its funding year (1 January to 31 December)."""
        if self.funding_period_start and self.funding_period_end:
            return {"start": self.funding_period_start, "end": self.funding_period_end}
        return {
            "start": datetime.date(self.year, 1, 1),
            "end": datetime.date(self.year, 12, 31),
        }

    @property
    def localized_title(self):
        return self.translated("title")[0]

    @property
    def title_translations(self) -> dict[str, str]:
        """The title in the other languages, by language code (only those translated)."""
        return self.translations_of("title")

    @property
    def description_translations(self) -> dict[str, str]:
        """The description in the other languages, by language code (only those translated)."""
        return self.translations_of("description")

    def get_state(self, now=None):
        now = now or timezone.now()
        if now < self.opens_at:
            return RoundState.UPCOMING
        if now > self.closes_at:
            return RoundState.CLOSED
        return RoundState.OPEN

    @property
    def state(self) -> RoundState:
        """Derived from the dates, now."""
        return self.get_state()

    @property
    def state_label(self) -> str:
        return str(self.get_state().label)

    def get_state_display(self):
        return self.get_state().label

    get_state_display.short_description = _("Status")

    def is_open(self, now=None):
        return self.get_state(now) == RoundState.OPEN

    def stats(self):
        """Count, sums and budget left, for the admin and the committee."""
        from .applications import ApplicationStatus

        totals = self.applications.aggregate(
            count=Count("id"),
            requested=Sum("requested_amount"),
            granted=Sum("granted_amount", filter=Q(status=ApplicationStatus.GRANTED)),
        )
        requested = totals["requested"] or Decimal("0")
        granted = totals["granted"] or Decimal("0")
        return {
            "count": totals["count"],
            "requested": requested,
            "granted": granted,
            "budget_left": None if self.budget is None else self.budget - granted,
        }


class FundingRoundTranslation(FieldTranslation):
    """A funding round's public text in another language („Grants 2026“ beside „Zuschüsse
    2026“); the dates and amounts are the round's own."""

    funding_round = ParentalKey(FundingRound, on_delete=models.CASCADE, related_name="translations")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("title")]),
        FieldPanel("description"),
    ]

    class Meta(FieldTranslation.Meta):
        verbose_name = _("Übersetzung der Antragsrunde")
        verbose_name_plural = _("Übersetzungen der Antragsrunde")
        constraints = [
            models.UniqueConstraint(
                fields=["funding_round", "language"], name="grants_round_translation_once"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"


def _format(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
