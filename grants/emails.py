"""The e-mails of the grants process: written to MailDelivery rows, sent by a background task.

Every mail is rendered and stored in the transaction that causes it, then queued after the
commit. If the mail server is down the row stays `failed` with the error; `send_grant_mails`
(cron) and the admin's "Erneut senden" deliver it later. Nothing is lost, nothing is sent twice
once it succeeded.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from . import conf, decisions, drafts, status_links
from .models import GrantApplicationPage, MailDelivery

logger = logging.getLogger(__name__)


def _render(template, context):
    """Subject (first line) and body of a plain-text mail template."""
    text = render_to_string(template, context).strip()
    subject, _sep, body = text.partition("\n")
    return subject.strip(), body.strip() + "\n"


def mail_defaults():
    """Context every mail template gets, before the caller's context (which may override it)."""
    return {
        "committee_name": conf.committee_name(),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }


def create_delivery(
    application, kind, recipients, template, context, reply_to=(), language=None, letter=None
):
    """Render the mail (in `language`, default: the site's; times in the site's time zone,
    whoever's request renders it) into an outbox row."""
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(timezone.get_default_timezone()),
    ):
        subject, body = _render(
            template, {**mail_defaults(), "application": application, **context}
        )
    return MailDelivery.objects.create(
        application=application,
        kind=kind,
        recipients=list(recipients),
        reply_to=list(reply_to),
        subject=subject,
        body=body,
        letter=letter,
    )


def admin_url(application):
    """The absolute URL of the application in the Wagtail admin, or ""."""
    try:
        path = reverse("grants_applications:inspect", args=[application.pk])
    except NoReverseMatch:
        return ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def office_addresses(page):
    """Where the office reads about applications: the form page's recipients (else the office
    e-mail); the first of them is the Reply-To of every mail to the applicant."""
    return page.get_notification_recipients() if page else []


def status_link_context(application, token=None):
    """`status_url` with a newly registered link (`token`, else a new one), and the `office`
    of the form page's site; empty when no form page is live (nowhere to link to)."""
    page = GrantApplicationPage.for_application(application)
    if page is None:
        return {}
    token = token or status_links.generate()
    status_links.register(application, token)
    return {"status_url": page.get_status_url(token), "office": page.get_office_settings()}


def create_applicant_mail(application, kind, template, context, token=None, letter=None):
    """A mail to the applicant in their language, with a status link (`token`, else a new
    one) and the office as Reply-To (so that „antworten Sie auf diese E-Mail“ is true);
    a rendered decision `letter` goes with it as PDF."""
    letter = letter if letter is not None and letter.is_rendered else None
    if letter is not None:
        context = {**context, "letter": letter}
    reply_to = office_addresses(GrantApplicationPage.for_application(application))[:1]
    context = {**status_link_context(application, token), **context, "reply_to": reply_to}
    return create_delivery(
        application,
        kind,
        [application.contact_email],
        template,
        context,
        reply_to=reply_to,
        language=application.language,
        letter=letter,
    )


def create_submission_mails(application, office_recipients, context):
    """The applicant's confirmation (with the status link of `context["status_token"]`, if
    given) and the office's notification of a new application."""
    context = {"admin_url": admin_url(application), **context}
    link = status_link_context(application, context.pop("status_token", None))
    deliveries = [
        create_delivery(
            application,
            MailDelivery.Kind.CONFIRMATION,
            [application.contact_email],
            "grants/emails/confirmation.txt",
            {**link, **context, "reply_to": office_recipients[:1]},
            reply_to=office_recipients[:1],
            language=application.language,
        )
    ]
    if office_recipients:
        deliveries.append(
            create_delivery(
                application,
                MailDelivery.Kind.OFFICE_NOTIFICATION,
                office_recipients,
                "grants/emails/office_notification.txt",
                context,
                reply_to=[application.contact_email],
            )
        )
    return deliveries


def create_status_mail(application, change, context, letter=None):
    """The applicant's notice of a status change (with the question of a query, or the
    decision letter of a decision as PDF)."""
    question = change.messages.filter(author="office").first()
    return create_applicant_mail(
        application,
        MailDelivery.Kind.STATUS,
        "grants/emails/status_change.txt",
        {"change": change, "question": question, **context},
        letter=letter,
    )


def create_letter_mail(application, letter, context):
    """The decision letter on its own (rendered only after the status mail went without)."""
    return create_applicant_mail(
        application,
        MailDelivery.Kind.DECISION,
        "grants/emails/decision_letter.txt",
        {"letter": letter, **context},
        letter=letter,
    )


def create_status_link_mail(application, context):
    """The applicant's new status link (after staff revoked the old ones)."""
    return create_applicant_mail(
        application, MailDelivery.Kind.STATUS_LINK, "grants/emails/status_link.txt", context
    )


def create_draft_mail(draft, address, context):
    """The resume link of a draft („Zwischenspeichern“) to the address typed in it, in the
    draft's language; the office as Reply-To. A draft has no application: the row belongs to
    the draft and goes with it."""
    page = GrantApplicationPage.for_application(draft)
    reply_to = office_addresses(page)[:1]
    with (
        translation.override(draft.language or settings.LANGUAGE_CODE),
        timezone.override(timezone.get_default_timezone()),
    ):
        subject, body = _render(
            "grants/emails/draft_link.txt",
            {
                **mail_defaults(),
                "draft": draft,
                "contact_name": (draft.data.get("contact_name") or [""])[-1].strip(),
                "reply_to": reply_to,
                **context,
            },
        )
    return MailDelivery.objects.create(
        draft=draft,
        kind=MailDelivery.Kind.DRAFT_LINK,
        recipients=[address],
        reply_to=reply_to,
        subject=subject,
        body=body,
    )


def create_office_mail(application, kind, template, context):
    """A notice to the office about something the applicant did; Reply-To: the applicant.
    None when the office has no address."""
    recipients = office_addresses(GrantApplicationPage.for_application(application))
    if not recipients:
        return None
    return create_delivery(
        application,
        kind,
        recipients,
        template,
        {"admin_url": admin_url(application), **context},
        reply_to=[application.contact_email],
    )


def queue(deliveries):
    """Hand the deliveries to the task backend once the surrounding transaction committed."""
    from .tasks import deliver_mail

    ids = [delivery.pk for delivery in deliveries if delivery is not None]

    def enqueue():
        for delivery_id in ids:
            try:
                deliver_mail.enqueue(delivery_id)
            except Exception:  # the row stays pending; send_grant_mails picks it up
                logger.exception("Could not queue grant mail %s", delivery_id)

    transaction.on_commit(enqueue)


def send_delivery(delivery_id):
    """Send one stored mail now; record success or the error. Returns the new status."""
    with transaction.atomic():
        delivery = MailDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status == MailDelivery.Status.SENT:
            return delivery.status
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        message = EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=delivery.recipients,
            reply_to=delivery.reply_to or None,
        )
        try:
            attachment = decisions.letter_attachment(delivery)
            if attachment is not None:
                message.attach(*attachment)
            message.send(fail_silently=False)
        except Exception as error:  # SMTP and socket errors alike: record and retry later
            delivery.status = MailDelivery.Status.FAILED
            delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
            logger.warning("Grant mail %s failed: %s", delivery.pk, delivery.last_error)
        else:
            delivery.status = MailDelivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.last_error = ""
            # Once sent, the stored copy no longer needs the secret of its link.
            delivery.body = drafts.redact(status_links.redact(delivery.body))
        delivery.save()
        return delivery.status


def retry_due(max_attempts=None):
    """Send every pending or failed mail below the attempt limit; return (sent, failed)."""
    max_attempts = max_attempts or conf.mail_max_attempts()
    due = MailDelivery.objects.exclude(status=MailDelivery.Status.SENT).filter(
        attempts__lt=max_attempts
    )
    sent = failed = 0
    for delivery_id in due.order_by("created_at", "pk").values_list("pk", flat=True):
        if send_delivery(delivery_id) == MailDelivery.Status.SENT:
            sent += 1
        else:
            failed += 1
    return sent, failed
