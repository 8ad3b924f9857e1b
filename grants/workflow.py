"""The status workflow of an application: every change is checked and recorded."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import emails
from .models import ApplicationStatus, GrantApplication, StatusChange


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
):
    """Move the application to `to_status`, record who/when/from/to/note; maybe e-mail it."""
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
    change = StatusChange.objects.create(
        application=application,
        changed_by=user,
        from_status=application.status,
        to_status=to_status,
        note=note,
        applicant_notified=notify,
    )
    application.status = to_status
    if to_status == ApplicationStatus.GRANTED:
        application.granted_amount = granted_amount
    application.save(update_fields=["status", "granted_amount"])
    if notify:
        emails.queue([emails.create_status_mail(application, change, mail_context or {})])
    return change
