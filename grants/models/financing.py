"""The financing plan of an application (Kosten- und Finanzierungsplan): its cost lines and its
income lines. The requested grant is the application's own `requested_amount`; the plan
balances when the costs equal own funds + third-party funds + the requested grant.

The application's `total_costs`, `own_contribution`, `other_funding_amount` and
`other_funding_source` are the sums of these lines, written with them (grants.financing), so
that lists, statistics, exports and the workflow keep reading one figure each.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NOT_NEGATIVE = [MinValueValidator(Decimal("0"), _("Der Betrag darf nicht negativ sein."))]


class CostCategory(models.TextChoices):
    FEES = "fees", _("Honorare")
    STAFF = "staff", _("Personalkosten")
    RENT = "rent", _("Miete und Raumkosten")
    MATERIALS = "materials", _("Sachkosten")
    TRAVEL = "travel", _("Fahrt- und Reisekosten")
    PUBLICITY = "publicity", _("Öffentlichkeitsarbeit")
    CATERING = "catering", _("Verpflegung")
    OTHER = "other", pgettext_lazy("cost category", "Sonstiges")


class IncomeKind(models.TextChoices):
    OWN = "own", _("Eigenmittel")
    THIRD_PARTY = "third_party", _("Drittmittel")


class FundingStatus(models.TextChoices):
    """How far a third party's funding is: already granted, or applied for."""

    CONFIRMED = "confirmed", pgettext_lazy("third-party funding", "Bewilligt")
    APPLIED = "applied", pgettext_lazy("third-party funding", "Beantragt")


class PlanLine(models.Model):
    position = models.PositiveSmallIntegerField(_("Position"), default=0)
    description = models.CharField(_("Beschreibung"), max_length=200)
    amount = models.DecimalField(
        _("Betrag (EUR)"), max_digits=12, decimal_places=2, validators=NOT_NEGATIVE
    )

    class Meta:
        abstract = True
        ordering = ["application", "position", "pk"]

    def __str__(self):
        return f"{self.description}: {self.amount}"


class CostLine(PlanLine):
    """One expense of the project: what it is for, and how much."""

    application = models.ForeignKey(
        "grants.GrantApplication", on_delete=models.CASCADE, related_name="cost_lines"
    )
    category = models.CharField(
        _("Kostenart"), max_length=20, choices=CostCategory.choices, blank=True
    )

    class Meta(PlanLine.Meta):
        verbose_name = _("Kostenposition")
        verbose_name_plural = _("Kostenpositionen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="grants_cost_line_not_negative"
            )
        ]


class IncomeLine(PlanLine):
    """One source of money besides the requested grant: the applicant's own funds, or a third
    party's funding (who gives it, and whether it is granted or applied for)."""

    application = models.ForeignKey(
        "grants.GrantApplication", on_delete=models.CASCADE, related_name="income_lines"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=IncomeKind.choices)
    status = models.CharField(
        _("Stand"),
        max_length=20,
        choices=FundingStatus.choices,
        blank=True,
        help_text=_("Nur bei Drittmitteln: bewilligt oder beantragt."),
    )

    class Meta(PlanLine.Meta):
        verbose_name = _("Finanzierungsposition")
        verbose_name_plural = _("Finanzierungspositionen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="grants_income_line_not_negative"
            ),
            # A third party's funding says how far it is; own funds have no such status.
            models.CheckConstraint(
                condition=(
                    models.Q(kind=IncomeKind.THIRD_PARTY, status__in=FundingStatus.values)
                    | models.Q(kind=IncomeKind.OWN, status="")
                ),
                name="grants_income_line_status_by_kind",
            ),
        ]
