"""The public pages: information about grants and the online application form."""

import datetime

from django.core.exceptions import (
    ValidationError,
)
from django.core.validators import validate_email
from django.db import models
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from zib_wagtail.core.blocks import BaseStreamBlock
from zib_wagtail.core.conf import ConfiguredPageTypes
from zib_wagtail.core.models import BasePage, OfficeSettings

from .. import conf, drafts
from ..steps import REVIEW
from .form_steps import ACTION_FIELD, STEP_FIELD, SUBMIT, ApplicationFormSteps
from .rounds import FundingRound
from .status_routes import ApplicantStatusRoutes

#: Where the confirmation page finds the reference number of the last submission.
SESSION_KEY = "grants_last_reference"
#: … and the token of its status link (kept like Django keeps a password-reset token).
STATUS_TOKEN_SESSION_KEY = "grants_last_status_token"
#: Set when the last POST repeated an earlier submission (the confirmation says so once).
REPEATED_SESSION_KEY = "grants_last_repeated"

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def upload_limits():
    """The file limits for the browser's check before sending (grants/static/grants/js), with
    the server's own messages: `{name}` stands for the file's name."""
    from ..validators import FILE_TOO_LARGE_MESSAGE, FILES_TOO_LARGE_MESSAGE

    return {
        "max_file_size": conf.max_file_size(),
        "max_total_size": conf.max_total_size(),
        "file_too_large": FILE_TOO_LARGE_MESSAGE
        % {"name": "{name}", "max": filesizeformat(conf.max_file_size())},
        "files_too_large": FILES_TOO_LARGE_MESSAGE % {"max": filesizeformat(conf.max_total_size())},
    }


def files_to_choose_again(form):
    """(label, file name) of each file a POST carried that the form could not keep (refused
    by the checks, or not stored at all after a failed CSRF check): browsers cannot fill a
    file input again, so the applicant has to choose these once more."""
    return [
        (form.fields[name].label if name in form.fields else name, upload.name)
        for name, upload in getattr(form, "refused_uploads", [])
    ]


def round_context(now=None):
    """The current round and, when none is open, the next one (for the status box)."""
    current = FundingRound.objects.current(now)
    upcoming = None if current else FundingRound.objects.next_upcoming(now)
    return {"current_round": current, "next_round": upcoming}


class GrantsPage(BasePage):
    """Who can apply, what is funded, how the committee decides; with the round status box."""

    intro = models.TextField(
        _("Einleitung"),
        blank=True,
        help_text=_("Ein kurzer Absatz: Was fördert die Stadt, und für wen?"),
    )
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("Inhalt"),
        blank=True,
        help_text=_(
            "Wer kann beantragen, was wird gefördert, wie entscheidet der Ausschuss, Fristen, "
            "Downloads (Richtlinien als Dokumente) und häufige Fragen."
        ),
    )

    summary_field = "intro"
    parent_page_types = ConfiguredPageTypes("home.HomePage")
    #: The form, and content pages such as the applicants' help („Hilfe zum Antrag“).
    subpage_types = ConfiguredPageTypes("grants.GrantApplicationPage", "zib_core.StandardPage")
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("Zuschüsse (Übersicht)")

    def get_application_page(self):
        """The form below this page; for a translation without its own form, the form below
        one of its other language versions (the source first)."""
        forms = GrantApplicationPage.objects.live().public()
        page = forms.child_of(self).first()
        if page is None:
            default = Locale.get_default()
            others = sorted(self.get_translations(), key=lambda p: p.locale_id != default.id)
            for other in others:
                page = forms.child_of(other).first()
                if page is not None:
                    break
        return page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(round_context())
        context["application_page"] = self.get_application_page()
        return context


def validate_recipient_lines(value):
    for line in value.splitlines():
        if line.strip():
            try:
                validate_email(line.strip())
            except ValidationError as error:
                raise ValidationError(
                    _("„%(value)s“ ist keine gültige E-Mail-Adresse.") % {"value": line.strip()}
                ) from error


class GrantApplicationPage(
    ApplicantStatusRoutes, ApplicationFormSteps, RoutablePageMixin, BasePage
):
    """The online application form, in steps with drafts (ApplicationFormSteps); it sends only
    while a funding round is open. Its routes also serve the applicants' status pages
    (ApplicantStatusRoutes)."""

    intro = RichTextField(
        _("Einleitung"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Steht über dem Formular: Was braucht man, wie lange dauert es?"),
    )
    privacy_notice = RichTextField(
        _("Datenschutzhinweise"),
        features=TEXT_FEATURES,
        help_text=_("Wer verarbeitet die Daten wozu, wie lange, und welche Rechte bestehen."),
    )
    thank_you_text = RichTextField(
        _("Text nach dem Absenden"),
        features=TEXT_FEATURES,
        blank=True,
        help_text=_("Wird mit dem Aktenzeichen auf der Bestätigungsseite gezeigt."),
    )
    notification_recipients = models.TextField(
        _("Benachrichtigung an"),
        blank=True,
        validators=[validate_recipient_lines],
        help_text=_(
            "Eine E-Mail-Adresse pro Zeile. Leer lassen, um die E-Mail-Adresse aus den "
            "Kontaktdaten des Büros zu verwenden."
        ),
    )

    parent_page_types = ["grants.GrantsPage"]
    # Every route of the form (the form, the confirmation, applicants' status pages) answers
    # one applicant: never kept by the response cache or a CDN (zib_wagtail.core.gates).
    shared_cache = False
    subpage_types = []
    max_count_per_parent = 1
    summary_field = "intro"

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel([FieldPanel("notification_recipients")], heading=_("E-Mail"))
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    #: Public texts only: the notification recipients are internal and never exposed.
    api_fields = [APIField("intro"), APIField("privacy_notice"), APIField("thank_you_text")]

    class Meta:
        verbose_name = _("Zuschüsse (Antragsformular)")

    # --- Small overridable steps ---------------------------------------------------------------

    def get_current_round(self):
        """The open funding round, or None."""
        return FundingRound.objects.current()

    def get_form_class(self):
        from ..forms import GrantApplicationForm

        return GrantApplicationForm

    def get_form(self, *args, funding_round, **kwargs):
        return self.get_form_class()(*args, funding_round=funding_round, **kwargs)

    @classmethod
    def for_application(cls, application):
        """The live form page in the application's (or a draft's) language, else in the default
        language, else any: its site and recipients serve the mails and links."""
        pages = list(cls.objects.live().public().select_related("locale"))
        by_language = {page.locale.language_code: page for page in pages}
        default = Locale.get_default().language_code
        return (
            by_language.get(application.language)
            or by_language.get(default)
            or (pages[0] if pages else None)
        )

    def get_office_settings(self, request=None):
        if request is not None:
            return OfficeSettings.for_request(request)
        return OfficeSettings.for_site(self.get_site())

    def get_notification_recipients(self, request=None):
        """The page's recipients, else the office e-mail from OfficeSettings."""
        recipients = [line.strip() for line in self.notification_recipients.splitlines()]
        recipients = [address for address in recipients if address]
        if not recipients:
            office = self.get_office_settings(request)
            recipients = [office.email] if office.email else []
        return recipients

    def get_mail_context(self, request):
        return {
            "office": OfficeSettings.for_request(request),
            "page_url": self.get_full_url(request),
        }

    def process_form_submission(self, form, funding_round, request, claim=None):
        """Store the application with its files and its submission token (`claim`, see
        grants/tokens.py) and queue the e-mails; return it."""
        from .. import status_links
        from ..submission import submit_application

        token = status_links.generate()
        application = submit_application(
            form,
            funding_round,
            office_recipients=self.get_notification_recipients(request),
            mail_context={**self.get_mail_context(request), "status_token": token},
            claim=claim,
        )
        application.status_token = token  # in memory only, for the confirmation page
        return application

    def render_form(
        self,
        request,
        form,
        funding_round,
        status=200,
        refusal=None,
        step=None,
        show_errors=True,
        **step_context,
    ):
        """The form at `step` (default: the first); `show_errors=False` shows the step as it
        was typed, without its mistakes (a step one comes to, not one just sent)."""
        if form is not None:
            step = step or form.steps[0]
            if form.is_bound and not show_errors:
                form.hide_errors(step)
        context = {
            "form": form,
            "funding_round": funding_round,
            "refusal": refusal,
            "retry_minutes": -(-refusal.retry_after // 60)
            if refusal and refusal.retry_after
            else 0,
            "grace_minutes": conf.deadline_grace_minutes(),
            **round_context(),
            **self.get_submission_context(request, form, funding_round),
            **self.get_step_context(form, step, **step_context),
        }
        response = self.render(request, context_overrides=context)
        response.status_code = status
        return response

    def get_submission_context(self, request, form, funding_round):
        """What the form page shows besides the fields: the submission token, the limits for
        the browser's file check, the end of the grace period, the files to choose again."""
        from .. import tokens

        if form is None:
            return {}
        # A draft's pages and a re-rendered form keep their token, and so the time the form
        # was first opened.
        posted = request.POST.get(tokens.FIELD_NAME) if request.method == "POST" else None
        draft = getattr(form, "draft", None)
        candidates = [draft.submission_token if draft is not None else None, posted]
        token = next((value for value in candidates if tokens.form_claim(value)), None)
        grace_until = None
        if funding_round is not None and funding_round.closes_at < timezone.now():
            grace = datetime.timedelta(minutes=conf.deadline_grace_minutes())
            grace_until = funding_round.closes_at + grace
        return {
            "submission_token": token or tokens.issue_form_token(funding_round),
            "submission_token_field": tokens.FIELD_NAME,
            "upload_limits": upload_limits(),
            "grace_until": grace_until,
            "files_to_choose_again": files_to_choose_again(form),
        }

    #: HTTP status of the answer to each refusal (grants/intake.py, and "csrf" for a missing
    #: or wrong CSRF token).
    REFUSAL_STATUS = {
        "too_large": 413,
        "rate_limited": 429,
        "round_closed": 409,
        "spam": 400,
        "key_reused": 422,
        "csrf": 403,
    }

    def render_refused(self, request, outcome, step=None):
        """The answer to a refused submission: the form again with every typed value and a
        message why (and which files to choose again) — at the step with the files too large,
        else at `step` or the review. Only a body too large to be read (no values arrived) and
        spam get the refusal page instead."""
        reason = outcome.refusal.reason
        status = self.REFUSAL_STATUS[reason]
        form = outcome.form
        if form is None or reason == "spam":
            response = self.render_refusal(request, reason, status=status)
        else:
            if reason == "too_large":
                step = next(iter(form.steps_with_errors()), None)
            # The bound form shows what was sent, and any mistakes in it as well, so that
            # they can be corrected while waiting.
            response = self.render_form(
                request,
                form,
                outcome.funding_round,
                status=status,
                refusal=outcome.refusal,
                step=step or form.get_step(REVIEW),
            )
        if outcome.refusal.retry_after:
            response["Retry-After"] = str(outcome.refusal.retry_after)
        return response

    def serve_csrf_failure(self, request, reason):
        """A POST of the form whose CSRF check failed (typically a lost or expired cookie): the
        page it came from again, with every typed value and a new CSRF token, so that sending
        it again works. Nothing is stored: what is not in the draft yet goes back into the
        page. Called by the site's CSRF_FAILURE_VIEW (zib_wagtail.core.views) for requests from
        this site; None for the page's other routes."""
        from .. import tokens
        from ..intake import Outcome, Refusal, read, submission_round

        match = getattr(request, "routable_resolver_match", None)
        if request.method != "POST" or match is None or match.url_name != "form":
            return None
        unreadable = read(request, count=False)
        if unreadable is not None:
            return self.render_refused(request, unreadable)
        data = request.POST
        funding_round = submission_round(self, tokens.form_claim(data.get(tokens.FIELD_NAME)))
        form = self.get_draft_form(request, data, request.FILES, funding_round, store=False)
        refusal = Refusal("csrf" if funding_round else "round_closed")
        step = form.get_step(data.get(STEP_FIELD, REVIEW))
        try:
            return self.render_refused(request, Outcome(funding_round, form, refusal), step=step)
        finally:
            drafts.close(form.files)

    def render_refusal(self, request, reason, status):
        response = self.render(
            request,
            template="grants/grant_application_refused.html",
            context_overrides={
                "reason": reason,
                "max_request_size": conf.max_request_size(),
                "retry_minutes": max(1, conf.rate_limit()[1] // 60),
            },
        )
        response.status_code = status
        return response

    def render_landing_page(self, request, reference, status_url="", repeated=False):
        response = self.render(
            request,
            template="grants/grant_application_confirmation.html",
            context_overrides={
                "reference": reference,
                "status_url": status_url,
                "repeated": repeated,
            },
        )
        # It shows the secret status link: for this browser only.
        response["Cache-Control"] = "private, no-store"
        return response

    # --- Routes --------------------------------------------------------------------------------

    @path("", name="form")
    def application_form(self, request):
        funding_round = self.get_current_round()
        if request.method != "POST":
            form = self.get_form(funding_round=funding_round) if funding_round else None
            return self.render_form(request, form, funding_round)
        from ..intake import read

        unreadable = read(request)
        if unreadable is not None:
            return self.render_refused(request, unreadable)
        action = request.POST.get(ACTION_FIELD, SUBMIT)
        if action != SUBMIT:
            return self.serve_step(request, action)
        return self.serve_submission(request)

    def serve_submission(self, request):
        """Send the form: the intake with the draft's values and files and this POST's."""
        from .. import tokens
        from ..intake import take

        outcome = take(
            request,
            self,
            lambda r: tokens.form_claim(r.POST.get(tokens.FIELD_NAME)),
            form_of=self.form_of_post(request),
        )
        try:
            return self.answer_submission(request, outcome)
        finally:
            if outcome.form is not None:
                drafts.close(outcome.form.files)

    def answer_submission(self, request, outcome):
        if outcome.accepted:
            request.session[SESSION_KEY] = outcome.application.reference
            if getattr(outcome.application, "status_token", None):
                request.session[STATUS_TOKEN_SESSION_KEY] = outcome.application.status_token
            request.session.pop(REPEATED_SESSION_KEY, None)
            return redirect(self.get_url(request) + self.reverse_subpage("confirmation"))
        if outcome.repeated:
            # Sent again (double click, back and resubmit, a retry): the first one's answer.
            # The status link is known only to the browser that sent the first one (its
            # session keeps it) and to the confirmation mail. A draft this POST began or
            # named is done: its application exists.
            draft = getattr(outcome.form, "draft", None)
            if draft is not None and draft.pk is not None:
                draft.delete()
            reference = outcome.application.reference
            if request.session.get(SESSION_KEY) != reference:
                request.session[SESSION_KEY] = reference
                request.session.pop(STATUS_TOKEN_SESSION_KEY, None)
            request.session[REPEATED_SESSION_KEY] = True
            return redirect(self.get_url(request) + self.reverse_subpage("confirmation"))
        if outcome.invalid:
            form = outcome.form
            step = next(iter(form.steps_with_errors()), None) or form.get_step(REVIEW)
            return self.render_form(
                request, form, outcome.funding_round, step=step, status=form.step_status(step)
            )
        return self.render_refused(request, outcome)

    @path("bestaetigung/", name="confirmation")
    def confirmation(self, request):
        """Shows the reference number of this browser's last submission; submits nothing."""
        reference = request.session.get(SESSION_KEY)
        if not reference:
            return redirect(self.get_url(request))
        token = request.session.get(STATUS_TOKEN_SESSION_KEY)
        status_url = self.get_status_url(token, request) if token else ""
        repeated = request.session.pop(REPEATED_SESSION_KEY, False)
        return self.render_landing_page(request, reference, status_url, repeated=repeated)
