"""What an applicant does on the status page: answer a query („Rückfrage“), withdraw.

Each action is one transaction that writes the application's history and queues the office's
notice (through the mail outbox, like every grants mail).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import emails
from .models import (
    ApplicationMessage,
    ApplicationStatus,
    GrantApplication,
    GrantAttachment,
    MailDelivery,
)
from .storage import private_storage
from .validators import safe_filename
from .workflow import TransitionNotAllowed, change_status


class NoOpenQuery(TransitionNotAllowed):
    pass


def _store_uploads(application, message, uploads, written):
    for upload in uploads:
        attachment = GrantAttachment(
            application=application,
            message=message,
            kind=GrantAttachment.Kind.OTHER,
            original_name=safe_filename(upload.name),
            content_type=upload.sniffed_content_type,
            size=upload.size,
        )
        attachment.file.save(upload.name, upload, save=False)
        written.append(attachment.file.name)
        attachment.save()


def answer_query(application, *, text, uploads, mail_context=None):
    """Store the applicant's answer with its files; the application goes back to „In
    Prüfung“ (the office's turn again) and the office is told. Returns the message.

    Raises NoOpenQuery when no query is open (any more). Files written before a rollback are
    removed again.
    """
    written = []
    try:
        with transaction.atomic():
            application = GrantApplication.objects.select_for_update().get(pk=application.pk)
            if not application.awaits_answer:
                raise NoOpenQuery(_("Zu diesem Antrag ist keine Rückfrage offen."))
            change = change_status(
                application, to_status=ApplicationStatus.IN_REVIEW, by_applicant=True
            )
            message = ApplicationMessage.objects.create(
                application=application,
                author=ApplicationMessage.Author.APPLICANT,
                text=text.strip(),
                status_change=change,
                created_at=change.changed_at,
            )
            _store_uploads(application, message, uploads, written)
            emails.queue(
                [
                    emails.create_office_mail(
                        application,
                        MailDelivery.Kind.ANSWER,
                        "grants/emails/office_answer.txt",
                        {"message": message, **(mail_context or {})},
                    )
                ]
            )
    except BaseException:
        for name in written:
            private_storage.delete(name)
        raise
    return message


@transaction.atomic
def withdraw(application, *, reason="", mail_context=None):
    """Withdraw the application at the applicant's wish (TransitionNotAllowed once it is
    decided); the applicant gets the usual status mail, the office a notice."""
    change = change_status(
        application,
        to_status=ApplicationStatus.WITHDRAWN,
        note=reason.strip(),
        notify=True,
        mail_context=mail_context,
        by_applicant=True,
    )
    application.refresh_from_db()
    emails.queue(
        [
            emails.create_office_mail(
                application,
                MailDelivery.Kind.WITHDRAWAL,
                "grants/emails/office_withdrawal.txt",
                {"change": change, **(mail_context or {})},
            )
        ]
    )
    return change
