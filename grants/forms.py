"""The public application form and the staff's status-change form."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from zib_wagtail.core.models import District

from . import conf, payload
from . import questions as round_questions
from .fields import EuroField, euro
from .financing import PLAN_ERROR, TABLES, FinancingPlanMixin
from .models import ApplicationKind, ApplicationStatus, GrantApplication
from .steps import REVIEW, FormStepsMixin
from .validators import (
    ALLOWED_TYPES_LABEL,
    FILES_TOO_LARGE_MESSAGE,
    TOO_LARGE_CODES,
    normalise_iban,
    validate_attachment,
    validate_bic,
    validate_iban,
)


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

#: Where the form shows the funding round's own questions (one field each, grants.questions).
QUESTIONS = "questions"
#: Where it shows the sums of the financing plan and whether it balances.
PLAN_SUMMARY = "plan_summary"

#: The form in its steps (grants.steps), each step in fieldsets (legend, field names):
#: organisation, project (with the round's questions), finances, documents, and the review
#: with the declarations, where it is sent.
STEPS = [
    (
        "organisation",
        _("Organisation"),
        [
            (
                _("Ihre Organisation"),
                [
                    "organisation_name",
                    "legal_form",
                    "register_number",
                    "street",
                    "postcode",
                    "city",
                ],
            ),
            (_("Ansprechperson"), ["contact_name", "contact_email", "contact_phone"]),
        ],
    ),
    (
        "project",
        _("Vorhaben"),
        [
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
            (_("Fragen zu dieser Antragsrunde"), [QUESTIONS]),
        ],
    ),
    (
        "finances",
        _("Finanzen"),
        [
            (_("Kosten und Finanzierung"), [*TABLES, "requested_amount", PLAN_SUMMARY]),
            (_("Bankverbindung"), ["account_holder", "iban", "bic"]),
        ],
    ),
    ("documents", _("Anlagen"), [(_("Anlagen"), ["budget_plan", "attachments"])]),
    (
        REVIEW,
        _("Prüfen und absenden"),
        [(_("Erklärungen"), ["privacy_consent", "truth_declaration"])],
    ),
]
#: The form's fieldsets in the order it shows them, over all steps.
FIELDSETS = [fieldset for _key, _title, fieldsets in STEPS for fieldset in fieldsets]


#: Form fields stored as attachments rather than as fields of the application.
UPLOAD_FIELDS = ("budget_plan", "attachments")
#: Stored fields the committee's exports leave out: bank details and declarations.
NOT_EXPORTED = ("account_holder", "iban", "bic", "privacy_consent", "truth_declaration")
#: Entries of FIELDSETS that are parts of the form rather than its fields, with the fields of
#: the application they fill: each table of the financing plan is summed up in one figure (the
#: rows are CostLine/IncomeLine), the round's answers are JSON (round_answers).
FORM_PARTS = {
    "costs": ["total_costs"],
    "own_funds": ["own_contribution"],
    "third_party": ["other_funding_amount", "other_funding_source"],
    PLAN_SUMMARY: [],
    QUESTIONS: [],
}


def step_sections():
    """[(step key, legend, names of the application's fields, form parts)] in the form's
    order."""
    result = []
    for key, _title, fieldsets in STEPS:
        for legend, names in fieldsets:
            stored = []
            for name in names:
                if name not in UPLOAD_FIELDS:
                    stored.extend(FORM_PARTS.get(name, [name]))
            parts = [name for name in names if name in FORM_PARTS]
            result.append((key, legend, stored, parts))
    return result


def sections():
    """[(legend, names of the application's fields, form parts)] in the form's order."""
    return [(legend, names, parts) for _key, legend, names, parts in step_sections()]


def stored_fieldsets():
    """The form's fieldsets with the names of the application's fields only (no uploads, the
    financing plan as its sums): the one list the admin detail view, the applicant's receipt
    and the exports are derived from."""
    return [(legend, names) for legend, names, _parts in sections() if names]


def exported_fields():
    """Names of the application's fields in the committee's exports, in form order."""
    return [
        name for _legend, names in stored_fieldsets() for name in names if name not in NOT_EXPORTED
    ]


def districts_for_active_language():
    """Each district once: in the active language where it is translated, else in the default
    language (so English applicants do not see „Malstatt“ twice)."""
    default = Locale.get_default()
    # On a page in the default language the active locale is the same row: no second query.
    same = get_supported_content_language_variant(get_language()) == default.language_code
    active = default if same else Locale.get_active()
    translated = District.objects.filter(locale=active).values("translation_key")
    return District.objects.filter(
        Q(locale=active) | (Q(locale=default) & ~Q(translation_key__in=translated))
    ).order_by("name")


@dataclass
class FormPart:
    """An entry of the form's fieldsets that is not one field: a table of the financing plan
    (`table`, a formset) or the plan's sums (`plan`, `errors`), rendered by its template."""

    name: str
    template_name: str
    table: object = None
    plan: object = None
    errors: object = None
    is_form_part = True


class GrantApplicationForm(FormStepsMixin, FinancingPlanMixin, forms.ModelForm):
    """What an association fills in; checks everything a clerk would otherwise ask back.

    Besides its fields: the financing plan's tables (grants.financing) and the funding round's
    own questions (grants.questions), one field `question_<key>` each. Shown in STEPS
    (grants.steps), bound to all of them at once.
    """

    STEPS = STEPS
    EXTRA_INPUTS = {"website": REVIEW}

    requested_amount = EuroField(label=_("Beantragter Zuschuss (EUR)"))
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
            if name not in UPLOAD_FIELDS and name not in FORM_PARTS
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

    def __init__(self, data=None, files=None, *args, funding_round=None, draft=None, **kwargs):
        self.round_questions = list(funding_round.questions.all()) if funding_round else []
        #: The draft the values come from (grants.drafts): sending the form ends it.
        self.draft = draft
        # A portal's JSON parts (cost_lines, income_lines, answers) as this form's own fields.
        data, self.payload_paths, self.payload_errors = payload.expand(data, self.round_questions)
        super().__init__(data, files, *args, **kwargs)
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
        self.init_financing_plan()
        self.init_funding_period()
        for question in self.round_questions:
            self.fields[round_questions.field_name(question.key)] = round_questions.question_field(
                question
            )

    def init_funding_period(self):
        """The round's funding period as a hint at the dates (and the date pickers' range)."""
        if self.funding_round is None:
            return
        period = self.funding_round.funding_period
        hint = _("Im Förderzeitraum der Antragsrunde: %(start)s bis %(end)s.") % {
            "start": formats.date_format(period["start"], "DATE_FORMAT"),
            "end": formats.date_format(period["end"], "DATE_FORMAT"),
        }
        for name in ("start_date", "end_date"):
            self.fields[name].help_text = hint
            self.fields[name].widget.attrs.update(
                min=period["start"].isoformat(), max=period["end"].isoformat()
            )

    def part(self, name):
        if name in self.plan_tables:
            return FormPart(name, "grants/includes/plan_table.html", table=self.plan_tables[name])
        return FormPart(
            name,
            "grants/includes/plan_summary.html",
            plan=self.plan,
            errors=self.errors.get(PLAN_ERROR) if self.is_bound else None,
        )

    def inputs_of_entry(self, name):
        """The inputs behind an entry of the fieldsets (grants.steps): a table's rows share its
        prefix, the plan's sums stand for the plan's own error, the questions for their
        fields."""
        if name in TABLES:
            return [], [name]
        if name == PLAN_SUMMARY:
            return [PLAN_ERROR], []
        if name == QUESTIONS:
            return [round_questions.field_name(q.key) for q in self.round_questions], []
        return [name], []

    def hide_part_errors(self, step):
        if any(name in TABLES for _legend, names in step.fieldsets for name in names):
            self.hide_plan_errors()

    @property
    def fieldsets(self):
        """[(legend, [bound field or FormPart, …])] of all steps."""
        return self.fieldsets_of()

    def fieldsets_of(self, step=None):
        """[(legend, [bound field or FormPart, …])] of `step` (default: all); the questions'
        fieldset only when the round asks any."""
        result = []
        fieldsets = step.fieldsets if step is not None else FIELDSETS
        for legend, names in fieldsets:
            items = []
            for name in names:
                if name == QUESTIONS:
                    items += [self[round_questions.field_name(q.key)] for q in self.round_questions]
                elif name in FORM_PARTS:
                    items.append(self.part(name))
                else:
                    items.append(self[name])
            if items:
                result.append((legend, items))
        return result

    def error_summary(self, step=None):
        """(anchor id, label, message) of every error (of `step`), in the order the form shows
        them."""
        entries = []
        for _legend, items in self.fieldsets_of(step):
            for item in items:
                if not isinstance(item, FormPart):
                    entries += [(item.auto_id, item.label, error) for error in item.errors]
                else:
                    part = PLAN_ERROR if item.name == PLAN_SUMMARY else item.name
                    entries += self.plan_error_summary(part)
        return entries

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
        validate_each_upload(uploads)
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
        self.clean_financing_plan(cleaned.get("requested_amount"))
        self.clean_funding_period(cleaned)
        self.instance.round_answers = round_questions.answers(self.round_questions, cleaned)
        self.instance.round_questions = [question.snapshot() for question in self.round_questions]
        uploads = [
            cleaned.get("budget_plan"),
            *cleaned.get("attachments", []),
            *(upload for _key, upload in round_questions.uploads(self.round_questions, cleaned)),
        ]
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

    def clean_funding_period(self, cleaned):
        """The project's dates within the round's funding period."""
        if self.funding_round is None:
            return
        period = self.funding_round.funding_period
        for name in ("start_date", "end_date"):
            day = cleaned.get(name)
            if day and not period["start"] <= day <= period["end"]:
                self.add_error(
                    name,
                    ValidationError(
                        _(
                            "Das Vorhaben muss im Förderzeitraum der Antragsrunde liegen: "
                            "%(start)s bis %(end)s."
                        )
                        % {
                            "start": formats.date_format(period["start"], "DATE_FORMAT"),
                            "end": formats.date_format(period["end"], "DATE_FORMAT"),
                        },
                        code="outside_funding_period",
                    ),
                )

    def full_clean(self):
        super().full_clean()
        if self.is_bound:
            self.merge_plan_errors()
            for path, error in self.payload_errors.items():
                self.add_error_under(path, error)

    def public_name(self, name):
        """An input's name in the submission API: `costs-0-amount` → `cost_lines[0].amount`."""
        return self.payload_paths.public(name)

    def uploads(self):
        """(kind, file) pairs of the valid uploads, the budget plan first; a file answering a
        question of the round carries the question's key (`question_key`)."""
        from .models import GrantAttachment

        yield GrantAttachment.Kind.BUDGET_PLAN, self.cleaned_data["budget_plan"]
        for upload in self.cleaned_data["attachments"]:
            yield GrantAttachment.Kind.OTHER, upload
        for key, upload in round_questions.uploads(self.round_questions, self.cleaned_data):
            upload.question_key = key
            yield GrantAttachment.Kind.QUESTION, upload

    def draft_address(self):
        """The contact address typed so far, when it is a valid one (where „Zwischenspeichern“
        sends the resume link), else ""."""
        if not self.is_bound or "contact_email" in self.errors:
            return ""
        return self.cleaned_data.get("contact_email") or ""

    def step_status(self, step):
        """The HTTP status of `step` shown with its mistakes: 413 when a file is too large."""
        too_large = any(
            error.code in TOO_LARGE_CODES
            for name, errors in self.errors.as_data().items()
            if self.step_of(name) == step.key
            for error in errors
        )
        return 413 if too_large else 200

    def file_fields(self):
        """Names of the form's file inputs (the documents and the round's file questions)."""
        return [name for name, field in self.fields.items() if isinstance(field, forms.FileField)]

    def save_related(self, application):
        """Store what belongs to the saved application besides its fields: the plan's rows.
        The draft it was typed in ends with it, in the same transaction."""
        self.save_financing_plan(application)
        if self.draft is not None and self.draft.pk is not None:
            self.draft.delete()


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
    conditions = forms.CharField(
        label=_("Auflagen und Bedingungen (für den Bescheid)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        help_text=_("Nur bei „Bewilligt“: steht im Bewilligungsbescheid. Leer: „Keine.“"),
    )
    reasons = forms.CharField(
        label=_("Gründe der Ablehnung (für den Bescheid)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        help_text=_("Nur bei „Abgelehnt“: steht im Ablehnungsbescheid."),
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
        if cleaned.get("conditions", "").strip() and status != ApplicationStatus.GRANTED:
            self.add_error("conditions", _("Auflagen gibt es nur bei „Bewilligt“."))
        if cleaned.get("reasons", "").strip() and status != ApplicationStatus.REJECTED:
            self.add_error("reasons", _("Gründe der Ablehnung gibt es nur bei „Abgelehnt“."))
        return cleaned


def validate_each_upload(uploads):
    """Check each file's size and content (noting its sniffed type); all errors at once."""
    errors = []
    for upload in uploads:
        try:
            upload.sniffed_content_type = validate_attachment(upload)
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)


def validate_uploads(uploads):
    """The checks of the form's further attachments, for files sent later: count, each file's
    size and content, and their sum."""
    if len(uploads) > conf.max_extra_attachments():
        raise ValidationError(
            _("Bitte höchstens %(count)s Dateien auf einmal hochladen.")
            % {"count": conf.max_extra_attachments()}
        )
    validate_each_upload(uploads)
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
