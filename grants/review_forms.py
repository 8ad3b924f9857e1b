"""Admin forms of reviews and decisions: assigning reviewers, the conflict-of-interest
declaration, the review sheet, internal comments and the committee's approval."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import reviews
from .fields import EuroField, euro
from .models.reviews import SCORE_RANGE

SCORE_ERROR = _("Bitte eine Bewertung von 1 bis 5 wählen.")
SCORE_CHOICES = [(value, str(value)) for value in SCORE_RANGE]


def reviewer_label(user):
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.email})" if user.email else name


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return reviewer_label(obj)


class AssignReviewersForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Gutachter*innen"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Mitglieder der Gruppe „Zuschüsse-Begutachtung“. Wer abgewählt wird, sieht den "
            "Antrag nicht mehr; eine abgegebene Bewertung wird dabei gelöscht."
        ),
    )

    def __init__(self, *args, application, **kwargs):
        withdrawn = application.review_assignments.filter(
            declaration=reviews.Declaration.CONFLICT
        ).values("reviewer")
        kwargs.setdefault(
            "initial",
            {
                "reviewers": application.review_assignments.exclude(
                    declaration=reviews.Declaration.CONFLICT
                ).values_list("reviewer", flat=True)
            },
        )
        super().__init__(*args, **kwargs)
        # Who declared a conflict stays withdrawn; they cannot be assigned again.
        self.fields["reviewers"].queryset = reviews.reviewers().exclude(pk__in=withdrawn)


class DeclarationForm(forms.Form):
    """„Kein Interessenkonflikt“ (the box must be ticked) or „Interessenkonflikt melden“."""

    NO_CONFLICT, CONFLICT = "no_conflict", "conflict"

    no_conflict = forms.BooleanField(
        label=_(
            "Ich erkläre, dass ich mit der antragstellenden Organisation und den an dem Vorhaben "
            "Beteiligten weder persönlich noch beruflich oder finanziell verbunden bin und bei "
            "mir kein Interessenkonflikt besteht."
        ),
        required=False,
    )
    conflict_reason = forms.CharField(
        label=_("Angaben zum Interessenkonflikt (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_(
            "Nur wenn Sie einen Interessenkonflikt melden: Sie werden dann von diesem Antrag "
            "abgezogen; die Sachbearbeitung sieht Ihre Meldung."
        ),
    )

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action

    def clean(self):
        cleaned = super().clean()
        if self.action not in {self.NO_CONFLICT, self.CONFLICT}:
            raise forms.ValidationError(_("Bitte wählen Sie eine der beiden Erklärungen."))
        if self.action == self.NO_CONFLICT and not cleaned.get("no_conflict"):
            self.add_error(
                "no_conflict",
                _("Bitte bestätigen Sie die Erklärung, bevor Sie den Antrag bewerten."),
            )
        return cleaned

    @property
    def declares_conflict(self):
        return self.action == self.CONFLICT


class ReviewForm(forms.Form):
    """A score from 1 to 5 per criterion of the round, a comment and a recommended amount."""

    comment = forms.CharField(
        label=_("Begründung"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=_("Ihre Einschätzung mit Gründen; nur für das Büro und den Ausschuss."),
    )
    recommended_amount = EuroField(
        label=_("Empfohlener Betrag (EUR)"),
        min_value=0,
        help_text=_("0 empfiehlt eine Ablehnung."),
    )

    def __init__(self, *args, application, review=None, **kwargs):
        self.application = application
        self.criteria = reviews.criteria_for(application.funding_round)
        if review is not None and not kwargs.get("initial"):
            kwargs["initial"] = self.initial_from(review)
        super().__init__(*args, **kwargs)
        criteria_fields = {
            item.key: forms.TypedChoiceField(
                label=item.name,
                help_text=item.help_text,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "grants-score"}),
                error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
            )
            for item in self.criteria
        }
        # The scores first, as on a review sheet.
        self.fields = {**criteria_fields, **self.fields}
        self.fields["recommended_amount"].help_text = _(
            "Höchstens der beantragte Zuschuss (%(amount)s); 0 empfiehlt eine Ablehnung."
        ) % {"amount": euro(application.requested_amount)}

    def initial_from(self, review):
        by_criterion = {score.criterion_id: score.score for score in review.scores.all()}
        initial = {
            "comment": review.comment,
            "recommended_amount": review.recommended_amount,
        }
        for item in reviews.criteria_for(self.application.funding_round):
            criterion_id = item.criterion.pk if item.criterion is not None else None
            if criterion_id in by_criterion:
                initial[item.key] = by_criterion[criterion_id]
        return initial

    def clean_recommended_amount(self):
        amount = self.cleaned_data["recommended_amount"]
        if amount is not None and amount > self.application.requested_amount:
            raise forms.ValidationError(
                _("Der empfohlene Betrag darf den beantragten (%(amount)s) nicht übersteigen.")
                % {"amount": euro(self.application.requested_amount)}
            )
        return amount

    @property
    def scores(self):
        """{Criterion: score} of the valid form."""
        return {item: self.cleaned_data[item.key] for item in self.criteria}

    def score_fields(self):
        return [self[item.key] for item in self.criteria]


class InternalCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Interner Kommentar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
        help_text=_("Nur für das Büro und die Begutachtung; die Antragstellenden sehen ihn nie."),
        error_messages={"required": _("Bitte schreiben Sie einen Kommentar.")},
    )


class DecisionForm(forms.Form):
    """The committee's approval of one application, with the amount and the letter's
    conditions."""

    granted_amount = EuroField(label=_("Bewilligter Betrag (EUR)"))
    conditions = forms.CharField(
        label=_("Auflagen und Bedingungen (für den Bescheid)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        help_text=_("Steht im Bewilligungsbescheid. Leer: „Keine.“"),
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Für den Statusverlauf; mit der E-Mail geht sie an die Antragstellenden."),
    )
    notify_applicant = forms.BooleanField(
        label=_("Antragsteller*in per E-Mail benachrichtigen (mit dem Bescheid als PDF)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean_granted_amount(self):
        amount = self.cleaned_data["granted_amount"]
        if amount > self.application.requested_amount:
            raise forms.ValidationError(
                _("Der bewilligte Betrag darf den beantragten (%(amount)s) nicht übersteigen.")
                % {"amount": euro(self.application.requested_amount)}
            )
        return amount
