"""The status workflow of an application: every change is checked and recorded."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import decisions, emails
from .models import ApplicationMessage, ApplicationStatus, GrantApplication, StatusChange


class TransitionNotAllowed(ValueError):
    pass


@transaction.atomic
def change_status(
    application,
    *,
    to_status,
    user=None,
    note="",
    granted_amount=None,
    notify=False,
    mail_context=None,
    question="",
    by_applicant=False,
    conditions="",
    reasons="",
):
    """Move the application to `to_status`, record who/when/from/to/note; maybe e-mail it.

    A query („Rückfrage“) needs the `question`: it is stored as the office's message, which the
    applicant answers on the status page, and always e-mailed (a question nobody reads would
    stall the application). `by_applicant` marks steps the applicant took on that page.

    A decision (granted, rejected) issues its letter (grants.decisions) with the `conditions`
    of a grant or the `reasons` of a rejection; the status mail carries it as PDF. A letter
    that fails to render is recorded on its row and never undoes the decision.
    """
    application = GrantApplication.objects.select_for_update().get(pk=application.pk)
    if to_status not in application.allowed_next_statuses:
        raise TransitionNotAllowed(
            _("Von „%(from)s“ kann nicht zu „%(to)s“ gewechselt werden.")
            % {
                "from": application.get_status_display(),
                "to": ApplicationStatus(to_status).label,
            }
        )
    if to_status == ApplicationStatus.GRANTED and not granted_amount:
        raise TransitionNotAllowed(_("Eine Bewilligung braucht einen Betrag."))
    is_query = to_status == ApplicationStatus.QUERY
    if is_query and not question.strip():
        raise TransitionNotAllowed(_("Eine Rückfrage braucht den Text der Frage."))
    notify = notify or is_query
    change = StatusChange.objects.create(
        application=application,
        changed_by=user,
        from_status=application.status,
        to_status=to_status,
        note=note,
        applicant_notified=notify,
        by_applicant=by_applicant,
    )
    if is_query:
        ApplicationMessage.objects.create(
            application=application,
            author=ApplicationMessage.Author.OFFICE,
            written_by=user,
            text=question.strip(),
            status_change=change,
            created_at=change.changed_at,
        )
    application.status = to_status
    if to_status == ApplicationStatus.GRANTED:
        application.granted_amount = granted_amount
    application.save(update_fields=["status", "granted_amount"])
    mail_context = mail_context or {}
    letter = None
    if to_status in decisions.LETTER_KINDS:
        letter = decisions.issue(
            application,
            change,
            conditions=conditions,
            reasons=reasons,
            user=user,
            office=mail_context.get("office"),
        )
    if notify:
        emails.queue([emails.create_status_mail(application, change, mail_context, letter=letter)])
    return change
