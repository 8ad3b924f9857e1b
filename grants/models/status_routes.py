"""The applicant's status page behind a secret link: routes of GrantApplicationPage.

    status/<token>/                 status, history, open query with the answer form (POST)
    status/<token>/kopie/           the submitted data as a printable receipt
    status/<token>/zurueckziehen/   „Antrag zurückziehen“: GET asks, POST (CSRF) withdraws

Every answer is `Cache-Control: private, no-store` (so the response cache and any proxy keep
no copy), `noindex`, and sends no Referer with the token to other sites. A wrong token is a
plain 404, whatever the reason; a client with too many wrong tokens gets 429 for every token
until its window ends (ZIB_GRANTS_STATUS_LINK_FAILURE_LIMIT), so links cannot be guessed.
"""

import functools

from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.contrib.routable_page.models import path

from .. import conf, ratelimit

RATE_LIMIT_SCOPE = "status-link"


def private(response):
    """Headers of every status page answer: nobody but this browser keeps or indexes it."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def status_route(view):
    """Open the route's token (404/429 as described above), call `view(self, request,
    application, token)` and mark its answer private."""

    @functools.wraps(view)
    def wrapper(self, request, token):
        from .. import status_links

        limit, window = conf.status_link_failure_limit()
        if ratelimit.exceeded(request, RATE_LIMIT_SCOPE, limit):
            context = {"retry_minutes": max(1, window // 60)}
            response = self.render_status(
                request, "grants/status/too_many_attempts.html", context, status=429
            )
            response["Retry-After"] = str(window)
            return response
        application = status_links.resolve(token)
        if application is None:
            ratelimit.count(request, RATE_LIMIT_SCOPE, window)
            raise Http404
        return private(view(self, request, application, token))

    return wrapper


class ApplicantStatusRoutes:
    """The status routes; mixed into GrantApplicationPage (before RoutablePageMixin)."""

    def get_status_url(self, token, request=None):
        return self.get_full_url(request) + self.reverse_subpage("status", args=[token])

    def get_status_context(self, application, token):
        from ..forms import euro

        conversation = list(application.messages.prefetch_related("attachments"))
        questions = [message for message in conversation if message.is_question]
        return {
            "application": application,
            "token": token,
            "history": application.status_changes.all(),
            "conversation": conversation,
            "open_question": questions[-1] if questions and application.awaits_answer else None,
            "granted_amount": euro(application.granted_amount)
            if application.granted_amount
            else "",
            "office": self.get_office_settings(),
        }

    def render_status(self, request, template, context, status=200):
        response = self.render(request, template=template, context_overrides=context)
        response.status_code = status
        return private(response)

    def redirect_to_status(self, request, token):
        return redirect(self.get_url(request) + self.reverse_subpage("status", args=[token]))

    @path("status/<str:token>/", name="status")
    @status_route
    def status_page(self, request, application, token):
        """The status with its history and, while a query is open, the answer form."""
        from ..applicant import NoOpenQuery, answer_query
        from ..forms import QueryAnswerForm
        from ..intake import declared_length

        form = None
        if application.awaits_answer:
            form = QueryAnswerForm()
        if request.method == "POST" and form is not None:
            if declared_length(request) > conf.max_request_size():
                return self.render_too_large(request, application, token)
            try:
                form = QueryAnswerForm(request.POST, request.FILES)
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                return self.render_too_large(request, application, token)
            if form.is_valid():
                try:
                    answer_query(
                        application,
                        text=form.cleaned_data["text"],
                        uploads=form.cleaned_data["attachments"],
                        mail_context={"office": self.get_office_settings(request)},
                    )
                except NoOpenQuery:
                    messages.info(request, _("Zu diesem Antrag ist keine Rückfrage mehr offen."))
                else:
                    messages.success(
                        request, _("Vielen Dank, Ihre Antwort ist bei uns eingegangen.")
                    )
                return self.redirect_to_status(request, token)
        elif request.method == "POST":
            return self.redirect_to_status(request, token)
        context = {**self.get_status_context(application, token), "form": form}
        return self.render_status(request, "grants/status/status.html", context)

    def render_too_large(self, request, application, token):
        context = {
            **self.get_status_context(application, token),
            "form": None,
            "too_large": conf.max_request_size(),
        }
        return self.render_status(request, "grants/status/status.html", context, status=413)

    @path("status/<str:token>/kopie/", name="receipt")
    @status_route
    def status_receipt(self, request, application, token):
        """What was submitted, to print or keep."""
        from ..receipt import receipt_sections

        context = {
            **self.get_status_context(application, token),
            "sections": receipt_sections(application),
            "attachments": application.attachments.all(),
        }
        return self.render_status(request, "grants/status/receipt.html", context)

    @path("status/<str:token>/zurueckziehen/", name="withdraw")
    @status_route
    def status_withdraw(self, request, application, token):
        """GET: ask; POST: withdraw (refused with 409 once the application is decided)."""
        from ..applicant import withdraw
        from ..forms import WithdrawalForm
        from ..workflow import TransitionNotAllowed

        def refused():
            application.refresh_from_db()
            context = {**self.get_status_context(application, token), "form": None}
            return self.render_status(request, "grants/status/withdraw.html", context, 409)

        if not application.can_be_withdrawn:
            return refused()
        form = WithdrawalForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                withdraw(
                    application,
                    reason=form.cleaned_data["reason"],
                    mail_context={"office": self.get_office_settings(request)},
                )
            except TransitionNotAllowed:  # decided meanwhile
                return refused()
            messages.success(request, _("Sie haben Ihren Antrag zurückgezogen."))
            return self.redirect_to_status(request, token)
        context = {**self.get_status_context(application, token), "form": form}
        return self.render_status(request, "grants/status/withdraw.html", context)
