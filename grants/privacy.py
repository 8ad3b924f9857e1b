"""Data-protection requests on one application (DSGVO): „Auskunft“ (everything stored about the
applicant, as JSON and PDF), „Anonymisieren“ (personal data replaced by a marker, files
deleted, amounts, statistics, round and status kept) and „Löschen“ with four eyes (one person
asks, a second one confirms). Every look at personal data is written to the access log.

The admin views (grants.privacy_views) only call these functions.
"""

import datetime
import json

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import pdf, questions, status_links
from .fields import euro
from .forms import stored_fieldsets
from .models import (
    AccessLog,
    ApplicationMessage,
    CostLine,
    DecisionLetter,
    DeletionRequest,
    GrantApplication,
    GrantAttachment,
    IncomeLine,
    InternalComment,
    MailDelivery,
    Review,
    ReviewAssignment,
    StatusChange,
    StatusLink,
    SubmissionToken,
)
from .models.questions import QuestionType

#: What anonymised text reads.
MARKER = "[anonymisiert]"

#: Every kind of row that belongs to an application, and what anonymising does to it: None
#: deletes the rows (their files go with them), a tuple names the text fields replaced by the
#: marker, () keeps the rows as they are (no personal data). A model that points to
#: GrantApplication and is missing here is refused by tests/grants/test_privacy.py, so that
#: every new one is decided on.
RELATED = {
    GrantAttachment: None,
    DecisionLetter: None,
    StatusLink: None,
    ApplicationMessage: ("text",),
    StatusChange: ("note",),
    MailDelivery: ("recipients", "reply_to", "subject", "body"),
    CostLine: ("description",),
    IncomeLine: ("description",),
    InternalComment: ("text",),
    ReviewAssignment: ("conflict_reason",),
    SubmissionToken: ("response",),
    DeletionRequest: ("reason",),
    AccessLog: (),
}
#: Rows two steps away: (model, lookup to the application, text fields).
INDIRECT = [(Review, "assignment__application", ("comment",))]


# --- Access log ----------------------------------------------------------------------------------


def log_access(user, action, application=None, funding_round=None, detail=""):
    """Record that `user` looked at personal data (grants.models.AccessLog)."""
    return AccessLog.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username(),
        action=action,
        application=application,
        reference=application.reference if application else "",
        funding_round=funding_round or (application.funding_round if application else None),
        detail=str(detail)[:200],
    )


# --- Auskunft ----------------------------------------------------------------------------------


def _value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, timezone.get_default_timezone()).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "quantize"):
        return str(value)
    return value


def _when(value):
    if value is None:
        return "–"
    return timezone.localtime(value, timezone.get_default_timezone()).strftime("%d.%m.%Y %H:%M")


def disclosure(application):
    """Everything stored about the applicant of `application`, as plain data: the application
    as submitted, the financing plan, the answers to the round's questions, the files (name,
    kind, size), the conversation on the status page, the status history with what the
    applicant was told, and the e-mails sent to them. Internal notes, reviews and comments of
    the office are not part of it (the office decides on them case by case)."""
    fields = [
        {
            "field": name,
            "label": str(GrantApplication._meta.get_field(name).verbose_name),
            "value": _value(getattr(application, name)),
        }
        for _legend, names in stored_fieldsets()
        for name in names
    ]
    return {
        "reference": application.reference,
        "created": _value(timezone.now()),
        "funding_round": str(application.funding_round),
        "submitted_at": _value(application.submitted_at),
        "status": application.get_status_display(),
        "granted_amount": _value(application.granted_amount),
        "language": application.language,
        "anonymised_at": _value(application.anonymised_at),
        "application": fields,
        "cost_lines": [
            {
                "category": line.get_category_display(),
                "description": line.description,
                "amount": _value(line.amount),
            }
            for line in application.cost_lines.all()
        ],
        "income_lines": [
            {
                "kind": line.get_kind_display(),
                "description": line.description,
                "status": line.get_status_display(),
                "amount": _value(line.amount),
            }
            for line in application.income_lines.all()
        ],
        "round_answers": [
            {"question": question["label"], "answer": questions.display(value, question["type"])}
            for question, value in questions.answered(application)
        ],
        "attachments": [
            {
                "name": attachment.original_name,
                "kind": attachment.get_kind_display(),
                "content_type": attachment.content_type,
                "size": attachment.size,
            }
            for attachment in application.attachments.all()
        ],
        "messages": [
            {
                "at": _value(message.created_at),
                "from": message.get_author_display(),
                "text": message.text,
            }
            for message in application.messages.all()
        ],
        "status_history": [
            {
                "at": _value(change.changed_at),
                "status": change.get_to_status_display(),
                "note_sent_to_applicant": change.note_for_applicant,
            }
            for change in application.status_changes.all()
        ],
        "mails": [
            {
                "at": _value(delivery.sent_at or delivery.created_at),
                "to": delivery.recipients,
                "subject": delivery.subject,
                "body": status_links.redact(delivery.body),
            }
            for delivery in application.mail_deliveries.all()
            if application.contact_email in delivery.recipients
        ],
    }


def disclosure_json(application):
    return json.dumps(disclosure(application), ensure_ascii=False, indent=2).encode("utf-8")


def disclosure_pdf(application):
    """The same data as a letter-like PDF (grants.pdf)."""
    data = disclosure(application)
    document = pdf.Document(_("Auskunft zum Antrag %(reference)s") % data)
    document.heading(_("Auskunft über gespeicherte Daten (Art. 15 DSGVO)"))
    document.lines(
        [
            _("Aktenzeichen: %(reference)s") % data,
            _("Antragsrunde: %(funding_round)s") % data,
            _("Eingegangen am: %(date)s") % {"date": _when(application.submitted_at)},
            _("Status: %(status)s") % data,
            _("Erstellt am: %(date)s") % {"date": _when(timezone.now())},
        ]
    )
    document.space()
    document.heading(_("Angaben im Antrag"), size=11)
    document.lines(
        [f"{row['label']}: {_text(row['value'])}" for row in data["application"]], size=9.5
    )
    sections = [
        (
            _("Kosten- und Finanzierungsplan"),
            [
                f"{line.get_category_display() or _('Kosten')}: {line.description} – "
                f"{euro(line.amount)}"
                for line in application.cost_lines.all()
            ]
            + [
                f"{line.get_kind_display()}: {line.description} – {euro(line.amount)}"
                for line in application.income_lines.all()
            ],
        ),
        (
            _("Antworten auf die Fragen der Runde"),
            [f"{row['question']}: {row['answer']}" for row in data["round_answers"]],
        ),
        (
            _("Dateien"),
            [f"{row['name']} ({row['kind']}, {row['size']} Bytes)" for row in data["attachments"]],
        ),
        (
            _("Nachrichten auf der Statusseite"),
            [
                f"{_when(message.created_at)} – {message.get_author_display()}: {message.text}"
                for message in application.messages.all()
            ],
        ),
        (
            _("Statusverlauf"),
            [
                f"{_when(change.changed_at)} – {change.get_to_status_display()}"
                + (f": {change.note_for_applicant}" if change.note_for_applicant else "")
                for change in application.status_changes.all()
            ],
        ),
        (
            _("E-Mails an Sie"),
            [f"{row['at'][:16].replace('T', ' ')} – {row['subject']}" for row in data["mails"]],
        ),
    ]
    for heading, lines in sections:
        document.space(3)
        document.heading(heading, size=11)
        document.lines(lines or ["–"], size=9.5)
    document.space()
    document.paragraph(
        _(
            "Nicht enthalten sind interne Vermerke, Bewertungen und Kommentare des Büros. "
            "Die Dateien selbst erhalten Sie auf Wunsch gesondert."
        )
    )
    return document.output()


def _text(value):
    if value is None or value == "":
        return "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    return str(value)


# --- Anonymisieren -----------------------------------------------------------------------------


def personal_fields():
    """The application's own text fields that the applicant filled in: every one of the form's
    text fields, so that a field added to the form is anonymised without a list to update."""
    names = [name for _legend, names in stored_fieldsets() for name in names]
    return [
        field
        for field in map(GrantApplication._meta.get_field, names)
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def _marked(field):
    """The marker for `field`, or "" where it does not fit (postcode, BIC), [] or None for a
    JSON field."""
    if isinstance(field, models.JSONField):
        return [] if isinstance(field.default, list) or field.default is list else None
    if field.max_length and field.max_length < len(MARKER):
        return ""
    return MARKER


def _anonymised_answers(application):
    kinds = {question["key"]: question["type"] for question in application.round_questions or []}
    text_kinds = {QuestionType.TEXT, QuestionType.LONG_TEXT, QuestionType.FILE}
    return {
        key: (MARKER if kinds.get(key, QuestionType.TEXT) in text_kinds and value else value)
        for key, value in (application.round_answers or {}).items()
    }


class CannotAnonymise(ValueError):
    pass


@transaction.atomic
def anonymise(application, user, note=""):
    """Replace the applicant's personal data of a closed application by the marker, delete
    every file of it (once the transaction commits) and record the step in the status history.
    Amounts, dates, numbers, choices, district, round, status and reference stay, so that the
    round's figures and statistics do not change."""
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if application.is_anonymised:
        raise CannotAnonymise(_("Dieser Antrag ist bereits anonymisiert."))
    if not application.is_final:
        raise CannotAnonymise(
            _(
                "Nur abgeschlossene Anträge (bewilligt, abgelehnt, zurückgezogen) lassen sich "
                "anonymisieren. Ein Antrag in Bearbeitung braucht seine Angaben; soll er "
                "vorher enden, ändern Sie seinen Status, oder beantragen Sie seine Löschung."
            )
        )
    for field in personal_fields():
        setattr(application, field.attname, _marked(field))
    application.round_answers = _anonymised_answers(application)
    application.anonymised_at = timezone.now()
    application.save()
    for model, field_names in RELATED.items():
        rows = model._base_manager.filter(application=application)
        if field_names is None:
            rows.delete()  # the models' post_delete handlers remove the files after the commit
        elif field_names:
            rows.update(**{name: _marked(model._meta.get_field(name)) for name in field_names})
    for model, lookup, field_names in INDIRECT:
        model._base_manager.filter(**{lookup: application}).update(
            **{name: _marked(model._meta.get_field(name)) for name in field_names}
        )
    StatusChange.objects.create(
        application=application,
        changed_by=user,
        from_status=application.status,
        to_status=application.status,
        note=note or _("Personenbezogene Daten anonymisiert (Datenschutz)."),
    )
    return application


# --- Löschen mit Vier-Augen-Prinzip ------------------------------------------------------------


class SameReviewer(PermissionDenied):
    """The person who asked for a deletion tried to confirm it."""


def pending_deletion(application):
    return application.deletion_requests.filter(state=DeletionRequest.State.PENDING).first()


@transaction.atomic
def request_deletion(application, user, reason):
    """Ask for the deletion of `application`; nothing is deleted until someone else confirms.
    Returns the pending request (the existing one, if there is one)."""
    GrantApplication.objects.select_for_update().get(pk=application.pk)
    existing = pending_deletion(application)
    if existing:
        return existing
    return DeletionRequest.objects.create(
        application=application,
        reference=application.reference,
        reason=reason.strip(),
        requested_by=user,
    )


@transaction.atomic
def confirm_deletion(deletion, user):
    """Carry out a pending deletion as the second person: the application goes with its
    files, history and mails; the request stays as the record of it."""
    deletion = DeletionRequest.objects.select_for_update().get(pk=deletion.pk)
    if deletion.state != DeletionRequest.State.PENDING or deletion.application_id is None:
        raise ValueError(_("Dieser Löschantrag ist nicht mehr offen."))
    if deletion.requested_by_id == user.pk:
        raise SameReviewer(
            _("Die Löschung muss eine zweite Person bestätigen, nicht die, die sie beantragt hat.")
        )
    application = deletion.application
    deletion.state = DeletionRequest.State.DONE
    deletion.decided_by = user
    deletion.decided_at = timezone.now()
    deletion.save()
    # The rows that belong to it go too; their post_delete handlers remove the files (of
    # attachments and decision letters) once the transaction commits.
    application.delete()
    return deletion


@transaction.atomic
def cancel_deletion(deletion, user):
    """Withdraw a pending deletion (anyone who may ask for one)."""
    deletion = DeletionRequest.objects.select_for_update().get(pk=deletion.pk)
    if deletion.state != DeletionRequest.State.PENDING:
        raise ValueError(_("Dieser Löschantrag ist nicht mehr offen."))
    deletion.state = DeletionRequest.State.CANCELLED
    deletion.decided_by = user
    deletion.decided_at = timezone.now()
    deletion.save()
    return deletion
