"""The public application form and the staff's status-change form."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from zib_wagtail.core.models import District

from . import conf
from .models import ApplicationKind, ApplicationStatus, GrantApplication
from .validators import (
    ALLOWED_TYPES_LABEL,
    FILES_TOO_LARGE_MESSAGE,
    normalise_iban,
    validate_attachment,
    validate_bic,
    validate_iban,
)

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def euro(amount):
    return f"{number_format(amount, decimal_pos=2, force_grouping=True)} €"


class EuroField(forms.DecimalField):
    """An amount in euros as Germans write it: „1.234,56“, „1234,5“, „1234.56“ or „1234“."""

    def __init__(self, *, min_value=Decimal("0.01"), **kwargs):
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Bitte einen Betrag in Euro angeben, z. B. 1500,00."),
                "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
                "max_digits": _("Dieser Betrag ist zu groß."),
                "max_whole_digits": _("Dieser Betrag ist zu groß."),
                "min_value": (
                    _("Bitte einen Betrag größer als 0 angeben.")
                    if min_value > 0
                    else _("Der Betrag darf nicht negativ sein.")
                ),
            },
        )
        super().__init__(max_digits=12, decimal_places=2, min_value=min_value, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "class": "grants-amount"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("EUR", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif THOUSANDS.match(value):
                value = value.replace(".", "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number_format(value, decimal_pos=2)
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern from Django's documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data if item]
        return [single_clean(data, initial)] if data else []


AUTOCOMPLETE = {
    "organisation_name": "organization",
    "street": "street-address",
    "postcode": "postal-code",
    "city": "address-level2",
    "contact_name": "name",
    "contact_email": "email",
    "contact_phone": "tel",
    "account_holder": "off",
    "iban": "off",
    "bic": "off",
}

#: IBAN and BIC may be typed as printed, in groups with spaces (34 + 8, 11 + 3 characters);
#: they are stored compact, within the columns' lengths.
AS_PRINTED = {"iban": 42, "bic": 14}

#: The form in the order it is shown, in fieldsets (legend, field names).
FIELDSETS = [
    (
        _("Ihre Organisation"),
        ["organisation_name", "legal_form", "register_number", "street", "postcode", "city"],
    ),
    (_("Ansprechperson"), ["contact_name", "contact_email", "contact_phone"]),
    (
        _("Ihr Vorhaben"),
        [
            "kind",
            "title",
            "description",
            "target_group",
            "district",
            "place",
            "start_date",
            "end_date",
            "expected_participants",
        ],
    ),
    (
        _("Kosten und Finanzierung"),
        [
            "total_costs",
            "requested_amount",
            "own_contribution",
            "other_funding_amount",
            "other_funding_source",
        ],
    ),
    (_("Bankverbindung"), ["account_holder", "iban", "bic"]),
    (_("Anlagen"), ["budget_plan", "attachments"]),
    (_("Erklärungen"), ["privacy_consent", "truth_declaration"]),
]


#: Form fields stored as attachments rather than as fields of the application.
UPLOAD_FIELDS = ("budget_plan", "attachments")
#: Stored fields the committee's exports leave out: bank details and declarations.
NOT_EXPORTED = ("account_holder", "iban", "bic", "privacy_consent", "truth_declaration")


def stored_fieldsets():
    """The form's fieldsets with the names of the application's fields only (no uploads): the
    one list the admin detail view and the exports are derived from."""
    return [
        (legend, [name for name in names if name not in UPLOAD_FIELDS])
        for legend, names in FIELDSETS
        if any(name not in UPLOAD_FIELDS for name in names)
    ]


def exported_fields():
    """Names of the application's fields in the committee's exports, in form order."""
    return [
        name for _legend, names in stored_fieldsets() for name in names if name not in NOT_EXPORTED
    ]


def districts_for_active_language():
    """Each district once: in the active language where it is translated, else in the default
    language (so English applicants do not see „Malstatt“ twice)."""
    active, default = Locale.get_active(), Locale.get_default()
    translated = District.objects.filter(locale=active).values("translation_key")
    return District.objects.filter(
        Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated))
    ).order_by("name")


class GrantApplicationForm(forms.ModelForm):
    """What an association fills in; checks everything a clerk would otherwise ask back."""

    total_costs = EuroField(label=_("Gesamtkosten (EUR)"))
    requested_amount = EuroField(label=_("Beantragter Zuschuss (EUR)"))
    own_contribution = EuroField(
        label=_("Eigenanteil (EUR)"),
        min_value=Decimal("0"),
        initial=Decimal("0"),
        help_text=_("Eigene Mittel und Eigenleistungen Ihrer Organisation; 0, wenn keine."),
    )
    other_funding_amount = EuroField(
        label=_("Andere Förderung (EUR)"),
        min_value=Decimal("0"),
        initial=Decimal("0"),
        help_text=_("Zuschüsse anderer Stellen für dieses Vorhaben; 0, wenn keine."),
    )
    budget_plan = forms.FileField(
        label=_("Kosten- und Finanzierungsplan"),
        help_text=_("Pflicht. Erlaubt: %(types)s; höchstens %(max)s."),
        error_messages={"required": _("Bitte laden Sie den Kosten- und Finanzierungsplan hoch.")},
    )
    attachments = MultipleFileField(
        label=_("Weitere Anlagen"),
        required=False,
        help_text=_("Freiwillig, bis zu %(count)s Dateien, z. B. Satzung oder Flyer."),
    )
    privacy_consent = forms.BooleanField(
        label=_("Ich habe die Datenschutzhinweise gelesen und willige in die Verarbeitung ein."),
        error_messages={"required": _("Bitte stimmen Sie den Datenschutzhinweisen zu.")},
    )
    truth_declaration = forms.BooleanField(
        label=_("Ich versichere, dass alle Angaben vollständig und richtig sind."),
        error_messages={"required": _("Bitte bestätigen Sie die Richtigkeit Ihrer Angaben.")},
    )
    #: Honeypot: hidden from people, filled in by bots. Not a model field.
    website = forms.CharField(label=_("Website (bitte leer lassen)"), required=False)

    class Meta:
        model = GrantApplication
        fields = [
            name
            for _legend, names in FIELDSETS
            for name in names
            if name not in {"budget_plan", "attachments"}
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
            "target_group": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
            "expected_participants": forms.NumberInput(attrs={"min": 1}),
        }
        error_messages = {
            "contact_email": {"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
        }

    def __init__(self, *args, funding_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.funding_round = funding_round
        # The districts of the form's language, each once (the default language's where the
        # districts are not translated yet).
        self.fields["district"].queryset = districts_for_active_language()
        self.fields["district"].empty_label = _("– keine Angabe –")
        self.fields["kind"].choices = ApplicationKind.choices  # radios need no blank choice
        self.fields["legal_form"].choices = [("", _("– bitte wählen –"))] + list(
            self.fields["legal_form"].choices
        )[1:]
        limits = {"types": ALLOWED_TYPES_LABEL, "max": filesizeformat(conf.max_file_size())}
        self.fields["budget_plan"].help_text = self.fields["budget_plan"].help_text % limits
        self.fields["attachments"].help_text = self.fields["attachments"].help_text % {
            "count": conf.max_extra_attachments()
        }
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        for name, token in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token
        for name, length in AS_PRINTED.items():
            field = self.fields[name]
            field.max_length, field.widget.attrs["maxlength"] = length, str(length)
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ] + [MaxLengthValidator(length)]
        if funding_round and funding_round.max_amount_per_application:
            self.fields["requested_amount"].help_text = _("Höchstens %(max)s je Antrag.") % {
                "max": euro(funding_round.max_amount_per_application)
            }

    @property
    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    @property
    def is_spam(self):
        return bool(self.data.get("website", "").strip())

    def clean_district(self):
        """Stored in the default language, so that staff see the district as they know it."""
        district = self.cleaned_data.get("district")
        if district is None:
            return None
        return district.get_translation_or_none(Locale.get_default()) or district

    def clean_iban(self):
        value = self.cleaned_data["iban"]
        validate_iban(value)
        return normalise_iban(value)

    def clean_bic(self):
        value = self.cleaned_data["bic"].replace(" ", "").upper()
        if value:
            validate_bic(value)
        return value

    def clean_budget_plan(self):
        upload = self.cleaned_data["budget_plan"]
        upload.sniffed_content_type = validate_attachment(upload)
        return upload

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > conf.max_extra_attachments():
            raise ValidationError(
                _("Bitte höchstens %(count)s weitere Anlagen hochladen.")
                % {"count": conf.max_extra_attachments()}
            )
        errors = []
        for upload in uploads:
            try:
                upload.sniffed_content_type = validate_attachment(upload)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return uploads

    def clean(self):
        cleaned = super().clean()
        requested = cleaned.get("requested_amount")
        maximum = self.funding_round and self.funding_round.max_amount_per_application
        if requested and maximum and requested > maximum:
            self.add_error(
                "requested_amount",
                _("In dieser Antragsrunde sind höchstens %(max)s je Antrag möglich.")
                % {"max": euro(maximum)},
            )
        uploads = [cleaned.get("budget_plan"), *cleaned.get("attachments", [])]
        total = sum(upload.size for upload in uploads if upload)
        if total > conf.max_total_size():
            self.add_error(
                "attachments",
                ValidationError(
                    FILES_TOO_LARGE_MESSAGE % {"max": filesizeformat(conf.max_total_size())},
                    code="files_too_large",
                ),
            )
        return cleaned

    def uploads(self):
        """(kind, file) pairs of the valid uploads, the budget plan first."""
        from .models import GrantAttachment

        yield GrantAttachment.Kind.BUDGET_PLAN, self.cleaned_data["budget_plan"]
        for upload in self.cleaned_data["attachments"]:
            yield GrantAttachment.Kind.OTHER, upload


class StatusChangeForm(forms.Form):
    """A clerk moves an application on in the workflow, with a note for the history."""

    status = forms.ChoiceField(label=_("Neuer Status"))
    granted_amount = EuroField(
        label=_("Bewilligter Betrag (EUR)"),
        required=False,
        help_text=_("Pflicht bei „Bewilligt“."),
    )
    question = forms.CharField(
        label=_("Rückfrage an die Antragstellerin oder den Antragsteller"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        help_text=_(
            "Pflicht bei „Rückfrage“. Geht immer per E-Mail an die Ansprechperson und steht auf "
            "ihrer Statusseite, wo sie antworten und Unterlagen nachreichen kann."
        ),
    )
    note = forms.CharField(
        label=_("Notiz"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wird in der Historie gespeichert und, wenn gewählt, in der E-Mail mitgeschickt "
            "(bei „Rückfrage“ bleibt sie intern)."
        ),
    )
    notify_applicant = forms.BooleanField(
        label=_("Antragsteller*in per E-Mail benachrichtigen"), required=False
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["status"].choices = [
            (status.value, status.label) for status in application.allowed_next_statuses
        ]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        amount = cleaned.get("granted_amount")
        if "granted_amount" in self.errors:  # an unreadable amount has its own message
            return cleaned
        if status == ApplicationStatus.GRANTED:
            if not amount:
                self.add_error("granted_amount", _("Bitte den bewilligten Betrag angeben."))
            elif amount > self.application.requested_amount:
                self.add_error(
                    "granted_amount",
                    _("Der bewilligte Betrag darf den beantragten (%(amount)s) nicht übersteigen.")
                    % {"amount": euro(self.application.requested_amount)},
                )
        elif amount:
            self.add_error("granted_amount", _("Ein Betrag wird nur bei „Bewilligt“ gespeichert."))
        question = cleaned.get("question", "").strip()
        if status == ApplicationStatus.QUERY and not question:
            self.add_error("question", _("Bitte schreiben Sie die Rückfrage."))
        elif question and status != ApplicationStatus.QUERY:
            self.add_error("question", _("Eine Rückfrage wird nur bei „Rückfrage“ gespeichert."))
        return cleaned


def validate_uploads(uploads):
    """The checks of the form's further attachments, for files sent later: count, each file's
    size and content, and their sum."""
    if len(uploads) > conf.max_extra_attachments():
        raise ValidationError(
            _("Bitte höchstens %(count)s Dateien auf einmal hochladen.")
            % {"count": conf.max_extra_attachments()}
        )
    errors = []
    for upload in uploads:
        try:
            upload.sniffed_content_type = validate_attachment(upload)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    if sum(upload.size for upload in uploads) > conf.max_total_size():
        raise ValidationError(
            _("Alle Dateien zusammen dürfen höchstens %(max)s groß sein.")
            % {"max": filesizeformat(conf.max_total_size())}
        )
    return uploads


class QueryAnswerForm(forms.Form):
    """The applicant's answer to a staff query: text, files, or both."""

    text = forms.CharField(
        label=_("Ihre Antwort"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
    )
    attachments = MultipleFileField(
        label=_("Unterlagen nachreichen"),
        required=False,
        help_text=_(
            "Freiwillig, bis zu %(count)s Dateien. Erlaubt: %(types)s; höchstens %(max)s je Datei."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = self.fields["attachments"].help_text % {
            "count": conf.max_extra_attachments(),
            "types": ALLOWED_TYPES_LABEL,
            "max": filesizeformat(conf.max_file_size()),
        }

    def clean_attachments(self):
        return validate_uploads(self.cleaned_data["attachments"])

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not cleaned.get("text", "").strip()
            and not cleaned.get("attachments")
        ):
            raise ValidationError(
                _("Bitte schreiben Sie eine Antwort oder laden Sie mindestens eine Datei hoch.")
            )
        return cleaned


class WithdrawalForm(forms.Form):
    """The confirmation of „Antrag zurückziehen“, with an optional reason for the office."""

    reason = forms.CharField(
        label=_("Grund (freiwillig)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
        help_text=_("Hilft uns, das Förderprogramm zu verbessern."),
    )
