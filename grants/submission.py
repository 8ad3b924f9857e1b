"""Storing a valid application: one transaction for data, reference number, files and mails.

Shared by the HTML form (GrantApplicationPage) and, later, the submission API.
"""

from django.db import transaction
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from . import emails, tokens
from .models import GrantAttachment, StatusChange
from .reference import next_reference
from .storage import private_storage
from .validators import safe_filename


def applicant_language():
    """The language the applicant used (the request's active language), for their e-mails."""
    return get_supported_content_language_variant(translation.get_language() or "de")


def submit_application(form, funding_round, office_recipients, mail_context=None, claim=None):
    """Save the validated form as a new application and queue its e-mails; return it.

    `claim` (grants.tokens.Claim) is recorded with it: a concurrent submission with the same
    claim raises IntegrityError here, before any file is written. Files are written inside the
    transaction; if it rolls back they are removed again, so that neither rows without files
    nor files without rows remain.
    """
    written = []
    try:
        with transaction.atomic():
            application = form.save(commit=False)
            application.funding_round = funding_round
            application.language = applicant_language()
            application.reference_year = funding_round.year
            application.reference, application.reference_number = next_reference(funding_round.year)
            application.save()
            if claim is not None:
                tokens.record(claim, application)
            form.save_related(application)
            for kind, upload in form.uploads():
                attachment = GrantAttachment(
                    application=application,
                    kind=kind,
                    original_name=safe_filename(upload.name),
                    content_type=upload.sniffed_content_type,
                    size=upload.size,
                    question_key=getattr(upload, "question_key", ""),
                )
                attachment.file.save(upload.name, upload, save=False)
                written.append(attachment.file.name)
                attachment.save()
            StatusChange.objects.create(application=application, to_status=application.status)
            deliveries = emails.create_submission_mails(
                application, office_recipients, mail_context or {}
            )
            emails.queue(deliveries)
    except BaseException:
        for name in written:
            private_storage.delete(name)
        raise
    return application
