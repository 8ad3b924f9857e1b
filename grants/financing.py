"""The financing plan in the application form (Kosten- und Finanzierungsplan).

Three tables of rows – costs, own funds, third-party funds – are Django formsets, so they work
without JavaScript (a few empty rows; grants.js adds rows up to the maximum and shows the sums
as one types). With the form's requested grant they must balance to the cent:

    costs = own funds + third-party funds + requested grant

as German grant practice requires (a plan is neither under- nor over-financed).
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .fields import EuroField, euro
from .models import CostCategory, CostLine, FundingStatus, IncomeKind, IncomeLine

ZERO = Decimal("0.00")
#: The error of the plan as a whole, in the form's `errors` under this name.
PLAN_ERROR = "financing_plan"


def amount_field():
    return EuroField(
        label=_("Betrag (EUR)"),
        min_value=ZERO,
        error_messages={"required": _("Bitte einen Betrag angeben.")},
    )


class CostLineForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Kostenart"),
        required=False,
        choices=[("", _("– keine Angabe –")), *CostCategory.choices],
    )
    description = forms.CharField(
        label=_("Wofür?"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie an, wofür die Kosten entstehen.")},
    )
    amount = amount_field()


class OwnFundsForm(forms.Form):
    description = forms.CharField(
        label=_("Art der Eigenmittel"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie die Art der Eigenmittel an.")},
    )
    amount = amount_field()


class ThirdPartyForm(forms.Form):
    description = forms.CharField(
        label=_("Geldgeber"),
        max_length=200,
        error_messages={"required": _("Bitte geben Sie an, wer die Mittel gibt.")},
    )
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=[("", _("– bitte wählen –")), *FundingStatus.choices],
        error_messages={
            "required": _("Bitte wählen Sie, ob die Mittel bewilligt oder beantragt sind.")
        },
    )
    amount = amount_field()


class PlanTableFormSet(forms.BaseFormSet):
    """One table of the plan. Empty rows are ignored; a row begun must be complete."""

    #: The table's heading, and how its rows are named in messages („Kosten, Zeile 2“).
    title = ""
    help_text = ""
    #: The part of the JSON payload of the submission API that fills this table.
    api_name = ""
    default_error_messages = {
        "missing_management_form": _(
            "Der Finanzierungsplan wurde unvollständig übertragen. Bitte laden Sie das "
            "Formular neu."
        ),
        "too_many_forms": ngettext_lazy(
            "Bitte höchstens %(num)d Zeile angeben.",
            "Bitte höchstens %(num)d Zeilen angeben.",
            "num",
        ),
    }

    def lines(self):
        """The cleaned rows that were filled in (call after validation)."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data]

    def total(self):
        return sum((line["amount"] for line in self.lines()), ZERO)

    def row_errors(self):
        """(input name, label, error) of each row's fields, then of the table."""
        for number, form in enumerate(self.forms, start=1):
            for name, errors in form.errors.as_data().items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    yield (
                        form.add_prefix(name),
                        _("%(table)s, Zeile %(number)s: %(field)s")
                        % {"table": self.title, "number": number, "field": label},
                        error,
                    )
        for error in self.non_form_errors().as_data():
            yield self.prefix, self.title, error


class CostTableFormSet(PlanTableFormSet):
    title = _("Kosten")
    help_text = _("Alle Ausgaben des Vorhabens, je Zeile eine Position.")
    api_name = "cost_lines"

    def clean(self):
        if any(self.errors):
            return
        if not self.lines():
            raise ValidationError(
                _("Bitte geben Sie mindestens eine Kostenposition an."), code="no_costs"
            )


class OwnFundsFormSet(PlanTableFormSet):
    title = _("Eigenmittel")
    help_text = _(
        "Eigene Mittel und Eigenleistungen Ihrer Organisation, z. B. Mitgliedsbeiträge; leer "
        "lassen, wenn keine."
    )
    api_name = "income_lines"


class ThirdPartyFormSet(PlanTableFormSet):
    title = _("Drittmittel")
    help_text = _(
        "Zuschüsse anderer Stellen für dieses Vorhaben, bewilligt oder beantragt; leer "
        "lassen, wenn keine."
    )
    api_name = "income_lines"


def _factory(form, formset, extra, maximum):
    return forms.formset_factory(
        form, formset=formset, extra=extra, max_num=maximum, absolute_max=maximum, validate_max=True
    )


#: The plan's tables: form prefix → formset class (few empty rows, a sensible maximum).
TABLES = {
    "costs": _factory(CostLineForm, CostTableFormSet, extra=5, maximum=30),
    "own_funds": _factory(OwnFundsForm, OwnFundsFormSet, extra=2, maximum=10),
    "third_party": _factory(ThirdPartyForm, ThirdPartyFormSet, extra=2, maximum=10),
}
#: Which table holds which kind of income line.
INCOME_TABLES = {"own_funds": IncomeKind.OWN, "third_party": IncomeKind.THIRD_PARTY}


@dataclass(frozen=True)
class Plan:
    """The plan's sums; it balances when the costs equal the financing."""

    costs: Decimal
    own_funds: Decimal
    third_party: Decimal
    requested: Decimal

    @property
    def financing(self):
        return self.own_funds + self.third_party + self.requested

    @property
    def difference(self):
        """Costs minus financing: positive when money is missing, negative when over-financed."""
        return self.costs - self.financing

    @property
    def balanced(self):
        return self.difference == 0

    def error(self):
        """The German message for a plan that does not balance, or None."""
        if self.balanced:
            return None
        values = {
            "costs": euro(self.costs),
            "financing": euro(self.financing),
            "difference": euro(abs(self.difference)),
        }
        if self.difference > 0:
            message = _(
                "Der Finanzierungsplan ist nicht ausgeglichen: Den Kosten von %(costs)s steht "
                "eine Finanzierung von %(financing)s gegenüber (Eigenmittel, Drittmittel und "
                "beantragter Zuschuss). Es fehlen %(difference)s."
            )
            return ValidationError(message % values, code="underfinanced")
        message = _(
            "Der Finanzierungsplan ist nicht ausgeglichen: Die Finanzierung von %(financing)s "
            "(Eigenmittel, Drittmittel und beantragter Zuschuss) übersteigt die Kosten von "
            "%(costs)s um %(difference)s. Bitte verringern Sie den beantragten Zuschuss."
        )
        return ValidationError(message % values, code="overfinanced")


class FinancingPlanMixin:
    """The plan's tables inside the application form (a ModelForm): bound to the same data,
    validated with it, their errors part of its `errors` (under the inputs' names, the plan's
    own under PLAN_ERROR), and the sums written to the application's figures."""

    plan = None

    def init_financing_plan(self):
        data = self.data if self.is_bound else None
        self.plan_tables = {
            prefix: formset(data, prefix=prefix) for prefix, formset in TABLES.items()
        }

    def clean_financing_plan(self, requested):
        """Check the tables and the balance; set the application's sums when it balances."""
        tables = self.plan_tables
        if not all(table.is_valid() for table in tables.values()) or requested is None:
            return
        self.plan = Plan(
            costs=tables["costs"].total(),
            own_funds=tables["own_funds"].total(),
            third_party=tables["third_party"].total(),
            requested=requested,
        )
        error = self.plan.error()
        if error is not None:
            self.add_error_under(PLAN_ERROR, error)
            return
        application = self.instance
        application.total_costs = self.plan.costs
        application.own_contribution = self.plan.own_funds
        application.other_funding_amount = self.plan.third_party
        sources = [line["description"] for line in tables["third_party"].lines()]
        application.other_funding_source = "; ".join(sources)[:300]

    def add_error_under(self, name, error):
        """An error under a name that is no field of the form (a row's input, the plan)."""
        self._errors.setdefault(name, self.error_class(renderer=self.renderer)).extend(
            error.error_list
        )

    def merge_plan_errors(self):
        """The tables' errors into the form's, so that one `errors` has them all."""
        for table in self.plan_tables.values():
            for name, _label, error in table.row_errors():
                self.add_error_under(name, error)

    def hide_plan_errors(self):
        """Forget the tables' own errors (grants.steps: a step shown as it was typed); a table
        nothing was typed in yet offers its empty rows, as on a new form."""
        for prefix, table in list(self.plan_tables.items()):
            if not table.is_bound:
                continue
            if not table.total_form_count():
                self.plan_tables[prefix] = TABLES[prefix](prefix=prefix)
                continue
            if table.is_valid():  # nothing to forget
                continue
            for form in table.forms:
                form._errors = forms.utils.ErrorDict()
            table._non_form_errors = table.error_class(renderer=table.renderer)
            table._errors = [form._errors for form in table.forms]

    def plan_error_summary(self, part):
        """(anchor id, label, message) of the errors of one part of the plan (a table's
        prefix, or PLAN_ERROR for the plan as a whole), for the error summary. Like a field's,
        the anchor is `id_<name>` and its errors are `id_<name>_error`."""
        if part == PLAN_ERROR:
            for message in self.errors.get(PLAN_ERROR, []):
                yield f"id_{PLAN_ERROR}", _("Finanzierungsplan"), message
            return
        for name, label, error in self.plan_tables[part].row_errors():
            for message in error.messages:
                yield f"id_{name}", label, message

    def plan_lines(self, application=None):
        """The valid rows of the tables as (unsaved) CostLines and IncomeLines of
        `application`; a table with errors gives none."""

        def lines(prefix):
            table = self.plan_tables[prefix]
            return table.lines() if table.is_bound and table.is_valid() else []

        costs = [
            CostLine(application=application, position=position, **line)
            for position, line in enumerate(lines("costs"))
        ]
        income = [
            IncomeLine(
                application=application,
                position=position,
                kind=kind,
                description=line["description"],
                status=line.get("status", ""),
                amount=line["amount"],
            )
            for position, (kind, line) in enumerate(
                (kind, line) for prefix, kind in INCOME_TABLES.items() for line in lines(prefix)
            )
        ]
        return costs, income

    def plan_overview(self):
        """The plan as typed, for the review before sending (like `plan_of` for a stored
        application); the sums of the valid rows."""
        costs, income = self.plan_lines()
        requested = self.cleaned_data.get("requested_amount") if self.is_bound else None
        return overview(costs, income, requested or ZERO)

    def save_financing_plan(self, application):
        """Store the plan's rows with the saved application."""
        costs, income = self.plan_lines(application)
        CostLine.objects.bulk_create(costs)
        IncomeLine.objects.bulk_create(income)


def overview(costs, income, requested):
    """{costs, own_funds, third_party: lines, sums: Plan} for showing a plan."""
    own = [line for line in income if line.kind == IncomeKind.OWN]
    third = [line for line in income if line.kind == IncomeKind.THIRD_PARTY]
    return {
        "costs": costs,
        "own_funds": own,
        "third_party": third,
        "sums": Plan(
            costs=sum((line.amount for line in costs), ZERO),
            own_funds=sum((line.amount for line in own), ZERO),
            third_party=sum((line.amount for line in third), ZERO),
            requested=requested,
        ),
    }


def plan_of(application):
    """The stored plan of `application`: its lines and its sums (an application from before
    the plan has only the sums)."""
    return {
        **overview(list(application.cost_lines.all()), list(application.income_lines.all()), ZERO),
        "sums": Plan(
            costs=application.total_costs,
            own_funds=application.own_contribution,
            third_party=application.other_funding_amount,
            requested=application.requested_amount,
        ),
    }
