"""Decision letters: when an application is granted or rejected, the notice is rendered from
its template (menu „Bescheidvorlagen“, else the default below), stored as PDF in the private
storage and attached to the status mail.

A letter that cannot be rendered never costs the decision: the status change stays, the letter
row keeps the error, the mail goes without the attachment, and the admin offers to render and
send it again (`reissue`). Letters are in German, the language of the office's notices.
"""

import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from zib_wagtail.core.conf import editorial_gap

from .fields import euro
from .models import (
    ApplicationStatus,
    DecisionLetter,
    DecisionLetterTemplate,
    GrantApplicationPage,
    LetterKind,
)
from .models.decisions import PLACEHOLDER
from .pdf import Document

logger = logging.getLogger(__name__)

#: The statuses that issue a letter, and its kind.
LETTER_KINDS = {
    ApplicationStatus.GRANTED: LetterKind.GRANTED,
    ApplicationStatus.REJECTED: LetterKind.REJECTED,
}


def default_template(kind):
    """The built-in notice of `kind` (unsaved); its open legal parts are editorial gaps."""
    gap = str(editorial_gap())
    if kind == LetterKind.GRANTED:
        return DecisionLetterTemplate(
            kind=kind,
            title="Bewilligungsbescheid",
            body=(
                "Sehr geehrte Damen und Herren,\n\n"
                "auf Ihren Antrag vom {antragsdatum} (Aktenzeichen {aktenzeichen}) bewilligen wir "
                "{organisation} für das Vorhaben „{vorhaben}“ ({zeitraum}) einen Zuschuss in Höhe "
                "von {bewilligter_betrag}. Beantragt waren {beantragter_betrag}.\n\n"
                "Auflagen und Bedingungen:\n{auflagen}\n\n"
                f"Auszahlung und Verwendungsnachweis: {gap}\n\n"
                "Mit freundlichen Grüßen\n{buero}"
            ),
            legal_remedy=gap,
        )
    return DecisionLetterTemplate(
        kind=kind,
        title="Ablehnungsbescheid",
        body=(
            "Sehr geehrte Damen und Herren,\n\n"
            "Ihren Antrag vom {antragsdatum} (Aktenzeichen {aktenzeichen}) auf einen Zuschuss "
            "von {beantragter_betrag} für das Vorhaben „{vorhaben}“ ({zeitraum}) lehnen wir ab.\n\n"
            "Gründe:\n{begruendung}\n\n"
            "Mit freundlichen Grüßen\n{buero}"
        ),
        legal_remedy=gap,
    )


def template_for(kind):
    """The template staff keep for `kind`, else the default."""
    return DecisionLetterTemplate.objects.filter(kind=kind).first() or default_template(kind)


def office_for(application):
    """The contact data of the office (OfficeSettings) of the application's form page."""
    page = GrantApplicationPage.for_application(application)
    return page.get_office_settings() if page is not None else None


def _date(value):
    return formats.date_format(value, "DATE_FORMAT")


def letter_values(letter, office=None):
    """The placeholders' values for `letter` (in the site's language)."""
    application = letter.application
    period = _("%(start)s bis %(end)s") % {
        "start": _date(application.start_date),
        "end": _date(application.end_date),
    }
    granted = application.granted_amount
    return {
        "aktenzeichen": application.reference,
        "antragsdatum": _date(timezone.localtime(application.submitted_at)),
        "organisation": application.organisation_name,
        "ansprechperson": application.contact_name,
        "anschrift": f"{application.street}, {application.postcode} {application.city}",
        "vorhaben": application.title,
        "zeitraum": period,
        "runde": application.funding_round.title,
        "beantragter_betrag": euro(application.requested_amount),
        "bewilligter_betrag": euro(granted) if granted is not None else "–",
        "auflagen": letter.conditions.strip() or _("Keine."),
        "begruendung": letter.reasons.strip() or "–",
        "datum": _date(timezone.localtime(letter.created_at)),
        "buero": (office.display_name if office is not None else "")
        or getattr(settings, "WAGTAIL_SITE_NAME", ""),
    }


def fill(text, values):
    """`text` with each {placeholder} replaced; anything else in braces stays as it is."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def render_pdf(letter, template, office=None):
    """The letter as PDF bytes: sender, recipient, date and reference, text, legal remedy."""
    application = letter.application
    values = letter_values(letter, office)
    title = fill(template.title, values)
    document = Document(f"{title} {application.reference}", author=values["buero"])
    if office is not None:
        sender = " · ".join(
            part
            for part in [values["buero"], office.street, f"{office.postcode} {office.city}".strip()]
            if part
        )
        document.lines([sender], size=8)
        document.space(6)
    document.lines(
        [
            application.organisation_name,
            _("z. Hd. %(name)s") % {"name": application.contact_name},
            application.street,
            f"{application.postcode} {application.city}",
        ]
    )
    document.space(12)
    document.lines(
        [
            _("Aktenzeichen: %(reference)s") % {"reference": application.reference},
            _("Datum: %(date)s") % {"date": values["datum"]},
        ],
        align="R",
    )
    document.space(8)
    document.heading(title)
    document.paragraph(fill(template.body, values))
    document.space(8)
    document.heading(_("Rechtsbehelfsbelehrung"), size=11)
    document.paragraph(fill(template.legal_remedy, values))
    return document.output()


def _render_into(letter, office):
    """Render and store the PDF of `letter`; on any error keep the error on the row instead."""
    try:
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            content = render_pdf(letter, template_for(letter.kind), office)
            letter.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
            letter.error = ""
            letter.save(update_fields=["file", "error"])
    except Exception as error:  # a broken template or font must not cost the decision
        logger.exception("Decision letter %s of %s failed", letter.pk, letter.application_id)
        letter.file = ""
        letter.error = f"{type(error).__name__}: {error}"[:2000]
        letter.save(update_fields=["file", "error"])
    return letter


def issue(application, change, *, conditions="", reasons="", user=None, office=None):
    """The letter of the decision `change` (granted or rejected), rendered and stored."""
    letter = DecisionLetter.objects.create(
        application=application,
        status_change=change,
        kind=LETTER_KINDS[change.to_status],
        conditions=conditions.strip(),
        reasons=reasons.strip(),
        created_by=user,
        created_at=change.changed_at,
    )
    return _render_into(letter, office if office is not None else office_for(application))


def reissue(letter, *, office=None):
    """Render a letter that failed again; if it works now, mail it to the applicant.
    Returns the new mail, or None when rendering failed again."""
    from . import emails

    with transaction.atomic():
        _render_into(letter, office if office is not None else office_for(letter.application))
        if not letter.is_rendered:
            return None
        context = {"office": office} if office is not None else {}
        delivery = emails.create_letter_mail(letter.application, letter, context)
        emails.queue([delivery])
    return delivery


def latest_letter(application):
    return application.decision_letters.order_by("-created_at", "-pk").first()


def letter_attachment(delivery):
    """(filename, bytes, type) of the PDF a mail carries, or None."""
    letter = delivery.letter
    if letter is None or not letter.file:
        return None
    with letter.file.open("rb") as handle:
        return letter.filename, handle.read(), "application/pdf"
