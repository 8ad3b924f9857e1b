"""Applications, their attachments, their status history and the reference counter."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..storage import get_private_storage
from ..validators import phone_validator, postcode_validator, validate_bic, validate_iban

POSITIVE = [MinValueValidator(Decimal("0.01"), _("Bitte einen Betrag größer als 0 angeben."))]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), _("Der Betrag darf nicht negativ sein."))]


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Eingegangen")
    IN_REVIEW = "in_review", _("In Prüfung")
    QUERY = "query", _("Rückfrage")
    FOR_DECISION = "for_decision", _("Zur Beschlussfassung")
    GRANTED = "granted", _("Bewilligt")
    REJECTED = "rejected", _("Abgelehnt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


S = ApplicationStatus
#: The status workflow: which status may follow which. Decided applications are final.
TRANSITIONS = {
    S.RECEIVED: [S.IN_REVIEW, S.REJECTED, S.WITHDRAWN],
    S.IN_REVIEW: [S.QUERY, S.FOR_DECISION, S.REJECTED, S.WITHDRAWN],
    S.QUERY: [S.IN_REVIEW, S.FOR_DECISION, S.REJECTED, S.WITHDRAWN],
    S.FOR_DECISION: [S.GRANTED, S.REJECTED, S.IN_REVIEW, S.WITHDRAWN],
    S.GRANTED: [],
    S.REJECTED: [],
    S.WITHDRAWN: [],
}


#: What each status means for the applicant, as their status page says it.
APPLICANT_EXPLANATIONS = {
    S.RECEIVED: _(
        "Ihr Antrag ist bei uns eingegangen. Wir prüfen ihn bald auf Vollständigkeit; Sie müssen "
        "im Moment nichts tun."
    ),
    S.IN_REVIEW: _(
        "Wir prüfen Ihren Antrag. Wenn wir etwas wissen müssen, stellen wir Ihnen hier eine "
        "Rückfrage und schreiben Ihnen eine E-Mail."
    ),
    S.QUERY: _(
        "Wir haben eine Rückfrage zu Ihrem Antrag. Bitte beantworten Sie sie unten; dort können "
        "Sie auch Unterlagen nachreichen. Erst danach prüfen wir weiter."
    ),
    S.FOR_DECISION: _(
        "Die Prüfung ist abgeschlossen. Ihr Antrag liegt dem Ausschuss zur Entscheidung vor; "
        "danach erhalten Sie eine Nachricht."
    ),
    S.GRANTED: _(
        "Ihr Antrag wurde bewilligt. Den Bescheid mit allen Bedingungen erhalten Sie gesondert."
    ),
    S.REJECTED: _(
        "Ihr Antrag wurde abgelehnt. Die Gründe erfahren Sie aus unserer Nachricht; bei Fragen "
        "wenden Sie sich bitte an das Büro."
    ),
    S.WITHDRAWN: _("Der Antrag wurde zurückgezogen und wird nicht weiter bearbeitet."),
}


class ApplicationKind(models.TextChoices):
    PROJECT = "project", _("Projekt")
    EVENT = "event", _("Veranstaltung")


class LegalForm(models.TextChoices):
    REGISTERED_ASSOCIATION = "ev", _("Eingetragener Verein (e. V.)")
    UNREGISTERED_ASSOCIATION = "nev", _("Nicht eingetragener Verein oder Initiative")
    NONPROFIT_COMPANY = "ggmbh", _("Gemeinnützige GmbH (gGmbH)")
    FOUNDATION = "foundation", _("Stiftung")
    OTHER = "other", _("Sonstige")


#: Words of a staff search that name nobody: „Frau Demir“ finds Ayşe Demir.
SALUTATIONS = {"frau", "herr", "fr.", "hr.", "fr", "hr"}


def _case_variants(word):
    """The word as typed, lower, upper and capitalised: SQLite compares only ASCII letters
    case-insensitively („müller“ must find „Müller“, „ÇELIK“ „Çelik“)."""
    if word.isascii():
        return {word}
    return {word, word.lower(), word.upper(), word.capitalize()}


class ApplicationQuerySet(models.QuerySet):
    #: What the staff's search looks in (admin list): the record, the organisation, the
    #: project, the contact person and the place.
    SEARCH_FIELDS = (
        "reference",
        "organisation_name",
        "title",
        "contact_name",
        "contact_email",
        "city",
    )

    def search(self, text, fields=SEARCH_FIELDS):
        """Applications in which every word of `text` is part of one of `fields`, in any case
        and on every database: „demir“, „Demir Malstatt“, „ayse.demir@“, „2026-004“."""
        words = text.split()
        named = [word for word in words if word.lower() not in SALUTATIONS]
        query = models.Q()
        for word in named or words:
            query &= models.Q.create(
                [
                    (f"{field}__icontains", variant)
                    for field in fields
                    for variant in _case_variants(word)
                ],
                connector=models.Q.OR,
            )
        return self.filter(query)


class GrantApplication(models.Model):
    """An application as submitted; not search-indexed so that no copy of it leaves this table."""

    funding_round = models.ForeignKey(
        "grants.FundingRound",
        verbose_name=_("Antragsrunde"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    reference = models.CharField(_("Aktenzeichen"), max_length=30, unique=True, editable=False)
    reference_year = models.PositiveSmallIntegerField(_("Jahr des Aktenzeichens"), editable=False)
    reference_number = models.PositiveIntegerField(_("Laufende Nummer"), editable=False)
    submitted_at = models.DateTimeField(_("Eingegangen am"), default=timezone.now, editable=False)
    status = models.CharField(
        _("Status"), max_length=20, choices=ApplicationStatus.choices, default=S.RECEIVED
    )
    granted_amount = models.DecimalField(
        _("Bewilligter Betrag (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=POSITIVE,
    )

    language = models.CharField(
        _("Sprache des Antrags"),
        max_length=10,
        default="de",
        editable=False,
        help_text=_("In dieser Sprache erhält die Antragstellerin oder der Antragsteller E-Mails."),
    )

    # Organisation
    organisation_name = models.CharField(_("Name der Organisation"), max_length=200)
    legal_form = models.CharField(_("Rechtsform"), max_length=20, choices=LegalForm.choices)
    register_number = models.CharField(
        _("Registernummer"),
        max_length=50,
        blank=True,
        help_text=_("Falls vorhanden, z. B. „VR 1234“ beim Amtsgericht."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postcode = models.CharField(_("Postleitzahl"), max_length=5, validators=[postcode_validator])
    city = models.CharField(pgettext_lazy("address", "Ort"), max_length=100)

    # Contact person
    contact_name = models.CharField(_("Name der Ansprechperson"), max_length=200)
    contact_email = models.EmailField(_("E-Mail-Adresse"))
    contact_phone = models.CharField(
        _("Telefonnummer"), max_length=30, validators=[phone_validator]
    )

    # The project or event
    kind = models.CharField(_("Art des Vorhabens"), max_length=20, choices=ApplicationKind.choices)
    title = models.CharField(_("Titel des Vorhabens"), max_length=200)
    description = models.TextField(
        _("Beschreibung"),
        max_length=5000,
        help_text=_("Was haben Sie vor, mit wem, und was soll es bewirken?"),
    )
    target_group = models.TextField(
        _("Zielgruppe"), max_length=1000, help_text=_("Wen möchten Sie erreichen?")
    )
    district = models.ForeignKey(
        "zib_core.District",
        verbose_name=_("Stadtteil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(
        _("Ort der Durchführung"), max_length=200, help_text=_("Z. B. Gemeindezentrum, Adresse.")
    )
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"))
    expected_participants = models.PositiveIntegerField(
        _("Erwartete Teilnehmende"), validators=[MinValueValidator(1)]
    )

    # Finances
    total_costs = models.DecimalField(
        _("Gesamtkosten (EUR)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    requested_amount = models.DecimalField(
        _("Beantragter Zuschuss (EUR)"), max_digits=12, decimal_places=2, validators=POSITIVE
    )
    own_contribution = models.DecimalField(
        _("Eigenmittel (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=NOT_NEGATIVE,
    )
    other_funding_amount = models.DecimalField(
        _("Drittmittel (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=NOT_NEGATIVE,
    )
    other_funding_source = models.CharField(_("Drittmittel: von wem?"), max_length=300, blank=True)

    # Bank account
    account_holder = models.CharField(_("Kontoinhaber*in"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])

    # Declarations
    privacy_consent = models.BooleanField(_("Einwilligung Datenschutz"), default=False)
    truth_declaration = models.BooleanField(_("Erklärung der Richtigkeit"), default=False)

    # The funding round's own questions (grants.questions): the answers by question key, and
    # the questions as they were asked, so that later edits of the round change neither.
    round_answers = models.JSONField(
        _("Antworten auf die Fragen der Runde"), default=dict, blank=True, editable=False
    )
    round_questions = models.JSONField(
        _("Fragen der Runde beim Absenden"), default=list, blank=True, editable=False
    )
    #: When the personal data were replaced by a marker (grants.privacy.anonymise).
    anonymised_at = models.DateTimeField(
        _("Anonymisiert am"), null=True, blank=True, editable=False
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Antrag")
        verbose_name_plural = _("Anträge")
        ordering = ["-submitted_at"]
        #: Reviewers (grants.permissions): only the applications assigned to them.
        permissions = [("review_grantapplication", "Zugewiesene Anträge begutachten")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference_year", "reference_number"],
                name="grants_unique_reference_per_year",
            )
        ]

    def __str__(self):
        return f"{self.reference} – {self.organisation_name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if self.requested_amount and self.total_costs and self.requested_amount > self.total_costs:
            errors["requested_amount"] = _(
                "Der beantragte Zuschuss darf nicht höher sein als die Gesamtkosten."
            )
        if self.other_funding_amount and not self.other_funding_source.strip():
            errors["other_funding_source"] = _("Bitte geben Sie an, wer die Drittmittel gibt.")
        if errors:
            raise ValidationError(errors)

    @property
    def allowed_next_statuses(self):
        return TRANSITIONS[ApplicationStatus(self.status)]

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None

    @property
    def is_final(self):
        return not self.allowed_next_statuses

    @property
    def can_be_withdrawn(self):
        return ApplicationStatus.WITHDRAWN in self.allowed_next_statuses

    @property
    def awaits_answer(self):
        """A staff query is open: the applicant may answer on the status page."""
        return self.status == ApplicationStatus.QUERY

    @property
    def status_explanation(self):
        return APPLICANT_EXPLANATIONS[ApplicationStatus(self.status)]


def attachment_path(instance, filename):
    """A random name below the year: the original name is kept in the database only."""
    suffix = PurePath(filename).suffix.lower()[:10]
    year = instance.application.reference_year if instance.application_id else "unassigned"
    return f"{year}/{uuid.uuid4().hex}{suffix}"


class GrantAttachment(models.Model):
    class Kind(models.TextChoices):
        BUDGET_PLAN = "budget_plan", _("Kosten- und Finanzierungsplan")
        OTHER = "other", _("Weitere Anlage")
        QUESTION = "question", _("Antwort auf eine Frage der Runde")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("Datei"), storage=get_private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateiformat"), max_length=100)
    size = models.PositiveBigIntegerField(_("Größe (Bytes)"))
    #: For a file answering one of the round's questions: the question's key.
    question_key = models.CharField(_("Frage"), max_length=50, blank=True)
    #: The applicant's answer that brought this file after submission (None: with the form).
    message = models.ForeignKey(
        "grants.ApplicationMessage",
        verbose_name=_("Nachgereicht mit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )

    class Meta:
        verbose_name = _("Anlage")
        verbose_name_plural = _("Anlagen")
        ordering = ["application", "kind", "pk"]

    def __str__(self):
        return self.original_name


@receiver(models.signals.post_delete, sender=GrantAttachment)
def delete_attachment_file(sender, instance, **kwargs):
    """The file goes with its row (admin delete, cascades), once the deletion is committed."""
    if instance.file.name:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class StatusChange(models.Model):
    """One step in an application's status history; written by every status change."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    changed_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geändert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("Vorher"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("Nachher"), max_length=20, choices=ApplicationStatus.choices)
    note = models.TextField(_("Notiz"), blank=True)
    applicant_notified = models.BooleanField(_("Antragsteller*in benachrichtigt"), default=False)
    #: Taken by the applicant on the status page (answer to a query, withdrawal).
    by_applicant = models.BooleanField(_("Durch Antragsteller*in"), default=False)

    class Meta:
        verbose_name = _("Statusänderung")
        verbose_name_plural = _("Statusänderungen")
        ordering = ["application", "changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def note_for_applicant(self):
        """The note as the applicant got it: only when it was e-mailed to them, and never for a
        query (there the question is the applicant's text; the note stays internal)."""
        if not self.applicant_notified or self.to_status == ApplicationStatus.QUERY:
            return ""
        return self.note


class ReferenceCounter(models.Model):
    """The last reference number handed out per year (see grants.reference)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Zähler für Aktenzeichen")

    def __str__(self):
        return f"{self.year}: {self.last_number}"
