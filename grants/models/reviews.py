"""Reviews of applications: the round's criteria, who reviews what, the reviews with their
scores, and the staff's internal comments.

Reviewers (group „Zuschüsse-Begutachtung“, permission `grants.review_grantapplication`) see
only the applications assigned to them (grants.permissions). Before reviewing they declare
that they have no conflict of interest; declaring one withdraws them from the application.
Nothing of this is ever shown to the applicant.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

#: Every criterion is scored from 1 (poor) to 5 (excellent).
MIN_SCORE, MAX_SCORE = 1, 5
SCORE_RANGE = range(MIN_SCORE, MAX_SCORE + 1)
SCORE_VALIDATORS = [
    MinValueValidator(MIN_SCORE, _("Bitte eine Bewertung von 1 bis 5 wählen.")),
    MaxValueValidator(MAX_SCORE, _("Bitte eine Bewertung von 1 bis 5 wählen.")),
]


class ReviewCriterion(Orderable):
    """One criterion the reviewers score in a funding round (inline of the round)."""

    funding_round = ParentalKey(
        "grants.FundingRound", on_delete=models.CASCADE, related_name="review_criteria"
    )
    name = models.CharField(_("Kriterium"), max_length=200)
    help_text = models.CharField(
        _("Erläuterung"),
        max_length=500,
        blank=True,
        help_text=_("Steht im Bewertungsbogen unter dem Kriterium."),
    )
    weight = models.PositiveSmallIntegerField(
        _("Gewichtung"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1 bis 10; ein Kriterium mit Gewichtung 2 zählt doppelt."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("weight")]),
        FieldPanel("help_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Kriterium der Begutachtung")
        verbose_name_plural = _("Kriterien der Begutachtung")

    def __str__(self):
        return self.name


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application by a clerk, with their conflict-of-interest
    declaration (kept when they declare a conflict: the clerks see who withdrew and why)."""

    class Declaration(models.TextChoices):
        PENDING = "pending", _("Erklärung ausstehend")
        NO_CONFLICT = "no_conflict", _("Kein Interessenkonflikt")
        CONFLICT = "conflict", _("Interessenkonflikt, zurückgezogen")

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gutachter*in"),
        on_delete=models.CASCADE,
        related_name="grant_review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Zugewiesen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("Zugewiesen am"), default=timezone.now)
    declaration = models.CharField(
        _("Interessenkonflikt"),
        max_length=20,
        choices=Declaration.choices,
        default=Declaration.PENDING,
    )
    declared_at = models.DateTimeField(_("Erklärt am"), null=True, blank=True)
    conflict_reason = models.TextField(_("Angaben zum Interessenkonflikt"), blank=True)

    class Meta:
        verbose_name = _("Zuweisung zur Begutachtung")
        verbose_name_plural = _("Zuweisungen zur Begutachtung")
        ordering = ["application", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="grants_review_assignment_once"
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.reviewer}"

    @property
    def is_withdrawn(self):
        return self.declaration == self.Declaration.CONFLICT

    @property
    def may_review(self):
        return self.declaration == self.Declaration.NO_CONFLICT


class Review(models.Model):
    """One reviewer's review of one application: a score per criterion, a comment and the
    amount they recommend. `score` is the weighted mean of the scores, fixed when saved."""

    assignment = models.OneToOneField(
        ReviewAssignment,
        verbose_name=_("Zuweisung"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    comment = models.TextField(_("Begründung"), max_length=5000)
    recommended_amount = models.DecimalField(
        _("Empfohlener Betrag (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    score = models.DecimalField(
        _("Punktzahl"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("Abgegeben am"), default=timezone.now)
    updated_at = models.DateTimeField(_("Zuletzt geändert"), auto_now=True)

    class Meta:
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        ordering = ["assignment__application", "submitted_at", "pk"]

    def __str__(self):
        return f"{self.assignment}: {self.score}"

    @property
    def application(self):
        return self.assignment.application

    @property
    def reviewer(self):
        return self.assignment.reviewer

    def compute_score(self):
        """The weighted mean of the criteria's scores (two decimals), or None without any."""
        scores = list(self.scores.all())
        weights = sum(item.weight for item in scores)
        if not weights:
            return None
        total = Decimal(sum(item.score * item.weight for item in scores)) / weights
        return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ReviewScore(models.Model):
    """The score of one criterion in a review. The criterion's name and weight are kept as
    they were when scored: later edits of the round change no review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ReviewCriterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    criterion_name = models.CharField(_("Kriterium"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("Gewichtung"), default=1)
    score = models.PositiveSmallIntegerField(_("Bewertung"), validators=SCORE_VALIDATORS)

    class Meta:
        verbose_name = _("Bewertung eines Kriteriums")
        verbose_name_plural = _("Bewertungen der Kriterien")
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="grants_review_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.criterion_name}: {self.score}"


class InternalComment(models.Model):
    """A staff-only note on an application: never on the status page, in a mail or an API.

    `by_reviewer` records whether it was written as a reviewer, so that other reviewers do not
    see it while ZIB_GRANTS_HIDE_OTHER_REVIEWERS is on (grants.reviews.visible_comments).
    """

    application = models.ForeignKey(
        "grants.GrantApplication",
        verbose_name=_("Antrag"),
        on_delete=models.CASCADE,
        related_name="internal_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_reviewer = models.BooleanField(_("Von Gutachter*in"), default=False, editable=False)
    text = models.TextField(_("Interner Kommentar"), max_length=5000)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("Interner Kommentar")
        verbose_name_plural = _("Interne Kommentare")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}, {self.created_at:%d.%m.%Y %H:%M}"
